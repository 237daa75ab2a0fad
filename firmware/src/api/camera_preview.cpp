// The MJPEG stream: a part per new JPEG, woken when one comes; the screen sends nothing, so a read that ends
// means it has gone.
#include "api/camera_preview.hpp"

#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/http/write.hpp>

#include <fmt/format.h>

#include <array>
#include <chrono>

#include "api/errors.hpp"
#include "base/async.hpp"

namespace yici::api {
namespace {

namespace asio = boost::asio;
using namespace std::chrono_literals;

// A preview that cannot write a frame within this (a viewer that stopped reading), or that has had no new
// frame for this long (a camera that stopped), ends and frees its stream.
constexpr auto preview_write_timeout = 10s;
constexpr auto preview_idle_timeout = 10s;
constexpr std::string_view mjpeg_boundary = "yiciframe";

}  // namespace

CameraPreview::CameraPreview(asio::any_io_executor executor, std::function<bool()> on)
    : executor_(std::move(executor)), on_(std::move(on)) {}

void CameraPreview::show(std::shared_ptr<const std::string> jpeg) {
    jpeg_ = std::move(jpeg);
    ++seq_;
    for (auto& waiter : waiters_) waiter->cancel();
}

void CameraPreview::stop() {
    stopped_ = true;
    for (auto& waiter : waiters_) waiter->cancel();
}

void addCameraRoutes(http::Router& router, CameraPreview& preview) {
    router.addStream("/api/v1/camera/preview.mjpg",
                     [&preview](boost::beast::tcp_stream& stream, const http::Request& r) {
                         return preview.serve(stream, r);
                     });
}

asio::awaitable<void> CameraPreview::serve(boost::beast::tcp_stream& stream, const http::Request& request) {
    boost::system::error_code ec;
    stream.expires_after(preview_write_timeout);
    if (!on_() || *viewers_ >= max_viewers) {
        http::Response refused =
            errorResponse(request, on_() ? Errc::camera_preview_busy : Errc::camera_preview_off);
        refused.keep_alive(false);
        co_await http::beast_http::async_write(stream, refused,
                                               asio::redirect_error(asio::use_awaitable, ec));
        co_return;
    }
    const ScopedCount viewing(viewers_);
    const std::string head = fmt::format(
        "HTTP/{}.{} 200 OK\r\nContent-Type: multipart/x-mixed-replace; boundary={}\r\nCache-Control: "
        "no-store\r\n"
        "X-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\n",
        request.version() / 10, request.version() % 10, mjpeg_boundary);
    auto wake = std::make_shared<asio::steady_timer>(executor_);
    waiters_.push_back(wake);
    // The screen sends nothing more: a read that ends means it has gone (see http/event_stream.cpp).
    auto closed = std::make_shared<bool>(false);
    auto scratch = std::make_shared<std::array<char, 64>>();
    stream.socket().async_read_some(asio::buffer(*scratch),
                                    [closed, wake, scratch](boost::system::error_code, std::size_t) {
                                        *closed = true;
                                        wake->cancel();
                                    });
    co_await asio::async_write(stream, asio::buffer(head), asio::redirect_error(asio::use_awaitable, ec));
    std::uint64_t sent = 0;
    auto idle_at = std::chrono::steady_clock::now() + preview_idle_timeout;
    while (!ec && !*closed && !stopped_ && on_() && std::chrono::steady_clock::now() < idle_at) {
        if (jpeg_ && seq_ != sent) {
            sent = seq_;
            idle_at = std::chrono::steady_clock::now() + preview_idle_timeout;
            const std::shared_ptr<const std::string> jpeg = jpeg_;  // alive until written
            const std::string part =
                fmt::format("--{}\r\nContent-Type: image/jpeg\r\nContent-Length: {}\r\n\r\n", mjpeg_boundary,
                            jpeg->size());
            const std::array buffers{asio::buffer(part), asio::buffer(*jpeg), asio::buffer("\r\n", 2)};
            stream.expires_after(preview_write_timeout);
            co_await asio::async_write(stream, buffers, asio::redirect_error(asio::use_awaitable, ec));
            continue;
        }
        wake->expires_after(1s);
        boost::system::error_code wait_ec;
        co_await wake->async_wait(asio::redirect_error(asio::use_awaitable, wait_ec));
    }
    waiters_.remove(wake);
    if (!ec && !*closed) {
        const std::string end = fmt::format("--{}--\r\n", mjpeg_boundary);
        stream.expires_after(preview_write_timeout);
        co_await asio::async_write(stream, asio::buffer(end), asio::redirect_error(asio::use_awaitable, ec));
    }
}

}  // namespace yici::api
