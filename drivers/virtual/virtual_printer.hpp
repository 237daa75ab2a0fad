// The virtual ESC/POS printer of yici-devsim: decodes what it is sent, answers status queries from its
// paper/cover/jam state, and renders every cut ticket to a PNG.
#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/thread_pool.hpp>

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "printer/escpos/decoder.hpp"
#include "virtual_presenter.hpp"

namespace yici::devsim {

enum class Paper { ok, near_end, out };

struct PrinterState {
    Paper paper = Paper::ok;
    std::optional<int> roll_rows;  // rows of paper left on the roll; the paper is out when they are used up
    bool cover_open = false;
    bool jam = false;
    bool offline = false;  // unplugged: no connections accepted, existing ones dropped
};

// What the presenter adds to the printer's status.
struct MouthState {
    bool ticket_in_mouth = false;
    bool jam = false;
};

// Reply bytes for DLE EOT n (n = 1..4), and the 6-byte presenter status for n = 20.
std::vector<std::uint8_t> statusReply(const PrinterState& state, std::uint8_t n, MouthState mouth = {});
// The reply byte for GS e 6 (the gs-e presenter's status).
std::uint8_t ejectorStatusReply(const PrinterState& state, MouthState mouth);
// The reply byte for GS r 1: bits 0-1 paper near end, bits 2-3 paper end.
std::uint8_t paperStatusReply(const PrinterState& state);

class VirtualPrinter {
  public:
    VirtualPrinter(boost::asio::any_io_executor executor, std::filesystem::path out_dir);
    ~VirtualPrinter();

    // Listens on 127.0.0.1:port (0 picks a free one); returns the bound port.
    std::uint16_t listen(std::uint16_t port);
    void close();

    PrinterState& state() { return state_; }
    VirtualPresenter& presenter() { return presenter_; }
    void setOffline(bool offline);
    int ticketsPrinted() const { return printed_; }

  private:
    struct Page;
    boost::asio::awaitable<void> acceptLoop();
    boost::asio::awaitable<void> serve(std::shared_ptr<boost::asio::ip::tcp::socket> socket);
    void handle(const escpos::Command& command, Page& page, std::vector<std::uint8_t>& reply);
    // Takes one row of paper for the page; false (and the job stops) when printing is blocked.
    bool takeRow(Page& page);
    void finishPage(Page& page, std::int64_t last_byte_ns, std::size_t bytes);
    MouthState mouth() const;

    boost::asio::any_io_executor executor_;
    std::filesystem::path out_dir_;
    boost::asio::ip::tcp::acceptor acceptor_;
    std::uint16_t port_ = 0;
    PrinterState state_;
    std::set<std::shared_ptr<boost::asio::ip::tcp::socket>> connections_;
    boost::asio::thread_pool png_writer_{1};
    VirtualPresenter presenter_;
    int printed_ = 0;
};

}  // namespace yici::devsim
