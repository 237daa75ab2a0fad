// GET /api/v1/camera/preview.mjpg on the UI listener: the face step's preview as multipart/x-mixed-replace
// JPEGs, for at most two viewers, while the step lasts. A viewer that stops reading, or a camera that stops
// sending, ends its stream after 10 s. Outside the face step: 409 camera_preview_off; a third viewer: 409
// camera_preview_busy.
#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core/tcp_stream.hpp>

#include <cstdint>
#include <functional>
#include <list>
#include <memory>
#include <string>

#include "http/router.hpp"

namespace yici::api {

class CameraPreview {
  public:
    static constexpr int max_viewers = 2;

    // `on`: whether a face step is running now (the preview is shown only then).
    CameraPreview(boost::asio::any_io_executor executor, std::function<bool()> on);
    CameraPreview(const CameraPreview&) = delete;
    CameraPreview& operator=(const CameraPreview&) = delete;

    // The newest preview JPEG; null: the step ended, and every stream ends.
    void show(std::shared_ptr<const std::string> jpeg);
    boost::asio::awaitable<void> serve(boost::beast::tcp_stream& stream, const http::Request& request);
    void stop();

  private:
    boost::asio::any_io_executor executor_;
    std::function<bool()> on_;
    bool stopped_ = false;
    std::shared_ptr<const std::string> jpeg_;
    std::uint64_t seq_ = 0;
    std::list<std::shared_ptr<boost::asio::steady_timer>> waiters_;
    std::shared_ptr<int> viewers_ = std::make_shared<int>(0);
};

void addCameraRoutes(http::Router& router, CameraPreview& preview);

}  // namespace yici::api
