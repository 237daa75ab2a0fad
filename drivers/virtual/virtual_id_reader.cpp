// Virtual SAM reader on a pty: parses host frames, answers like a real reader, paces bytes at the baud rate.
#include "virtual_id_reader.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>

#include <fcntl.h>
#include <pty.h>
#include <termios.h>
#include <unistd.h>

#include <fmt/format.h>
#include <algorithm>
#include <ctime>
#include <fstream>

#include "test_cards.hpp"

namespace yici::devsim {
namespace {

namespace asio = boost::asio;
using namespace std::chrono_literals;

// Host frames: AA AA AA 96 69 | LEN | CMD PARA DATA | CHK. Returns CMD<<8|PARA, or 0xFFFF for a frame with
// a bad checksum; nullopt when more bytes are needed. Garbage before a preamble is dropped.
std::optional<std::uint16_t> nextRequest(sam::Bytes& buffer) {
    auto start =
        std::search(buffer.begin(), buffer.end(), std::begin(sam::preamble), std::end(sam::preamble));
    buffer.erase(buffer.begin(), start);
    if (buffer.size() < 7) return std::nullopt;
    const std::size_t length = static_cast<std::size_t>((buffer[5] << 8) | buffer[6]);
    if (length < 3 || length > 64) {
        buffer.erase(buffer.begin());
        return std::nullopt;
    }
    if (buffer.size() < 7 + length) return std::nullopt;
    const std::span<const std::uint8_t> body(buffer.data() + 5, 2 + length - 1);
    const bool good = sam::checksum(body) == buffer[7 + length - 1];
    const auto command = static_cast<std::uint16_t>((buffer[7] << 8) | buffer[8]);
    buffer.erase(buffer.begin(), buffer.begin() + static_cast<std::ptrdiff_t>(7 + length));
    return good ? command : std::uint16_t{0xFFFF};
}

}  // namespace

VirtualIdReader::VirtualIdReader(asio::any_io_executor executor, std::filesystem::path link, int baud,
                                 std::filesystem::path timing_log)
    : executor_(executor), link_(std::move(link)), timing_log_(std::move(timing_log)), baud_(baud) {
    plug();
}

VirtualIdReader::~VirtualIdReader() {
    unplug();
}

void VirtualIdReader::plug() {
    if (device_) return;
    int master = -1;
    char name[128] = {};
    if (::openpty(&master, &slave_fd_, name, nullptr, nullptr) != 0)
        throw std::runtime_error("openpty failed");
    termios raw{};
    ::tcgetattr(slave_fd_, &raw);
    ::cfmakeraw(&raw);
    ::tcsetattr(slave_fd_, TCSANOW, &raw);
    slave_path_ = name;
    device_ = std::make_shared<asio::posix::stream_descriptor>(executor_, master);
    std::error_code ec;
    std::filesystem::create_directories(link_.parent_path(), ec);
    std::filesystem::remove(link_, ec);
    std::filesystem::create_symlink(slave_path_, link_, ec);
    asio::co_spawn(executor_, serve(device_), asio::detached);
}

void VirtualIdReader::unplug() {
    if (!device_) return;
    boost::system::error_code ignored;
    device_->close(ignored);
    device_.reset();
    ::close(slave_fd_);  // with both sides gone the device node disappears, as an unplugged USB adapter does
    slave_fd_ = -1;
    std::error_code ec;
    std::filesystem::remove(link_, ec);
}

bool VirtualIdReader::tap(const std::string& card_name) {
    if (findTestCard(card_name) == nullptr) return false;
    card_ = card_name;
    return true;
}

void VirtualIdReader::sendStale() {
    if (!device_) return;
    auto frame = std::make_shared<sam::Bytes>(sam::replyFrame(sam::sw3::no_card));
    asio::async_write(*device_, asio::buffer(*frame), [frame](boost::system::error_code, std::size_t) {});
}

std::string VirtualIdReader::status() const {
    return fmt::format("reader {} card={} noise={} slow_ms={} device={}", device_ ? "plugged" : "unplugged",
                       card_.value_or("none"), noise_, slow_ms_, device_ ? slave_path_ : "-");
}

sam::Bytes VirtualIdReader::answer(std::uint16_t command) {
    const TestCard* card = card_ ? findTestCard(*card_) : nullptr;
    if (command == 0x2001 && confused_ > 0) {
        --confused_;
        return confused_ == 1 ? sam::replyFrame(0x55)
                              : sam::replyFrame(sam::sw3::success, sam::Bytes(300, 0x20));
    }
    switch (command) {
        case 0xFFFF:
            return sam::replyFrame(0x10);  // checksum error
        case 0x10FF:
        case 0x01FF:
        case 0x11FF:
            return sam::replyFrame(sam::sw3::success);
        case 0x12FF:
            return sam::replyFrame(sam::sw3::success, sam::Bytes(16, 0x42));
        case 0x2001:
            return card ? sam::replyFrame(sam::sw3::card_found, sam::Bytes(4, 0))
                        : sam::replyFrame(sam::sw3::no_card);
        case 0x2002:
            return card ? sam::replyFrame(sam::sw3::success, sam::Bytes(8, 0))
                        : sam::replyFrame(sam::sw3::select_failed);
        case 0x3001:
        case 0x3010:
            return card ? sam::replyFrame(sam::sw3::success, sam::readData(card->card, command == 0x3010))
                        : sam::replyFrame(0x41);  // read failed
        default:
            return sam::replyFrame(0x21);  // command error
    }
}

asio::awaitable<void> VirtualIdReader::serve(std::shared_ptr<asio::posix::stream_descriptor> device) {
    sam::Bytes buffer;
    std::uint8_t chunk[512];
    asio::steady_timer pace(executor_);
    for (;;) {
        boost::system::error_code ec;
        const std::size_t n = co_await device->async_read_some(asio::buffer(chunk),
                                                               asio::redirect_error(asio::use_awaitable, ec));
        if (ec) break;
        buffer.insert(buffer.end(), chunk, chunk + n);
        while (auto command = nextRequest(buffer)) {
            sam::Bytes reply = answer(*command);
            if (noise_) {  // garbage before the frame, as a noisy line or a confused reader sends
                noise_seed_ = noise_seed_ * 1103515245u + 12345u;
                sam::Bytes junk(1 + (noise_seed_ >> 16) % 24);
                for (auto& b : junk)
                    b = static_cast<std::uint8_t>((noise_seed_ = noise_seed_ * 1103515245u + 12345u) >> 16);
                reply.insert(reply.begin(), junk.begin(), junk.end());
            }
            if (slow_ms_ > 0) {
                pace.expires_after(std::chrono::milliseconds(slow_ms_));
                co_await pace.async_wait(asio::redirect_error(asio::use_awaitable, ec));
            }
            // 10 bits a byte on the wire (8N1): send in 64-byte slices at the baud rate.
            for (std::size_t at = 0; at < reply.size(); at += 64) {
                const std::size_t len = std::min<std::size_t>(64, reply.size() - at);
                pace.expires_after(
                    std::chrono::microseconds(len * 10'000'000 / static_cast<std::size_t>(baud_)));
                co_await pace.async_wait(asio::redirect_error(asio::use_awaitable, ec));
                co_await asio::async_write(*device, asio::buffer(reply.data() + at, len),
                                           asio::redirect_error(asio::use_awaitable, ec));
                if (ec) co_return;
            }
            if ((*command == 0x3001 || *command == 0x3010) && !timing_log_.empty()) {
                timespec now{};
                ::clock_gettime(CLOCK_MONOTONIC, &now);
                std::ofstream(timing_log_, std::ios::app)
                    << fmt::format(R"({{"command":"{:04x}","bytes":{},"last_byte_ns":{}}})", *command,
                                   reply.size(),
                                   static_cast<std::int64_t>(now.tv_sec) * 1'000'000'000 + now.tv_nsec)
                    << '\n';
            }
        }
    }
}

}  // namespace yici::devsim
