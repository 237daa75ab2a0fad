// The virtual SAM ID-card reader of yici-devsim: speaks the SAM protocol on a pseudo-terminal, paced at
// the configured baud rate, with test cards that are tapped and removed by control commands.
#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>

#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include "idcard/sam/codec.hpp"

namespace yici::devsim {

class VirtualIdReader {
  public:
    // `link`: a symlink kept pointing at the pty's device, so a board config can name a fixed path.
    // `timing_log`: one JSON line per card read reply with the CLOCK_MONOTONIC time of its last byte.
    VirtualIdReader(boost::asio::any_io_executor executor, std::filesystem::path link, int baud,
                    std::filesystem::path timing_log);
    ~VirtualIdReader();

    void plug();    // a new pseudo-terminal, the link pointed at it
    void unplug();  // the device vanishes: the pty is closed and the link removed
    bool plugged() const { return device_ != nullptr; }
    std::string devicePath() const { return slave_path_; }

    bool tap(const std::string& card_name);
    void remove() { card_.reset(); }
    void setNoise(bool on) { noise_ = on; }
    void setSlowMs(int ms) { slow_ms_ = ms; }
    // Answers the next finds with an unknown status word and then with a frame meant for another command.
    void confuse() { confused_ = 2; }
    // Puts a "no card" reply on the line that nobody asked for, as a reply the last host never read.
    void sendStale();
    std::string status() const;

  private:
    boost::asio::awaitable<void> serve(std::shared_ptr<boost::asio::posix::stream_descriptor> device);
    sam::Bytes answer(std::uint16_t command);

    boost::asio::any_io_executor executor_;
    std::filesystem::path link_;
    std::filesystem::path timing_log_;
    int baud_;
    std::shared_ptr<boost::asio::posix::stream_descriptor> device_;
    int slave_fd_ = -1;
    std::string slave_path_;
    std::optional<std::string> card_;  // the test card on the reader
    bool noise_ = false;
    int slow_ms_ = 0;
    int confused_ = 0;
    unsigned noise_seed_ = 1;
};

}  // namespace yici::devsim
