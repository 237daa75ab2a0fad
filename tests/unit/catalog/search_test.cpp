// Catalog search by Chinese characters, pinyin initials and English.
#include <doctest/doctest.h>

#include <algorithm>

#include "catalog/internal/pinyin.hpp"
#include "catalog/search.hpp"
#include "testing.hpp"

using namespace yici;

using testing::yongjia;

TEST_CASE("pinyin initials of common characters") {
    CHECK(catalog::pinyinInitials("不动产登记") == "bdcdj");
    CHECK(catalog::pinyinInitials("社会保险") == "shbx");
    CHECK(catalog::pinyinInitials("户籍·身份证") == "hjsfz");  // the middle dot is skipped
    CHECK(catalog::pinyinInitials("营业执照") == "yyzz");
    CHECK(catalog::pinyinInitials("婚姻登记") == "hydj");
    CHECK(catalog::pinyinInitials("ID卡 A1") == "idka1");
    CHECK(catalog::pinyinInitials("") == "");
    CHECK(catalog::pinyinInitials("\xff\xfe") == "");  // not UTF-8: nothing, no crash
}

TEST_CASE("every item of the Yongjia hall can be found by its initials") {
    const auto hall = yongjia();
    for (const auto& service : hall.services) {
        CAPTURE(service.name_zh);
        CHECK(service.initials.size() >= 2);
        const auto hits = catalog::searchServices(hall, service.initials, 100);
        CHECK(std::find(hits.begin(), hits.end(), &service) != hits.end());
    }
}

TEST_CASE("'bdc' finds the real estate (不动产) items, best matches first") {
    const auto hall = yongjia();
    const auto hits = catalog::searchServices(hall, "bdc", 50);
    REQUIRE(hits.size() >= 5);
    CHECK(hits.front()->name_zh.starts_with("不动产"));
    for (const auto* s : hits) CHECK(s->category == "real_estate");
    CHECK(catalog::searchServices(hall, "BDC", 50).size() == hits.size());  // upper case works too
}

TEST_CASE("Chinese characters and English words find items too") {
    const auto hall = yongjia();
    const auto marriage = catalog::searchServices(hall, "婚姻");
    REQUIRE_FALSE(marriage.empty());
    CHECK(marriage.front()->category == "civil_affairs");
    const auto english = catalog::searchServices(hall, "pension");
    REQUIRE_FALSE(english.empty());
    CHECK(english.front()->category == "social_security");
    CHECK(catalog::searchServices(hall, "mortgage").size() >= 2);
}

TEST_CASE("an empty, blank, unknown or over-long query finds nothing") {
    const auto hall = yongjia();
    CHECK(catalog::searchServices(hall, "").empty());
    CHECK(catalog::searchServices(hall, "   ").empty());
    CHECK(catalog::searchServices(hall, "qqqqqq").empty());
    CHECK(catalog::searchServices(hall, std::string(65, 'b')).empty());
    CHECK(catalog::searchServices(hall, "bdc", 3).size() == 3);
}
