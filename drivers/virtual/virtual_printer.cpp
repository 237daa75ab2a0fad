// Virtual ESC/POS printer on loopback TCP.
#include "virtual_printer.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>

#include <fmt/format.h>
#include <qrencode.h>
#include <opencv2/imgcodecs.hpp>

#include <charconv>
#include <cstdio>
#include <ctime>
#include <fstream>

namespace yici::devsim {
namespace {

namespace asio = boost::asio;
using asio::ip::tcp;

std::int64_t monotonicNs() {
    timespec ts{};
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return static_cast<std::int64_t>(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
}

}  // namespace

// The ticket being printed: rows of grey pixels (0 black, 255 white) as wide as the widest band.
struct VirtualPrinter::Page {
    static constexpr std::size_t max_rows = 20000;  // 2.5 m of paper: more is a runaway job, not a ticket
    int width = 0;
    std::vector<std::vector<std::uint8_t>> rows;
    std::uint8_t qr_module = 3;
    std::string qr_data;
    std::int64_t first_byte_ns = 0;  // when the job's ESC @ arrived
    // Printing was blocked in the middle of the job: like a real printer, it stops there, so neither the cut
    // nor a GS r after it is carried out. The next job (ESC @) drops what was left of this one.
    bool stopped = false;
    bool empty() const { return rows.empty() || width == 0; }
    void addRow(std::vector<std::uint8_t> row) {
        if (rows.size() >= max_rows) return;
        width = std::max(width, static_cast<int>(row.size()));
        rows.push_back(std::move(row));
    }
};

std::vector<std::uint8_t> statusReply(const PrinterState& s, std::uint8_t n, MouthState mouth) {
    const bool out = s.paper == Paper::out;
    switch (n) {
        case 1:
            return {static_cast<std::uint8_t>(0x12 | ((out || s.cover_open || s.jam) ? 0x08 : 0))};
        case 2:
            return {static_cast<std::uint8_t>(0x12 | (s.cover_open ? 0x04 : 0) | (out ? 0x20 : 0) |
                                              (s.jam ? 0x40 : 0))};
        case 3:
            return {static_cast<std::uint8_t>(0x12 | (s.jam ? 0x08 : 0))};
        case 4:
            return {
                static_cast<std::uint8_t>(0x12 | (s.paper == Paper::near_end ? 0x0C : 0) | (out ? 0x60 : 0))};
        case 20: {  // Custom presenter printers: 10 0F P U R E
            const auto p =
                static_cast<std::uint8_t>((out ? 0x01 : 0) | (s.paper == Paper::near_end ? 0x04 : 0) |
                                          (mouth.ticket_in_mouth ? 0x20 : 0));
            return {0x10,
                    0x0F,
                    p,
                    static_cast<std::uint8_t>(s.cover_open ? 0x03 : 0),
                    static_cast<std::uint8_t>((s.jam || mouth.jam) ? 0x40 : 0),
                    0x00};
        }
        default:
            return {};
    }
}

std::uint8_t ejectorStatusReply(const PrinterState& s, MouthState mouth) {
    return static_cast<std::uint8_t>((s.paper == Paper::near_end ? 0x01 : 0) |
                                     (s.paper != Paper::out ? 0x04 : 0) | (mouth.ticket_in_mouth ? 0x08 : 0) |
                                     (mouth.jam ? 0x80 : 0));
}

std::uint8_t paperStatusReply(const PrinterState& s) {
    return static_cast<std::uint8_t>((s.paper == Paper::near_end ? 0x03 : 0) |
                                     (s.paper == Paper::out ? 0x0C : 0));
}

VirtualPrinter::VirtualPrinter(asio::any_io_executor executor, std::filesystem::path out_dir)
    : executor_(executor),
      out_dir_(std::move(out_dir)),
      acceptor_(executor),
      presenter_(executor, out_dir_, png_writer_) {
    std::filesystem::create_directories(out_dir_);
    // Continue the numbering of an earlier run in the same folder (retracted tickets included): printed
    // tickets are never overwritten.
    for (const auto& dir : {out_dir_, out_dir_ / "retracted"}) {
        std::error_code ec;
        for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
            const std::string name = entry.path().filename().string();
            int seq = 0;
            if (name.starts_with("ticket-") && name.ends_with(".png") && !name.ends_with(".tmp.png") &&
                std::from_chars(name.data() + 7, name.data() + name.size(), seq).ec == std::errc{}) {
                printed_ = std::max(printed_, seq);
            }
        }
    }
}

VirtualPrinter::~VirtualPrinter() {
    png_writer_.join();
}

std::uint16_t VirtualPrinter::listen(std::uint16_t port) {
    const tcp::endpoint endpoint(asio::ip::make_address("127.0.0.1"), port);
    acceptor_.open(endpoint.protocol());
    acceptor_.set_option(asio::socket_base::reuse_address(true));
    acceptor_.bind(endpoint);
    acceptor_.listen();
    port_ = acceptor_.local_endpoint().port();
    asio::co_spawn(executor_, acceptLoop(), asio::detached);
    return port_;
}

void VirtualPrinter::close() {
    boost::system::error_code ec;
    acceptor_.close(ec);
    for (const auto& socket : connections_) socket->close(ec);
    connections_.clear();
}

void VirtualPrinter::setOffline(bool offline) {
    if (offline == state_.offline) return;
    state_.offline = offline;
    if (offline) {
        close();
    } else {
        listen(port_);
    }
}

asio::awaitable<void> VirtualPrinter::acceptLoop() {
    while (acceptor_.is_open()) {
        boost::system::error_code ec;
        auto socket = std::make_shared<tcp::socket>(
            co_await acceptor_.async_accept(asio::redirect_error(asio::use_awaitable, ec)));
        if (ec) break;
        connections_.insert(socket);
        asio::co_spawn(executor_, serve(socket), asio::detached);
    }
}

asio::awaitable<void> VirtualPrinter::serve(std::shared_ptr<tcp::socket> socket) {
    escpos::Decoder decoder;
    Page page;
    std::vector<std::uint8_t> buffer(64 * 1024);
    std::size_t job_bytes = 0;
    for (;;) {
        boost::system::error_code ec;
        const std::size_t n = co_await socket->async_read_some(asio::buffer(buffer),
                                                               asio::redirect_error(asio::use_awaitable, ec));
        if (ec) break;
        const std::int64_t arrived = monotonicNs();
        job_bytes += n;
        std::vector<std::uint8_t> reply;
        for (const auto& command : decoder.feed(std::span<const std::uint8_t>(buffer.data(), n))) {
            if (command.kind == escpos::Command::Kind::cut) {
                if (page.stopped) continue;
                finishPage(page, arrived, job_bytes);
                job_bytes = 0;
                page = Page{};
                continue;
            }
            handle(command, page, reply);
            if (command.kind == escpos::Command::Kind::init) page.first_byte_ns = arrived;
        }
        if (!reply.empty()) {
            co_await asio::async_write(*socket, asio::buffer(reply),
                                       asio::redirect_error(asio::use_awaitable, ec));
            if (ec) break;
        }
    }
    connections_.erase(socket);
}

bool VirtualPrinter::takeRow(Page& page) {
    PrinterState& s = state_;
    if (page.stopped || s.paper == Paper::out || s.cover_open || s.jam) {
        page.stopped = true;
        return false;
    }
    if (s.roll_rows) {
        if (--*s.roll_rows <= 0) {  // the sensor sees the end of the roll right after its last row
            s.roll_rows.reset();
            s.paper = Paper::out;
        }
    }
    return true;
}

void VirtualPrinter::handle(const escpos::Command& command, Page& page, std::vector<std::uint8_t>& reply) {
    using Kind = escpos::Command::Kind;
    switch (command.kind) {
        case Kind::status_request: {
            const auto bytes = statusReply(state_, command.arg, mouth());
            reply.insert(reply.end(), bytes.begin(), bytes.end());
            break;
        }
        case Kind::presenter_status:
            reply.push_back(ejectorStatusReply(state_, mouth()));
            break;
        case Kind::present:
            presenter_.present(command.present);
            break;
        case Kind::retract:
            presenter_.retract();
            break;
        case Kind::eject:
            presenter_.eject();
            break;
        case Kind::paper_status_request:
            if (!page.stopped) reply.push_back(paperStatusReply(state_));
            break;
        case Kind::init:
            page = Page{};
            break;
        case Kind::raster:
            for (int y = 0; y < command.raster.height && takeRow(page); ++y) {
                std::vector<std::uint8_t> row(static_cast<std::size_t>(command.raster.width), 255);
                for (int x = 0; x < command.raster.width; ++x) {
                    if (command.raster.dot(x, y)) row[static_cast<std::size_t>(x)] = 0;
                }
                page.addRow(std::move(row));
            }
            break;
        case Kind::qr_module_size:
            page.qr_module = std::clamp<std::uint8_t>(command.arg, 1, 16);
            break;  // ESC/POS allows 1-16
        case Kind::qr_store:
            page.qr_data = command.data;
            break;
        case Kind::qr_print: {
            if (page.qr_data.empty()) break;
            QRcode* qr = QRcode_encodeString(page.qr_data.c_str(), 0, QR_ECLEVEL_M, QR_MODE_8, 1);
            if (qr == nullptr) break;
            const int m = page.qr_module;
            for (int y = 0; y < (qr->width + 8) * m && takeRow(page); ++y) {
                std::vector<std::uint8_t> row(static_cast<std::size_t>((qr->width + 8) * m), 255);
                for (int x = 0; x < (qr->width + 8) * m; ++x) {
                    const int qx = x / m - 4, qy = y / m - 4;
                    if (qx >= 0 && qy >= 0 && qx < qr->width && qy < qr->width &&
                        (qr->data[qy * qr->width + qx] & 1)) {
                        row[static_cast<std::size_t>(x)] = 0;
                    }
                }
                page.addRow(std::move(row));
            }
            QRcode_free(qr);
            break;
        }
        case Kind::feed:
            for (int i = 0; i < command.arg * 24 && takeRow(page); ++i) page.addRow({});
            break;
        default:
            break;
    }
}

MouthState VirtualPrinter::mouth() const {
    return {presenter_.ticketInMouth(), presenter_.jammed};
}

void VirtualPrinter::finishPage(Page& page, std::int64_t last_byte_ns, std::size_t bytes) {
    if (page.empty()) {
        presenter_.cut(0);
        return;
    }
    const int seq = ++printed_;
    presenter_.cut(seq);
    const std::string name = fmt::format("ticket-{:04}.png", seq);
    cv::Mat image(static_cast<int>(page.rows.size()), page.width, CV_8UC1, cv::Scalar(255));
    for (std::size_t y = 0; y < page.rows.size(); ++y) {
        std::copy(page.rows[y].begin(), page.rows[y].end(), image.ptr<std::uint8_t>(static_cast<int>(y)));
    }
    const std::string line =
        fmt::format(R"({{"seq":{},"file":"{}","bytes":{},"width":{},"height":{},"first_byte_ns":{},)"
                    R"("last_byte_ns":{}}})",
                    seq, name, bytes, page.width, page.rows.size(), page.first_byte_ns, last_byte_ns);
    // Encode off the I/O thread so the printer answers its next status query at once.
    asio::post(png_writer_, [dir = out_dir_, name, image, line] {
        try {
            cv::imwrite((dir / (name + ".tmp.png")).string(), image);
            std::filesystem::rename(dir / (name + ".tmp.png"), dir / name);  // readers never see half a PNG
            std::ofstream(dir / "jobs.jsonl", std::ios::app) << line << '\n';
        } catch (const std::exception& e) {  // a full disk must not take the bench down
            std::fprintf(stderr, "yici-devsim: cannot write %s: %s\n", name.c_str(), e.what());
        }
    });
}

}  // namespace yici::devsim
