// The device key on a board: made by yicictl provision on the config partition, never by yicid. A key file
// that is missing (the partition did not mount) turns pre-registration off instead of sealing new records
// with a fresh key nobody can open later; queue tickets go on. A config without one is refused.
#include <doctest/doctest.h>

#include <fstream>

#include "harness.hpp"
#include "printed_ticket.hpp"

using namespace yici;
using itest::parseObject;

TEST_CASE("a board whose device key is missing turns pre-registration off, and yicid never makes one") {
    itest::Bench bench;
    const auto key = bench.dir / "etc-partition" / "device.key";
    std::filesystem::create_directories(key.parent_path());
    std::string board = itest::readAll(bench.board);
    board.replace(board.find("key_in_data_dir = true"), 22, "key_file = \"" + key.string() + "\"");
    std::ofstream(bench.board) << board;
    bench.startDevsim();
    bench.startYicid();

    const auto health = parseObject(bench.health().body);
    const auto& device_key = health.at("devices").at("privacy_key").as_object();
    CHECK(device_key.at("health") == "absent");
    CHECK(device_key.at("code") == "privacy_key_unavailable");
    CHECK(std::string(device_key.at("detail").as_string()).find("device.key") != std::string::npos);
    CHECK_FALSE(std::filesystem::exists(key));
    CHECK_FALSE(std::filesystem::exists(bench.data_dir / "pii.key"));

    CHECK(bench.postTicket("commercial", "without-key").status == 201);  // plain tickets still print
}

TEST_CASE("a board config without a device key does not start yicid, and yicictl config check says why") {
    itest::Bench bench;
    std::string board = itest::readAll(bench.board);
    board.replace(board.find("key_in_data_dir = true"), 22, "retention_h = 24");
    std::ofstream(bench.board) << board;
    const std::string expected = bench.board.string() + ":9: privacy.key_file: missing required key";

    itest::Process yicid(
        {itest::paths().yicid, "--board", bench.board.string(), "--data-dir", bench.data_dir.string()},
        bench.dir / "yicid.log");
    CHECK(yicid.wait() == 2);
    CHECK(itest::readAll(bench.dir / "yicid.log").starts_with("yicid: " + expected));
    CHECK_FALSE(std::filesystem::exists(bench.data_dir / "pii.key"));

    itest::Process check({itest::paths().yicictl, "config", "check", bench.board.string()},
                         bench.dir / "check.log");
    CHECK(check.wait() == 1);
    CHECK(itest::readAll(bench.dir / "check.log").starts_with(expected));
}
