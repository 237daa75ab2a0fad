// Hall catalog: the shipped Yongjia hall loads, and mistakes name file, line and key.
#include <doctest/doctest.h>

#include <set>

#include "catalog/hall_catalog.hpp"
#include "testing.hpp"

using namespace yici;
using testing::replaced;

namespace {

constexpr const char* small_hall = R"toml(
[hall]
name_zh = "测试大厅"
name_en = "Test hall"
queue_url = "https://hall.example/queue"
issuing_cutoff_min = 30
calendar_years = [2026]
holidays = [2026-10-01]
workdays = [2026-10-10]

[materials.id_card]
name_zh = "身份证"
name_en = "ID card"

[[category]]
id = "real_estate"
letter = "B"
name_zh = "不动产登记"
name_en = "Real estate"
windows = ["4", "5"]
avg_service_min = 20
[category.hours]
weekdays = ["08:30-12:00", "13:30-17:00"]
sat = ["09:00-12:00"]

[[service]]
id = "re-transfer"
category = "real_estate"
name_zh = "不动产转移登记"
name_en = "Transfer registration"
materials = ["id_card"]
)toml";

std::string catalogErrorOf(const std::string& text) {
    auto loaded = catalog::parseHallCatalog(text, "hall.toml");
    REQUIRE_FALSE(loaded.has_value());
    return loaded.error().message;
}

}  // namespace

TEST_CASE("the Yongjia hall has its six integrated windows and at least 60 service items") {
    auto hall = catalog::loadHallCatalog(testing::sourceDir() / "board-configs/halls/yongjia.toml");
    REQUIRE_MESSAGE(hall.has_value(), (hall ? "" : hall.error().message));
    REQUIRE(hall->categories.size() == 6);
    CHECK(hall->services.size() >= 60);
    for (const char* id :
         {"commercial", "real_estate", "social_security", "civil_affairs", "household_id", "tax"}) {
        CHECK_MESSAGE(hall->category(id) != nullptr, id);
    }
    CHECK(hall->category("commercial")->name_zh == "商事登记");
    CHECK(hall->category("real_estate")->name_zh == "不动产登记");
    // Real estate works 7 days a week, household/ID 6, the others 5.
    CHECK_FALSE(hall->category("real_estate")->hours[6].empty());
    CHECK_FALSE(hall->category("household_id")->hours[5].empty());
    CHECK(hall->category("household_id")->hours[6].empty());
    CHECK(hall->category("tax")->hours[5].empty());
    for (const auto& service : hall->services) CHECK_FALSE(service.materials.empty());
    // Where the windows and the kiosks are, for the tickets.
    CHECK(hall->category("real_estate")->location_zh == "一楼B区");
    CHECK(hall->kiosk_places.at("yongjia-hall-k01").first == "一楼大厅东入口");
    CHECK(hall->missed_rule_zh == "过号请重新取号");
}

TEST_CASE("a window number leads to the category it serves, and an unknown window to none") {
    auto hall = catalog::loadHallCatalog(testing::sourceDir() / "board-configs/halls/yongjia.toml");
    REQUIRE(hall.has_value());
    for (const auto& category : hall->categories)
        for (const auto& window : category.windows) CHECK(hall->categoryOfWindow(window) == &category);
    CHECK(hall->categoryOfWindow("99") == nullptr);
    CHECK(hall->categoryOfWindow("") == nullptr);
}

TEST_CASE("a small hall loads with hours per weekday") {
    auto hall = catalog::parseHallCatalog(small_hall, "hall.toml");
    REQUIRE(hall.has_value());
    const auto& re = *hall->category("real_estate");
    CHECK(re.letter == 'B');
    CHECK(re.hours[0].size() == 2);
    CHECK(re.hours[0][0].start_min == 8 * 60 + 30);
    CHECK(re.hours[5].size() == 1);
    CHECK(re.hours[6].empty());
    CHECK(hall->holidays.contains("2026-10-01"));
    CHECK(hall->calendar_years == std::set<int>{2026});
    CHECK(hall->service("re-transfer")->category == "real_estate");
}

TEST_CASE("catalog mistakes name the file, line and key") {
    CHECK(catalogErrorOf(replaced(small_hall, "materials = [\"id_card\"]", "materials = [\"deed\"]")) ==
          "hall.toml:31: service[0].materials: no material 'deed'");
    CHECK(catalogErrorOf(replaced(small_hall, "category = \"real_estate\"", "category = \"estate\"")) ==
          "hall.toml:28: service[0].category: no category 'estate'");
    CHECK(catalogErrorOf(replaced(small_hall, "sat = [\"09:00-12:00\"]", "sat = [\"12:00-09:00\"]")) ==
          "hall.toml:24: category[0].hours.sat: '12:00-09:00' is not an ascending HH:MM-HH:MM range");
    CHECK(catalogErrorOf(
              replaced(small_hall, "avg_service_min = 20", "avg_service_min = 20\ncolour = \"red\"")) ==
          "hall.toml:22: category[0].colour: unknown key");
    CHECK(catalogErrorOf(replaced(small_hall, "letter = \"B\"", "letter = \"bb\"")) ==
          "hall.toml:17: category[0].letter: must be one unused upper-case letter A-Z");
    CHECK(catalogErrorOf(replaced(small_hall, "workdays = [2026-10-10]", "workdays = [2026-10-01]")) ==
          "hall.toml:9: hall.workdays: 2026-10-01 is also a holiday");
    CHECK(catalogErrorOf(replaced(small_hall, "name_en = \"Test hall\"\n", "")) ==
          "hall.toml:2: hall.name_en: missing required key");
    // The calendar says which years it covers, and lists no day outside them.
    CHECK(catalogErrorOf(replaced(small_hall, "calendar_years = [2026]\n", "")) ==
          "hall.toml:2: hall.calendar_years: missing required key");
    CHECK(catalogErrorOf(
              replaced(small_hall, "holidays = [2026-10-01]", "holidays = [2026-10-01, 2027-01-01]")) ==
          "hall.toml:8: hall.holidays: 2027-01-01 is outside calendar_years");
    CHECK(catalogErrorOf(replaced(small_hall, "calendar_years = [2026]", "calendar_years = [\"2026\"]")) ==
          "hall.toml:7: hall.calendar_years: every item must be a year like 2026");
    CHECK(catalogErrorOf(replaced(small_hall, "issuing_cutoff_min = 30", "service_phone = \"call 12345\"")) ==
          "hall.toml:6: hall.service_phone: must be up to 32 digits, '-', '+' or spaces");
    CHECK(
        catalogErrorOf(replaced(small_hall, "name_en = \"ID card\"",
                                "name_en = \"ID card\"\nhall_can_copy = true\ncard_proves = true")) ==
        "hall.toml:15: materials.id_card.card_proves: a material the card proves is not copied by the hall");
}
