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

#include "yici/hal/error.hpp"

namespace yici::catalog {

struct TimeRange {
    int start_min = 0;  // minutes after local midnight
    int end_min = 0;
};

struct Material {
    std::string id, name_zh, name_en;
    bool hall_can_copy = false;
    std::string where_zh, where_en;
};

struct Category {
    std::string id;
    char letter = 'A';
    std::string name_zh, name_en;
    std::vector<std::string> windows;
    int avg_service_min = 10;
    std::array<std::vector<TimeRange>, 7> hours;  // 0 Monday … 6 Sunday; empty: closed
};

struct Service {
    std::string id, category, name_zh, name_en;
    std::vector<std::string> materials;
    bool no_card_ok = false;
    bool face_check = false;
};

struct HallCatalog {
    std::string name_zh, name_en;
    std::string queue_url;
    int issuing_cutoff_min = 30;
    std::set<std::string> holidays;  // "YYYY-MM-DD": closed
    std::set<std::string> workdays;  // make-up working days: weekday (Monday) hours
    std::vector<Category> categories;
    std::vector<Service> services;
    std::map<std::string, Material, std::less<>> materials;

    const Category* category(std::string_view id) const;
    const Service* service(std::string_view id) const;
};

Expected<HallCatalog> loadHallCatalog(const std::filesystem::path& file);
Expected<HallCatalog> parseHallCatalog(std::string_view text, const std::filesystem::path& file);

}  // namespace yici::catalog
