// A real Prometheus (Debian's package) scrapes the kiosk's status listener with the bearer token, as the
// hall's monitoring does: the target is up and the kiosk's series are there; with a wrong token it is down.
#include <doctest/doctest.h>

#include <boost/json/parse.hpp>

#include <fstream>
#include <thread>

#include "harness.hpp"
#include "printed_ticket.hpp"

using namespace yici;
using itest::parseObject;

namespace {

const char* prometheusBinary() {
    for (const char* p : {"/usr/bin/prometheus", "/usr/local/bin/prometheus"})
        if (std::filesystem::exists(p)) return p;
    return nullptr;
}

// Starts Prometheus scraping the bench's status listener every second with `token`; returns its port.
std::uint16_t startPrometheus(itest::Bench& bench, const std::string& token,
                              std::unique_ptr<itest::Process>& process) {
    const auto dir = bench.dir / "prometheus";
    std::filesystem::create_directories(dir / "data");
    std::ofstream(dir / "token") << token;
    std::ofstream(dir / "prometheus.yml")
        << "global:\n  scrape_interval: 1s\n  scrape_timeout: 1s\n"
        << "scrape_configs:\n  - job_name: yici\n    scheme: https\n"
        << "    tls_config:\n      ca_file: " << (bench.dir / "certs" / "ca.pem").string() << "\n"
        << "    authorization:\n      type: Bearer\n"
        << "      credentials_file: " << (dir / "token").string() << "\n"
        << "    static_configs:\n      - targets: ['127.0.0.1:" << bench.status_port << "']\n";
    const std::uint16_t port = itest::freePort();
    process = std::make_unique<itest::Process>(
        std::vector<std::string>{prometheusBinary(), "--config.file=" + (dir / "prometheus.yml").string(),
                                 "--storage.tsdb.path=" + (dir / "data").string(),
                                 "--web.listen-address=127.0.0.1:" + std::to_string(port)},
        dir / "prometheus.log");
    REQUIRE(itest::waitForPort(port, std::chrono::seconds(20)));
    return port;
}

// The scrape target's health as Prometheus reports it ("up", "down", "unknown"), waiting for a verdict.
std::string targetHealth(std::uint16_t port) {
    std::string health = "unknown";
    for (int i = 0; i < 100 && health == "unknown"; ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
        const auto reply = itest::httpRequest(port, "GET", "/api/v1/targets");
        if (reply.status != 200) continue;
        const auto body = parseObject(reply.body);
        const auto& active = body.at("data").at("activeTargets").as_array();
        if (!active.empty()) health = std::string(active[0].at("health").as_string());
    }
    return health;
}

// Off loopback the status listener speaks HTTPS: a test CA's certificate for 127.0.0.1, which Prometheus
// checks.
void listenOffLoopback(itest::Bench& bench, const std::string& token) {
    itest::makeCertificates(bench.dir / "certs");
    std::ifstream in(bench.board);
    std::string board((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const std::string loopback = "listen = \"127.0.0.1:" + std::to_string(bench.status_port) + "\"";
    board.replace(board.find(loopback), loopback.size(),
                  "listen = \"0.0.0.0:" + std::to_string(bench.status_port) +
                      "\"\ntoken_file = \"status.token\"\n" +
                      "cert_file = \"certs/server.pem\"\nkey_file = \"certs/server.key\"");
    std::ofstream(bench.board) << board;
    std::ofstream(bench.dir / "status.token") << token << "\n";
    bench.status_token = token;
}

}  // namespace

TEST_CASE(
    "Prometheus scrapes /metrics over HTTPS with the bearer token: target up, yici_tickets_issued_total "
    "there") {
    if (prometheusBinary() == nullptr) {
        MESSAGE("prometheus is not installed (tools/setup installs it): skipped");
        return;
    }
    itest::Bench bench;
    listenOffLoopback(bench, "prometheus-scrape-token-0123456789");
    bench.startDevsim();
    bench.startYicid();
    REQUIRE(bench.postTicket("commercial", "p-1").status == 201);
    std::unique_ptr<itest::Process> prometheus;
    const auto port = startPrometheus(bench, bench.status_token, prometheus);
    CHECK(targetHealth(port) == "up");
    std::string value;
    for (int i = 0; i < 50 && value.empty(); ++i) {
        const auto reply = itest::httpRequest(port, "GET", "/api/v1/query?query=yici_tickets_issued_total");
        const auto body = parseObject(reply.body);
        const auto& result = body.at("data").at("result").as_array();
        for (const auto& series : result) {
            if (series.at("metric").at("category") == "commercial")
                value = std::string(series.at("value").as_array().at(1).as_string());
        }
        if (value.empty()) std::this_thread::sleep_for(std::chrono::milliseconds(200));
    }
    CHECK(value == "1");
}

TEST_CASE("with a wrong token Prometheus reports the kiosk down") {
    if (prometheusBinary() == nullptr) return;
    itest::Bench bench;
    listenOffLoopback(bench, "the-right-token-0123456789");
    bench.startDevsim();
    bench.startYicid();
    std::unique_ptr<itest::Process> prometheus;
    const auto port = startPrometheus(bench, "a-wrong-token-0123456789", prometheus);
    CHECK(targetHealth(port) == "down");
}
