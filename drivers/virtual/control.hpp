// yici-devsim's control socket: one line in ("paper out"), one line out ("ok" or "error: …").
#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/local/stream_protocol.hpp>

#include <filesystem>
#include <string>
#include <string_view>

#include "virtual_camera.hpp"
#include "virtual_id_reader.hpp"
#include "virtual_printer.hpp"

namespace yici::devsim {

// The virtual devices the control socket drives.
struct Devices {
    VirtualPrinter& printer;
    VirtualIdReader& reader;
    VirtualCamera& camera;
};

// Applies one printer, card or reader command to the bench; returns the reply line. Camera commands take
// time and go through VirtualCamera::command.
std::string runCommand(Devices& devices, std::string_view line);

class ControlServer {
  public:
    ControlServer(boost::asio::any_io_executor executor, std::filesystem::path path, Devices devices);
    ~ControlServer();

  private:
    boost::asio::awaitable<void> acceptLoop();
    boost::asio::awaitable<void> serve(boost::asio::local::stream_protocol::socket socket);

    boost::asio::any_io_executor executor_;
    std::filesystem::path path_;
    Devices devices_;
    boost::asio::local::stream_protocol::acceptor acceptor_;
};

// The client side, for `yici-devsim ctl …`: sends the line, prints the reply; exit code 0 on "ok".
int sendCommand(const std::filesystem::path& path, const std::string& line);

std::filesystem::path defaultControlPath();

}  // namespace yici::devsim
