// The device key on a board: made by yicictl provision on the config partition, never by yicid. A key file
// that is missing (the partition did not mount) turns pre-registration off instead of sealing new records
// with a fresh key nobody can open later; queue tickets go on.
#include <doctest/doctest.h>

#include "harness.hpp"
#include "printed_ticket.hpp"

using namespace yici;
using itest::parseObject;

TEST_CASE("a board whose device key is missing turns pre-registration off, and yicid never makes one") {
    itest::Bench bench;
    const auto key = bench.dir / "etc-partition" / "device.key";
    std::filesystem::create_directories(key.parent_path());
    bench.addBoardKey("privacy", "key_file = \"" + key.string() + "\"");
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
