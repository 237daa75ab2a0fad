// The hall's service catalog (board-configs/halls/*.toml): categories with their windows and hours,
// service items with the materials to bring.
#pragma once

#include <array>
#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "base/error.hpp"

namespace yici::catalog {

struct TimeRange {
    int start_min = 0;  // minutes after local midnight
    int end_min = 0;
};

using WeekHours = std::array<std::vector<TimeRange>, 7>;  // 0 Monday … 6 Sunday; empty: closed

struct Material {
    std::string id, name_zh, name_en;
    bool hall_can_copy = false;  // provided here: the hall prints or copies it on site, never missing
    bool card_proves = false;    // the resident ID card read at the kiosk is this material
    std::string where_zh, where_en;
};

struct Category {
    std::string id;
    char letter = 'A';
    std::string name_zh, name_en;
    std::string location_zh, location_en;  // where its windows are: "二楼B区"
    std::vector<std::string> windows;
    int avg_service_min = 10;  // seeds the service-time estimate until windows report completions
    WeekHours hours;
    std::map<std::string, WeekHours, std::less<>> window_hours;  // windows with hours of their own

    // A window's hours: its own when the hall file gives them, else the category's.
    const WeekHours& hoursOf(std::string_view window) const;
};

// A detail the card cannot give, declared by the hall for the items that need it.
struct Field {
    enum class Kind { text, digits };
    std::string id, name_zh, name_en;
    Kind kind = Kind::text;
    int min_length = 1;
    int max_length = 40;  // characters (UTF-8 code points) for text, digits for digits
};

struct Service {
    std::string id, category, name_zh, name_en;
    std::vector<std::string> materials;
    std::vector<std::string> fields;  // ids of the item-specific fields the citizen fills in
    bool no_card_ok = false;
    bool face_check = false;
    std::string initials;  // pinyin initials of name_zh, for search
};

struct HallCatalog {
    std::string name_zh, name_en;
    std::string queue_url;
    std::string service_phone;  // the hall's service line, printed on every ticket
    // The hall's rule for a missed number, printed on every ticket.
    std::string missed_rule_zh = "过号请重新取号", missed_rule_en = "A missed number needs a new ticket";
    // Where each kiosk stands, by kiosk id ([kiosk] id): printed on its tickets instead of the id.
    std::map<std::string, std::pair<std::string, std::string>, std::less<>> kiosk_places;
    int issuing_cutoff_min = 30;
    int normal_per_priority = 2;     // after a priority ticket is called, this many normal ones come first
    std::set<int> calendar_years;    // the years whose holidays and make-up working days are listed
    std::set<std::string> holidays;  // "YYYY-MM-DD": closed
    std::set<std::string> workdays;  // make-up working days: weekday (Monday) hours
    std::vector<Category> categories;
    std::vector<Service> services;
    std::map<std::string, Material, std::less<>> materials;
    std::map<std::string, Field, std::less<>> fields;

    const Category* category(std::string_view id) const;
    const Service* service(std::string_view id) const;
    // The category a window serves ("3"), null for a window the hall does not have.
    const Category* categoryOfWindow(std::string_view window) const;
};

Expected<HallCatalog> loadHallCatalog(const std::filesystem::path& file);
Expected<HallCatalog> parseHallCatalog(std::string_view text, const std::filesystem::path& file);

}  // namespace yici::catalog
