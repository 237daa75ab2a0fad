// The citizen's texts for error codes: every fault sends the citizen somewhere, in Chinese then English.
#include <doctest/doctest.h>

#include "api/errors.hpp"

TEST_CASE("every printer fault sends the citizen somewhere in plain Chinese and English with a 503") {
    for (const char* code :
         {"printer_out_of_paper", "printer_cover_open", "printer_jam", "printer_error", "printer_offline",
          "printer_unreachable", "printer_timeout", "printer_protocol_error", "storage_full"}) {
        const auto& m = yici::api::citizenMessage(code);
        CHECK_MESSAGE(m.code == code, code);
        CHECK(m.status == 503);
        CHECK(m.zh.find("预登记窗口") != std::string_view::npos);
        CHECK(m.en.find("pre-registration desk") != std::string_view::npos);
    }
    CHECK(yici::api::citizenMessage("something_new").status == 500);
}
