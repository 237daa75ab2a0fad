// What a citizen types at the details step, and how it is masked on screen and paper.
#include <doctest/doctest.h>

#include "prereg/validation.hpp"

using namespace yici;

TEST_CASE("mobile numbers: eleven digits starting 13 to 19") {
    CHECK(prereg::validMobile("13800138000"));
    CHECK(prereg::validMobile("19912345678"));
    CHECK(prereg::validMobile("16612345678"));
    CHECK_FALSE(prereg::validMobile("12800138000"));  // no 12x networks
    CHECK_FALSE(prereg::validMobile("23800138000"));
    CHECK_FALSE(prereg::validMobile("1380013800"));    // ten digits
    CHECK_FALSE(prereg::validMobile("138001380001"));  // twelve
    CHECK_FALSE(prereg::validMobile("138-0013-800"));
    CHECK_FALSE(prereg::validMobile("+8613800138000"));
    CHECK_FALSE(prereg::validMobile(""));
    CHECK_FALSE(prereg::validMobile("1380013800\xef"));
}

TEST_CASE("masks keep only what staff need to match a person") {
    CHECK(prereg::maskMobile("13912345678") == "139****5678");
    CHECK(prereg::maskName("张三") == "张*");
    CHECK(prereg::maskName("欧阳修文") == "欧***");
    CHECK(prereg::maskName("ANNA") == "A***");
    CHECK(prereg::maskName("") == "");
}

TEST_CASE("appointment codes are 6 to 16 letters or digits") {
    CHECK(prereg::validAppointmentCode("YY2026112801"));
    CHECK(prereg::validAppointmentCode("abc123"));
    CHECK_FALSE(prereg::validAppointmentCode("abc12"));
    CHECK_FALSE(prereg::validAppointmentCode("abc 123"));
    CHECK_FALSE(prereg::validAppointmentCode(std::string(17, 'A')));
}

TEST_CASE("item fields: digits-only and length limits counted in characters, not bytes") {
    catalog::Field digits{"no", "证号", "Number", catalog::Field::Kind::digits, 7, 20};
    CHECK_FALSE(prereg::fieldProblem(digits, "2026001234567"));
    CHECK(prereg::fieldProblem(digits, "2026A01234567"));
    CHECK(prereg::fieldProblem(digits, "123456"));
    catalog::Field text{"company", "名称", "Name", catalog::Field::Kind::text, 2, 5};
    CHECK_FALSE(prereg::fieldProblem(text, "永嘉五金"));  // 4 characters, 12 bytes
    CHECK(prereg::fieldProblem(text, "永嘉五金厂有限"));
    CHECK(prereg::fieldProblem(text, "a\nb"));      // control characters
    CHECK(prereg::fieldProblem(text, "\xe6\xb0"));  // cut UTF-8
}
