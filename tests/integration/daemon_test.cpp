// yicid as a technician and the hall server meet it: bad configs, hostile requests, clean stops, metrics.
#include <doctest/doctest.h>

#include <signal.h>
#include <sys/stat.h>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>

#include <fmt/format.h>

#include <fstream>
#include <iterator>
#include <regex>
#include <thread>

#include "harness.hpp"

using namespace yici;

namespace {

// `text` with every `from` replaced by `to`.
std::string replacedAll(std::string text, const std::string& from, const std::string& to) {
    for (auto at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size()))
        text.replace(at, from.size(), to);
    return text;
}

}  // namespace

TEST_CASE("a bad board config stops yicid with one line naming file, line and key; yicictl says the same") {
    itest::Bench bench;
    std::ofstream(bench.board, std::ios::app) << "colour = \"red\"\n";
    itest::Process yicid(
        {itest::paths().yicid, "--board", bench.board.string(), "--data-dir", bench.data_dir.string()},
        bench.dir / "bad.log");
    CHECK(yicid.wait() == 2);
    std::ifstream log(bench.dir / "bad.log");
    std::string line;
    std::getline(log, line);
    CHECK(line == "yicid: " + bench.board.string() + ":17: printer.colour: unknown key");

    itest::Process check({itest::paths().yicictl, "config", "check", bench.board.string()},
                         bench.dir / "check.log");
    CHECK(check.wait() == 1);
    std::ifstream check_log(bench.dir / "check.log");
    std::getline(check_log, line);
    CHECK(line == bench.board.string() + ":17: printer.colour: unknown key");
}

TEST_CASE("yicid --version prints its version and starts nothing") {
    itest::Bench bench;
    itest::Process version({itest::paths().yicid, "--version"}, bench.dir / "version.log");
    CHECK(version.wait() == 0);
    std::ifstream log(bench.dir / "version.log");
    std::string line;
    std::getline(log, line);
    CHECK(std::regex_match(line, std::regex(R"(yicid \d+\.\d+\.\d+)")));
    CHECK_FALSE(std::filesystem::exists(bench.data_dir / "yici.db"));
}

TEST_CASE("yicictl config check accepts the shipped board configs") {
    for (const char* board : {"sim.toml", "rk3568-kiosk.toml", "rpi4-kiosk.toml", "x86-minipc.toml"}) {
        itest::Bench bench;
        const auto path = std::filesystem::path(itest::paths().source_dir) / "board-configs" / board;
        itest::Process check({itest::paths().yicictl, "config", "check", path.string()},
                             bench.dir / "check.log");
        CHECK_MESSAGE(check.wait() == 0, board);
    }
}

TEST_CASE("hostile HTTP gets a clear 4xx and the kiosk keeps serving") {
    itest::Bench bench;
    bench.startDevsim();
    bench.startYicid();
    CHECK(itest::httpRequest(bench.ui_port, "POST", "/api/v1/tickets", R"({"service_id":"commercial"})")
              .status == 400);
    CHECK(
        itest::httpRequest(bench.ui_port, "POST", "/api/v1/tickets", "{not json", {{"Idempotency-Key", "k"}})
            .status == 400);
    CHECK(itest::httpRequest(bench.ui_port, "POST", "/api/v1/tickets", R"({"service_id": 7})",
                             {{"Idempotency-Key", "k"}})
              .status == 400);
    CHECK(bench.postTicket("no-such-service", "k2").status == 404);
    CHECK(itest::httpRequest(bench.ui_port, "POST", "/api/v1/tickets", std::string(64 * 1024, 'x'),
                             {{"Idempotency-Key", "k"}})
              .status == 413);
    CHECK(itest::httpRequest(bench.ui_port, "GET", "/../../etc/passwd").status == 404);
    CHECK(itest::httpRequest(bench.ui_port, "DELETE", "/api/v1/catalog").status == 405);
    CHECK(
        itest::rawRequest(bench.ui_port, "\x16\x03\x01 not http at all\r\n\r\n").starts_with("HTTP/1.1 400"));
    const auto closed =
        bench.postTicket("tax", "after-hours");  // the test hall's tax window opens one minute a day
    CHECK(closed.status == 409);
    CHECK(closed.body.find("category_closed") != std::string::npos);
    CHECK(bench.postTicket("commercial", "still-fine").status == 201);
    CHECK(itest::httpRequest(bench.ui_port, "GET", "/").body.find("<html") != std::string::npos);
}

TEST_CASE("a web page from another site, or a name rebound to 127.0.0.1, cannot take a ticket") {
    itest::Bench bench;
    bench.startDevsim();
    bench.startYicid();
    const std::string body = R"({"service_id":"commercial"})";
    const std::string ours = "127.0.0.1:" + std::to_string(bench.ui_port);
    // DNS rebinding: the browser sends the attacker's name as Host.
    const auto rebound = itest::httpRequest(
        bench.ui_port, "POST", "/api/v1/tickets", body,
        {{"Host", "evil.example:" + std::to_string(bench.ui_port)}, {"Idempotency-Key", "rebound"}});
    CHECK(rebound.status == 421);
    CHECK(rebound.body.find("misdirected_request") != std::string::npos);
    // A cross-site form or "simple" fetch can only send text/plain, a form encoding or multipart.
    const auto form = itest::httpRequest(bench.ui_port, "POST", "/api/v1/tickets", body,
                                         {{"Content-Type", "text/plain"}, {"Idempotency-Key", "form"}});
    CHECK(form.status == 415);
    CHECK(form.body.find("unsupported_media_type") != std::string::npos);
    const auto foreign =
        itest::httpRequest(bench.ui_port, "POST", "/api/v1/tickets", body,
                           {{"Origin", "http://evil.example"}, {"Idempotency-Key", "foreign"}});
    CHECK(foreign.status == 403);
    CHECK(foreign.body.find("foreign_origin") != std::string::npos);
    CHECK(
        itest::httpRequest(bench.ui_port, "GET", "/api/v1/session", "", {{"Host", "evil.example"}}).status ==
        421);
    // None of them printed or counted a ticket; the kiosk's own page still does.
    CHECK(itest::httpRequest(bench.status_port, "GET", "/metrics")
              .body.find("yici_tickets_issued_total{category=\"commercial\"} 0\n") != std::string::npos);
    CHECK(itest::httpRequest(bench.ui_port, "POST", "/api/v1/tickets", body,
                             {{"Origin", "http://" + ours}, {"Idempotency-Key", "own-page"}})
              .status == 201);
}

TEST_CASE("/metrics counts issued tickets per category and shows printer health and build info") {
    itest::Bench bench;
    bench.startDevsim();
    bench.startYicid();
    REQUIRE(bench.postTicket("commercial", "m1").status == 201);
    REQUIRE(bench.postTicket("commercial", "m2").status == 201);
    const auto metrics = itest::httpRequest(bench.status_port, "GET", "/metrics");
    REQUIRE(metrics.status == 200);
    CHECK(metrics.body.find("yici_tickets_issued_total{category=\"commercial\"} 2\n") != std::string::npos);
    CHECK(metrics.body.find("yici_tickets_issued_total{category=\"real_estate\"} 0\n") != std::string::npos);
    CHECK(metrics.body.find("yici_device_health{device=\"printer\",health=\"ok\"} 1\n") != std::string::npos);
    CHECK(metrics.body.find("yici_ticket_issue_seconds_count 2\n") != std::string::npos);
    CHECK(
        metrics.body.find("yici_build_info{version=\"0.1.0\",board=\"board\",kiosk_id=\"itest-k01\"} 1\n") !=
        std::string::npos);
}

TEST_CASE("SIGTERM stops yicid cleanly") {
    itest::Bench bench;
    bench.startDevsim();
    bench.startYicid();
    bench.yicid->signal(SIGTERM);
    CHECK(bench.yicid->wait() == 0);
}

TEST_CASE("yicictl status shows /health and fails when the kiosk cannot issue tickets") {
    itest::Bench bench;
    bench.startDevsim();
    bench.startYicid();
    const std::string url = "http://127.0.0.1:" + std::to_string(bench.status_port);
    itest::Process ok({itest::paths().yicictl, "status", url}, bench.dir / "status-ok.log");
    CHECK(ok.wait() == 0);
    REQUIRE(bench.ctl("paper out") == 0);
    std::this_thread::sleep_for(std::chrono::milliseconds(1500));
    itest::Process down({itest::paths().yicictl, "status", url}, bench.dir / "status-down.log");
    CHECK(down.wait() == 1);
    std::ifstream log(bench.dir / "status-down.log");
    std::string body((std::istreambuf_iterator<char>(log)), std::istreambuf_iterator<char>());
    CHECK(body.find("status down") != std::string::npos);
    CHECK(body.find("\nprinter       critical  printer_out_of_paper") != std::string::npos);
}

TEST_CASE("a restarted bench continues the printed-ticket numbering instead of overwriting") {
    itest::Bench bench;
    bench.startDevsim();
    bench.startYicid();
    REQUIRE(bench.postTicket("commercial", "one").status == 201);
    bench.stopYicid(SIGTERM);
    bench.devsim.reset();
    bench.startDevsim();
    bench.startYicid();
    REQUIRE(bench.postTicket("commercial", "two").status == 201);
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    const auto printed = bench.printedTickets();
    REQUIRE(printed.size() == 2);
    CHECK(printed[1].filename() == "ticket-0002.png");
}

TEST_CASE("the virtual printer survives jobs with nothing to print and absurd QR sizes") {
    itest::Bench bench;
    bench.startDevsim();
    // init, feed, cut (an empty page); QR module size 255 with data, print; then ask for status.
    const std::string job = std::string("\x1b\x40\x1b\x64\x03\x1d\x56\x01", 8) +
                            std::string("\x1d\x28\x6b\x03\x00\x31\x43\xff", 8) +
                            std::string("\x1d\x28\x6b\x08\x00\x31\x50\x30hello", 13) +
                            std::string("\x1d\x28\x6b\x03\x00\x31\x51\x30", 8) +
                            std::string("\x1d\x56\x01\x10\x04\x01", 6);
    std::thread closer([&] {
        std::this_thread::sleep_for(std::chrono::milliseconds(500));
        bench.devsim->signal(SIGTERM);  // ends the connection so rawRequest returns
    });
    const std::string reply = itest::rawRequest(bench.printer_port, job);
    closer.join();
    CHECK(reply == std::string("\x12", 1));
    CHECK(bench.devsim->wait() == 0);  // it was still alive to stop cleanly
}

TEST_CASE("SIGTERM while the printer hangs mid-reply still stops cleanly") {
    itest::Bench bench;
    // A "printer" that accepts the connection and never answers a status query.
    boost::asio::io_context io;
    boost::asio::ip::tcp::acceptor silent(io,
                                          {boost::asio::ip::make_address("127.0.0.1"), bench.printer_port});
    boost::asio::ip::tcp::socket held(io);
    std::thread accept([&] {
        boost::system::error_code ec;
        silent.accept(held, ec);
    });
    itest::Process yicid(
        {itest::paths().yicid, "--board", bench.board.string(), "--data-dir", bench.data_dir.string()},
        bench.dir / "yicid.log");
    REQUIRE(itest::waitForPort(bench.ui_port));
    std::this_thread::sleep_for(
        std::chrono::milliseconds(500));  // the first status poll is waiting for bytes
    yicid.signal(SIGTERM);
    CHECK(yicid.wait() == 0);  // under ASan a use-after-free at exit would abort instead
    accept.join();
}

TEST_CASE("off loopback the status listener speaks HTTPS: yicictl and the hall check its certificate") {
    itest::Bench bench;
    const auto certs = bench.dir / "certs";
    itest::makeCertificates(certs);
    const auto pem = [&](const char* name) { return (certs / name).string(); };
    bench.startDevsim();
    std::string board = itest::readAll(bench.board);
    const std::string loopback = "listen = \"127.0.0.1:" + std::to_string(bench.status_port) + "\"";
    const std::string any = "listen = \"0.0.0.0:" + std::to_string(bench.status_port) + "\"";
    std::ofstream(bench.dir / "status.token") << "s3cret-token-for-the-hall-0123\n";
    const std::string tls = any + "\ntoken_file = \"status.token\"\ncert_file = \"" + pem("server.pem") +
                            "\"\nkey_file = \"" + pem("server.key") + "\"";
    std::ofstream(bench.board) << replacedAll(board, loopback, tls);
    bench.startYicid();
    const std::string url = "https://127.0.0.1:" + std::to_string(bench.status_port);
    auto yicictl = [&](std::vector<std::string> args, const char* log) {
        args.insert(args.begin(), itest::paths().yicictl);
        itest::Process ctl(args, bench.dir / log);
        return std::pair{ctl.wait(std::chrono::seconds(20)), itest::readAll(bench.dir / log)};
    };
    const auto [ok, shown] = yicictl(
        {"status", url, "--ca-file", pem("ca.pem"), "--token-file", (bench.dir / "status.token").string()},
        "ok.log");
    CHECK_MESSAGE(ok == 0, shown);
    CHECK(shown.find("kiosk itest-k01") != std::string::npos);
    // Another CA: the certificate is not trusted, and no token is sent.
    const auto [untrusted, why] = yicictl(
        {"status", url, "--ca-file", pem("other.pem"), "--token-file", (bench.dir / "status.token").string()},
        "untrusted.log");
    CHECK(untrusted == 1);
    CHECK_MESSAGE(why.find("certificate verify failed") != std::string::npos, why);
    // Plain HTTP to the HTTPS port gets no answer: the token never travels in clear.
    CHECK(itest::httpRequest(bench.status_port, "GET", "/health", "",
                             {{"Authorization", "Bearer s3cret-token-for-the-hall-0123"}})
              .status == 0);
    CHECK(itest::readAll(bench.dir / "yicid.log").find("TLS handshake failed") != std::string::npos);
    // The start-up line names the scheme served.
    CHECK(itest::readAll(bench.dir / "yicid.log").find("status https://0.0.0.0:") != std::string::npos);
    // TLS 1.2 only with forward secrecy and AEAD: a client offering only CBC suites (LUCKY13) gets no
    // session, one offering AES-GCM does.
    const auto tls12 = [&](const char* cipher, const char* log) {
        const std::string command =
            "openssl s_client -connect 127.0.0.1:" + std::to_string(bench.status_port) + " -tls1_2 -cipher " +
            cipher + " -CAfile '" + pem("ca.pem") + "' </dev/null";
        itest::Process sh({"/bin/sh", "-c", command}, bench.dir / log);
        return sh.wait(std::chrono::seconds(20));
    };
    CHECK(tls12("ECDHE-RSA-AES128-SHA:ECDHE-RSA-AES256-SHA384:AES128-SHA", "cbc.log") != 0);
    CHECK(tls12("ECDHE-RSA-AES128-GCM-SHA256", "gcm.log") == 0);
    bench.stopYicid(SIGTERM);

    // Mutual TLS: with client_ca_file only clients with a certificate from that CA get through.
    std::ofstream(bench.board) << replacedAll(board, loopback,
                                              tls + "\nclient_ca_file = \"" + pem("ca.pem") + "\"");
    bench.startYicid();
    const std::string curl = "curl -sS -o /dev/null -w '%{http_code}' --max-time 10 --cacert '" +
                             pem("ca.pem") + "' -H 'Authorization: Bearer s3cret-token-for-the-hall-0123' " +
                             url + "/health";
    auto run = [&](const std::string& command, const char* log) {
        itest::Process sh({"/bin/sh", "-c", command}, bench.dir / log);
        sh.wait(std::chrono::seconds(20));
        return itest::readAll(bench.dir / log);
    };
    CHECK(run(curl + " --cert '" + pem("kiosk.pem") + "' --key '" + pem("kiosk.key") + "'", "mtls.log") ==
          "200");
    CHECK(run(curl, "no-cert.log").find("200") == std::string::npos);
}

TEST_CASE(
    "off loopback the status listener wants the bearer token; without a token file yicid refuses to start") {
    itest::Bench bench;
    bench.startDevsim();
    std::string board;
    {
        std::ifstream in(bench.board);
        board.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    }
    const std::string loopback = "listen = \"127.0.0.1:" + std::to_string(bench.status_port) + "\"";
    const std::string any = "listen = \"0.0.0.0:" + std::to_string(bench.status_port) + "\"";
    std::ofstream(bench.board) << replacedAll(board, loopback, any);
    itest::Process refused(
        {itest::paths().yicid, "--board", bench.board.string(), "--data-dir", bench.data_dir.string()},
        bench.dir / "refused.log");
    CHECK(refused.wait() == 2);
    std::ifstream refused_log(bench.dir / "refused.log");
    const std::string why((std::istreambuf_iterator<char>(refused_log)), std::istreambuf_iterator<char>());
    CHECK(why.find("token_file") != std::string::npos);
    // The technician's check refuses the same board, before it reaches a kiosk.
    itest::Process check({itest::paths().yicictl, "config", "check", bench.board.string()},
                         bench.dir / "check.log");
    CHECK(check.wait() == 1);
    const std::string checked = itest::readAll(bench.dir / "check.log");
    CHECK(checked.find("status.listen: 0.0.0.0:" + std::to_string(bench.status_port) +
                       " is not loopback: set token_file") != std::string::npos);

    bench.status_token = "s3cret-token-for-the-hall-0123";
    std::ofstream(bench.dir / "status.token") << bench.status_token << "\n";
    std::ofstream(bench.board) << replacedAll(board, loopback,
                                              any + "\ntoken_file = \"status.token\"\ninsecure = true");
    bench.startYicid();
    CHECK(bench.health().status == 200);
    const auto missing = itest::httpRequest(bench.status_port, "GET", "/metrics");
    CHECK(missing.status == 401);
    CHECK(missing.body.empty());
    const auto wrong = itest::httpRequest(bench.status_port, "GET", "/health", "",
                                          {{"Authorization", "Bearer s3cret-token-for-the-hall-0124"}});
    CHECK(wrong.status == 401);
    const auto right = itest::httpRequest(bench.status_port, "GET", "/metrics", "",
                                          {{"Authorization", "Bearer " + bench.status_token}});
    CHECK(right.status == 200);
    CHECK(right.body.find("yici_build_info") != std::string::npos);
    // The hall's counter terminals call windows here, with the same token.
    CHECK(itest::httpRequest(bench.status_port, "POST", "/api/v1/windows/1/call-next").status == 401);
    CHECK(itest::httpRequest(bench.status_port, "POST", "/api/v1/windows/1/call-next", "",
                             {{"Authorization", "Bearer " + bench.status_token}})
              .status == 409);  // queue_empty: authorised, nobody waiting
    const std::string url = "http://127.0.0.1:" + std::to_string(bench.status_port);
    itest::Process without({itest::paths().yicictl, "status", url}, bench.dir / "ctl1.log");
    CHECK(without.wait() == 1);
    itest::Process with(
        {itest::paths().yicictl, "status", url, "--token", (bench.dir / "status.token").string()},
        bench.dir / "ctl2.log");
    CHECK(with.wait() == 0);
}

TEST_CASE("yicid's database, its WAL and the data key are its own alone, whatever umask started it") {
    itest::Bench bench;
    bench.startDevsim();
    const mode_t before = ::umask(022);  // a technician's shell
    bench.startYicid();
    ::umask(before);
    CHECK(bench.postTicket("commercial", "umask-1").status == 201);  // the WAL holds a write
    for (const char* name : {"yici.db", "yici.db-wal", "yici.db-shm", "pii.key"}) {
        struct stat st {};
        REQUIRE_MESSAGE(::stat((bench.data_dir / name).c_str(), &st) == 0, name);
        CHECK_MESSAGE((st.st_mode & 0777) == 0600, name, " is ", fmt::format("{:o}", st.st_mode & 0777));
    }
}
