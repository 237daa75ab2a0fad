// What the citizen screen is told about a device: the guidance for its fault, never the technical detail.
#include <doctest/doctest.h>

#include <boost/json/serialize.hpp>

#include "api/citizen_api.hpp"
#include "yici/hal/errors.hpp"

using namespace yici;

namespace {

hal::Health deviceHealth(hal::HealthLevel level, ErrorCode code) {
    return hal::Health{
        .level = level, .code = code, .detail = "DLE EOT 4: 0x72 at tcp://10.0.0.9", .since = {}};
}

}  // namespace

TEST_CASE("a printer out of paper sends the citizen to the pre-registration desk, in Chinese and English") {
    const auto d =
        api::deviceJson("printer", deviceHealth(hal::HealthLevel::critical, hal::Errc::printer_out_of_paper));
    CHECK(d.at("device") == "printer");
    CHECK(d.at("health") == "critical");
    CHECK(d.at("code") == "printer_out_of_paper");
    CHECK(d.at("message_zh") == "取号机暂时缺纸，请到入口预登记窗口，工作人员会为您取号。");
    CHECK(std::string(d.at("message_en").as_string()).starts_with("The kiosk is out of paper."));
    CHECK(boost::json::serialize(d).find("DLE EOT") == std::string::npos);  // the detail stays technical
    CHECK(d.size() == 5);
}

TEST_CASE("no guidance for a healthy device, a code without a message, or another device's code") {
    const auto ok = api::deviceJson("printer", deviceHealth(hal::HealthLevel::ok, hal::Errc::ok));
    CHECK(ok.at("message_zh") == "");
    CHECK(ok.at("message_en") == "");
    const auto near_end = api::deviceJson(
        "printer", deviceHealth(hal::HealthLevel::warning, hal::Errc::printer_paper_near_end));
    CHECK(near_end.at("message_zh") == "");
    // "driver_unavailable" is the printer's text ("未配置打印机"): a missing camera must not say so.
    const auto camera =
        api::deviceJson("camera", deviceHealth(hal::HealthLevel::absent, hal::Errc::driver_unavailable));
    CHECK(camera.at("health") == "absent");
    CHECK(camera.at("message_zh") == "");
    CHECK(api::deviceJson("printer", deviceHealth(hal::HealthLevel::absent, hal::Errc::driver_unavailable))
              .at("message_zh") != "");
}
