// Integration-test harness: start the real yici-devsim and yicid processes, talk HTTP to them, read
// what the virtual printer printed.
#pragma once

#include <sys/types.h>

#include <cstdlib>

#include <chrono>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace yici::itest {

// The programs under test, the test plug-in and the source tree.
struct Paths {
    std::string source_dir, yicid, yicictl, devsim, hall_sim, wlt_decoder;
};
const Paths& paths();

std::uint16_t freePort();

// CLOCK_MONOTONIC in nanoseconds: the clock yici-devsim stamps its logs with, so times compare across
// processes.
std::int64_t monotonicNs();
// The p-th percentile (0..1) of the samples.
double percentile(std::vector<double> samples, double p);

// A child process with stdout/stderr in files, stdin from `input` when given (else the test's own); killed
// (SIGKILL) if still running when destroyed.
class Process {
  public:
    Process(const std::vector<std::string>& argv, const std::filesystem::path& log,
            const std::filesystem::path& input = {});
    ~Process();
    Process(const Process&) = delete;
    Process& operator=(const Process&) = delete;

    void signal(int sig);
    // Waits for exit; returns the exit code (or 128 + signal), -1 on timeout.
    int wait(std::chrono::milliseconds timeout = std::chrono::seconds(10));
    bool running();
    pid_t pid() const { return pid_; }

  private:
    pid_t pid_ = -1;
    int status_ = -1;
};

struct HttpResult {
    int status = 0;  // 0: no answer
    std::string body;
};

HttpResult httpRequest(std::uint16_t port, const std::string& method, const std::string& target,
                       const std::string& body = "", const std::map<std::string, std::string>& headers = {});
// Sends raw bytes and returns whatever comes back (for hostile requests).
std::string rawRequest(std::uint16_t port, const std::string& bytes);

// An environment variable the processes started meanwhile inherit (RUNTIME_DIRECTORY as systemd sets it).
class ScopedEnv {
  public:
    ScopedEnv(const char* name, const std::string& value) : name_(name) { ::setenv(name, value.c_str(), 1); }
    ~ScopedEnv() { ::unsetenv(name_); }
    ScopedEnv(const ScopedEnv&) = delete;
    ScopedEnv& operator=(const ScopedEnv&) = delete;

  private:
    const char* name_;
};

// In `dir` (made if missing), with the openssl command line: ca.pem/ca.key (a test CA), server.pem/server.key
// (for localhost and 127.0.0.1), kiosk.pem/kiosk.key (a client certificate, CN itest-k01), and other.pem (an
// unrelated CA).
void makeCertificates(const std::filesystem::path& dir);

bool waitForPort(std::uint16_t port, std::chrono::milliseconds timeout = std::chrono::seconds(10));
// Asks `done` every 50 ms until it holds (true) or `timeout` passes (false): a condition awaited, not a
// sleep.
bool waitUntil(const std::function<bool()>& done,
               std::chrono::milliseconds timeout = std::chrono::seconds(10));

// A screen's GET /api/v1/events connection (or another endless response), read as the test asks.
class EventStream {
  public:
    explicit EventStream(std::uint16_t port, const std::string& target = "/api/v1/events");
    ~EventStream();
    EventStream(const EventStream&) = delete;
    EventStream& operator=(const EventStream&) = delete;
    // Reads until `needle` has arrived (true) or `timeout` passes (false).
    bool waitFor(const std::string& needle, std::chrono::milliseconds timeout = std::chrono::seconds(5));
    const std::string& text() const { return text_; }  // everything read so far, headers included

  private:
    struct Connection;
    std::unique_ptr<Connection> connection_;
    std::string text_;
};

// The virtual bench and the kiosk on free ports in a temporary directory.
class Bench {
  public:
    Bench();
    ~Bench();
    void startDevsim();
    // Starts yici-hall-sim and points the board's [hall] url at it: plain HTTP with insecure = true, or with
    // TLS arguments (--tls-cert …) https://localhost:PORT; the [hall] table is left last in the board, so a
    // test can append ca_file and the client certificate.
    void startHallSim(const std::vector<std::string>& tls_args = {});
    int hallMode(const std::string& mode);  // HTTP status of the control call
    // Event ids the hall double received, in arrival order, repeats included.
    std::vector<std::string> hallReceived() const;
    // Adds `line` at the top of the board's [table], or a new [table] at the end (before yicid starts).
    void addBoardKey(const std::string& table, const std::string& line);
    void startYicid();
    void stopYicid(int sig);              // sends sig and waits
    int ctl(const std::string& command);  // yici-devsim ctl …; returns the exit code
    // The technician screen on (technician_pin_hash of technician_pin), and devsim's test card `staff`
    // (number staff_card_number) registered with yicictl staff-card add, so that `card tap staff` opens the
    // login; before yicid starts. Returns yicictl's exit code.
    int enableTechnician();
    static constexpr const char* technician_pin = "246810";
    // yicictl pin-hash of 246810, as board-configs/sim.toml has it.
    static constexpr const char* technician_pin_hash =
        "$argon2id$v=19$m=65536,t=2,p=1$HH/Gi2/8Q3VZW5CuGVkniQ$zP4mLiA4t6mv7kxeEbvsQx54CyrLSS7pHBwcZOIaFwA";
    static constexpr const char* staff_card_number = "330324198203140311";

    HttpResult postTicket(const std::string& service_id, const std::string& key);
    // /health, with the bearer token when the board sets one.
    HttpResult health();
    std::vector<std::filesystem::path> printedTickets() const;  // the PNGs, in print order

    std::filesystem::path dir, out_dir, data_dir, board, control, reader_link;
    std::filesystem::path camera_dir;  // yici-devsim's camera: the glob camera_dir/current/*.png
    std::uint16_t printer_port = 0, ui_port = 0, status_port = 0;
    std::string status_token;  // set when the test gives the status listener a token
    std::uint16_t hall_port = 0, hall_control_port = 0;
    std::unique_ptr<Process> devsim, yicid, hall_sim;
    int yicid_starts = 0;
    std::vector<std::string> yicid_env;      // VAR=VALUE set for yicid by the next startYicid (libfaketime's)
    std::vector<std::string> yicid_wrapper;  // a command yicid runs under (umockdev-run -d FILE --)
};

// The whole file, as bytes; empty when it cannot be read.
std::string readAll(const std::filesystem::path& file);

// The rows of a read-only query on a database yicid may have open (WAL lets both read); {{"open failed"}}
// when it cannot be opened. queryValue: the first column of the first row, or "".
std::vector<std::vector<std::string>> queryRows(const std::filesystem::path& file, const std::string& sql);
std::string queryValue(const std::filesystem::path& file, const std::string& sql);

// A "VmRSS:   12345 kB" style line of /proc/PID/status, in kB; -1 without it.
long statusKb(pid_t pid, const std::string& field);

}  // namespace yici::itest
