// Integration-test harness implementation (blocking calls are fine here: this is the test, not yicid).
#include "harness.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http.hpp>

#include <fcntl.h>
#include <signal.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <fstream>
#include <iterator>
#include <random>
#include <set>
#include <stdexcept>
#include <thread>

namespace yici::itest {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
using asio::ip::tcp;

}  // namespace

std::int64_t monotonicNs() {
    timespec ts{};
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return static_cast<std::int64_t>(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
}

double percentile(std::vector<double> samples, double p) {
    if (samples.empty()) return 0;
    std::sort(samples.begin(), samples.end());
    const auto index = static_cast<std::size_t>(p * static_cast<double>(samples.size() - 1) + 0.5);
    return samples[std::min(index, samples.size() - 1)];
}

std::uint16_t freePort() {
    // The kernel may hand the same free port out twice in a row once it is closed again: never give one
    // port to two listeners of this process.
    static std::set<std::uint16_t> given;
    for (;;) {
        asio::io_context io;
        tcp::acceptor acceptor(io, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
        const std::uint16_t port = acceptor.local_endpoint().port();
        if (given.insert(port).second) return port;
    }
}

Process::Process(const std::vector<std::string>& argv, const std::filesystem::path& log,
                 const std::filesystem::path& input) {
    std::vector<char*> args;
    for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    pid_ = ::fork();
    if (pid_ == 0) {
        const int fd = ::open(log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
        ::dup2(fd, 1);
        ::dup2(fd, 2);
        if (!input.empty()) {
            const int in = ::open(input.c_str(), O_RDONLY);
            if (in < 0) ::_exit(126);
            ::dup2(in, 0);
        }
        ::execv(args[0], args.data());
        ::_exit(127);
    }
}

namespace {

// SIGKILL to `pid` and everything it started (a wrapper's child, e.g. the yicid that umockdev-run runs, would
// live on otherwise), children first so that none is re-parented on the way.
void killTree(pid_t pid) {
    std::ifstream children("/proc/" + std::to_string(pid) + "/task/" + std::to_string(pid) + "/children");
    for (pid_t child = 0; children >> child;) killTree(child);
    ::kill(pid, SIGKILL);
}

}  // namespace

Process::~Process() {
    if (running()) {
        killTree(pid_);
        wait();
    }
}

void Process::signal(int sig) {
    ::kill(pid_, sig);
}

bool Process::running() {
    if (status_ != -1) return false;
    int status = 0;
    if (::waitpid(pid_, &status, WNOHANG) == pid_) {
        status_ = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
        return false;
    }
    return true;
}

int Process::wait(std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (running()) {
        if (std::chrono::steady_clock::now() > deadline) return -1;
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return status_;
}

HttpResult httpRequest(std::uint16_t port, const std::string& method, const std::string& target,
                       const std::string& body, const std::map<std::string, std::string>& headers) {
    asio::io_context io;
    beast::tcp_stream stream(io);
    boost::system::error_code ec;
    stream.expires_after(std::chrono::seconds(15));
    stream.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port), ec);
    if (ec) return {};
    bhttp::request<bhttp::string_body> request(bhttp::string_to_verb(method), target, 11);
    request.set(bhttp::field::host, "127.0.0.1:" + std::to_string(port));
    if (!body.empty() || method == "POST") request.set(bhttp::field::content_type, "application/json");
    for (const auto& [k, v] : headers) request.set(k, v);
    request.body() = body;
    request.prepare_payload();
    bhttp::write(stream, request, ec);
    beast::flat_buffer buffer;
    bhttp::response<bhttp::string_body> response;
    if (!ec) bhttp::read(stream, buffer, response, ec);
    if (ec) return {};
    return {static_cast<int>(response.result_int()), response.body()};
}

std::string rawRequest(std::uint16_t port, const std::string& bytes) {
    asio::io_context io;
    tcp::socket socket(io);
    boost::system::error_code ec;
    socket.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port), ec);
    if (ec) return {};
    asio::write(socket, asio::buffer(bytes), ec);
    std::string reply;
    char chunk[4096];
    for (;;) {
        const std::size_t n = socket.read_some(asio::buffer(chunk), ec);
        if (ec) break;
        reply.append(chunk, n);
    }
    return reply;
}

// A test CA, a server certificate for localhost and 127.0.0.1 and a client certificate for the kiosk, made
// with the openssl command line in `dir`. `other` makes a second, unrelated CA.
void makeCertificates(const std::filesystem::path& dir) {
    std::filesystem::create_directories(dir);
    const std::string d = dir.string();
    const std::string script =
        "set -e; cd '" + d +
        "'; "
        "openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.pem -days 2 -subj "
        "/CN=yici-test-ca; "
        "openssl req -x509 -newkey rsa:2048 -nodes -keyout other.key -out other.pem -days 2 -subj "
        "/CN=other-ca; "
        "printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\\n' > server.ext; "
        "openssl req -newkey rsa:2048 -nodes -keyout server.key -out server.csr -subj /CN=localhost; "
        "openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial -out server.pem -days 2 "
        "-extfile server.ext; "
        "openssl req -newkey rsa:2048 -nodes -keyout kiosk.key -out kiosk.csr -subj /CN=itest-k01; "
        "openssl x509 -req -in kiosk.csr -CA ca.pem -CAkey ca.key -CAcreateserial -out kiosk.pem -days 2";
    itest::Process openssl({"/bin/sh", "-c", script}, dir / "openssl.log");
    if (openssl.wait(std::chrono::seconds(60)) != 0)
        throw std::runtime_error("openssl could not make the test certificates");
}

bool waitUntil(const std::function<bool()>& done, std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    for (;;) {
        if (done()) return true;
        if (std::chrono::steady_clock::now() >= deadline) return false;
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
}

bool waitForPort(std::uint16_t port, std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
        asio::io_context io;
        tcp::socket socket(io);
        boost::system::error_code ec;
        socket.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port), ec);
        if (!ec) return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return false;
}

struct EventStream::Connection {
    asio::io_context io;
    tcp::socket socket{io};
};

EventStream::EventStream(std::uint16_t port, const std::string& target)
    : connection_(std::make_unique<Connection>()) {
    connection_->socket.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port));
    asio::write(connection_->socket, asio::buffer("GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"));
    connection_->socket.non_blocking(true);
}

EventStream::~EventStream() = default;

bool EventStream::waitFor(const std::string& needle, std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    char chunk[4096];
    while (text_.find(needle) == std::string::npos) {
        boost::system::error_code ec;
        const std::size_t n = connection_->socket.read_some(asio::buffer(chunk), ec);
        if (!ec) {
            text_.append(chunk, n);
            continue;
        }
        if (ec != asio::error::would_block || std::chrono::steady_clock::now() > deadline) return false;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return true;
}

Bench::Bench() {
    std::random_device rd;
    dir = std::filesystem::temp_directory_path() / ("yici-itest-" + std::to_string(rd()));
    out_dir = dir / "printed";
    data_dir = dir / "data";
    board = dir / "board.toml";
    control = dir / "devsim.sock";
    reader_link = dir / "idreader";
    camera_dir = dir / "camera";
    std::filesystem::create_directories(dir);
    printer_port = freePort();
    ui_port = freePort();
    status_port = freePort();
    std::ofstream(board) << "[kiosk]\nid = \"itest-k01\"\ntimezone = \"Asia/Shanghai\"\nhall_catalog = \""
                         << itest::paths().source_dir << "/tests/data/always-open-hall.toml\"\n"
                         << "[ui]\nlisten = \"127.0.0.1:" << ui_port << "\"\n"
                         << "[status]\nlisten = \"127.0.0.1:" << status_port << "\"\n"
                         << "[privacy]\nkey_in_data_dir = true\n"
                         << "[id_reader]\ndriver = \"sam-serial\"\ndevice = \"" << reader_link.string()
                         << "\"\n"
                         << "[printer]\ndriver = \"escpos\"\nuri = \"tcp://127.0.0.1:" << printer_port
                         << "\"\n";
}

Bench::~Bench() {
    yicid.reset();
    devsim.reset();
    hall_sim.reset();
    if (std::getenv("YICI_KEEP_TEST_DIR") == nullptr) {
        std::error_code ec;
        std::filesystem::remove_all(dir, ec);
    }
}

void Bench::startDevsim() {
    devsim = std::make_unique<Process>(
        std::vector<std::string>{itest::paths().devsim, "--printer-port", std::to_string(printer_port),
                                 "--out", out_dir.string(), "--control", control.string(), "--reader-link",
                                 reader_link.string(), "--camera-dir", camera_dir.string()},
        dir / "devsim.log");
    if (!waitForPort(printer_port)) throw std::runtime_error("yici-devsim did not start");
    for (int i = 0; i < 500 && !std::filesystem::exists(reader_link); ++i) {  // the reader's pty comes up too
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
}

void Bench::startHallSim(const std::vector<std::string>& tls_args) {
    hall_port = freePort();
    hall_control_port = freePort();
    std::vector<std::string> argv{itest::paths().hall_sim,
                                  "--port",
                                  std::to_string(hall_port),
                                  "--control-port",
                                  std::to_string(hall_control_port),
                                  "--kiosk",
                                  "itest-k01",
                                  "--record",
                                  (dir / "hall-received.jsonl").string()};
    argv.insert(argv.end(), tls_args.begin(), tls_args.end());
    hall_sim = std::make_unique<Process>(argv, dir / "hall-sim.log");
    if (!waitForPort(hall_port) || !waitForPort(hall_control_port))
        throw std::runtime_error("yici-hall-sim did not start");
    if (tls_args.empty()) {
        std::ofstream(board, std::ios::app) << "[hall]\nurl = \"http://127.0.0.1:" << hall_port
                                            << "\"\ninsecure = true\noffline_prefix = \"K1\"\n";
    } else {
        std::ofstream(board, std::ios::app)
            << "[hall]\nurl = \"https://localhost:" << hall_port << "\"\noffline_prefix = \"K1\"\n";
    }
}

int Bench::hallMode(const std::string& mode) {
    return httpRequest(hall_control_port, "POST", "/mode", mode).status;
}

std::vector<std::string> Bench::hallReceived() const {
    std::vector<std::string> ids;
    std::ifstream in(dir / "hall-received.jsonl");
    std::string line;
    while (std::getline(in, line)) {
        const auto at = line.find("\"id\":\"");
        if (at == std::string::npos) continue;
        const auto start = at + 6;
        ids.push_back(line.substr(start, line.find('"', start) - start));
    }
    return ids;
}

void Bench::addBoardKey(const std::string& table, const std::string& line) {
    std::string text;
    {
        std::ifstream in(board);
        text.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    }
    const std::string header = "[" + table + "]\n";
    const auto at = text.find(header);
    if (at == std::string::npos) {
        text += "\n" + header + line + "\n";
    } else {
        text.insert(at + header.size(), line + "\n");
    }
    std::ofstream(board) << text;
}

void Bench::startYicid() {
    ++yicid_starts;
    std::vector<std::string> argv{itest::paths().yicid, "--board",     board.string(), "--data-dir",
                                  data_dir.string(),    "--log-level", "debug"};
    if (!yicid_env.empty()) {
        argv.insert(argv.begin(), yicid_env.begin(), yicid_env.end());
        argv.insert(argv.begin(), "/usr/bin/env");
    }
    argv.insert(argv.begin(), yicid_wrapper.begin(), yicid_wrapper.end());
    yicid = std::make_unique<Process>(argv, dir / "yicid.log");
    if (!waitForPort(ui_port) || !waitForPort(status_port)) throw std::runtime_error("yicid did not start");
    // Ready when the printer has been seen once: a ticket asked for before that is refused (503). Up to 10 s,
    // for a loaded 2-core machine running ASan builds two at a time (a TLS hall link starting beside it).
    for (int i = 0; i < 500; ++i) {
        if (health().body.find(R"("printer":{"health":"ok")") != std::string::npos) return;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
}

HttpResult Bench::health() {
    if (status_token.empty()) return httpRequest(status_port, "GET", "/health");
    return httpRequest(status_port, "GET", "/health", "", {{"Authorization", "Bearer " + status_token}});
}

void Bench::stopYicid(int sig) {
    yicid->signal(sig);
    yicid->wait();
}

int Bench::enableTechnician() {
    addBoardKey("ui", std::string("technician_pin_hash = \"") + technician_pin_hash + "\"");
    const auto number = dir / "staff-number";
    std::ofstream(number) << staff_card_number << "\n";
    Process p({itest::paths().yicictl, "staff-card", "add", "--staff", "S017", "--board", board.string(),
               "--data-dir", data_dir.string()},
              dir / "staff-card.log", number);
    return p.wait();
}

int Bench::ctl(const std::string& command) {
    std::vector<std::string> argv{itest::paths().devsim, "ctl", "--control", control.string()};
    std::size_t start = 0;
    while (start < command.size()) {
        const auto space = command.find(' ', start);
        argv.push_back(command.substr(start, space - start));
        if (space == std::string::npos) break;
        start = space + 1;
    }
    Process p(argv, dir / "ctl.log");
    return p.wait();
}

HttpResult Bench::postTicket(const std::string& service_id, const std::string& key) {
    return httpRequest(ui_port, "POST", "/api/v1/tickets", R"({"service_id":")" + service_id + R"("})",
                       {{"Idempotency-Key", key}});
}

std::vector<std::filesystem::path> Bench::printedTickets() const {
    std::vector<std::filesystem::path> out;
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator(out_dir, ec)) {
        const auto name = entry.path().filename().string();
        if (name.starts_with("ticket-") && !name.ends_with(".tmp.png")) out.push_back(entry.path());
    }
    std::sort(out.begin(), out.end());
    return out;
}

std::string readAll(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

std::vector<std::vector<std::string>> queryRows(const std::filesystem::path& file, const std::string& sql) {
    std::vector<std::vector<std::string>> rows;
    sqlite3* db = nullptr;
    if (sqlite3_open_v2(file.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
        sqlite3_close(db);
        return {{"open failed"}};
    }
    sqlite3_busy_timeout(db, 5000);
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr) == SQLITE_OK) {
        while (sqlite3_step(stmt) == SQLITE_ROW) {
            std::vector<std::string> row;
            for (int i = 0; i < sqlite3_column_count(stmt); ++i) {
                const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt, i));
                row.emplace_back(text == nullptr ? "" : text);
            }
            rows.push_back(std::move(row));
        }
    }
    sqlite3_finalize(stmt);
    sqlite3_close(db);
    return rows;
}

std::string queryValue(const std::filesystem::path& file, const std::string& sql) {
    const auto rows = queryRows(file, sql);
    return rows.empty() || rows.front().empty() ? "" : rows.front().front();
}

long statusKb(pid_t pid, const std::string& field) {
    std::ifstream in("/proc/" + std::to_string(pid) + "/status");
    std::string line;
    while (std::getline(in, line)) {
        if (line.rfind(field + ":", 0) == 0) {
            long kb = 0;
            const auto start = line.find_first_of("0123456789");
            std::from_chars(line.data() + start, line.data() + line.size(), kb);
            return kb;
        }
    }
    return -1;
}

}  // namespace yici::itest
