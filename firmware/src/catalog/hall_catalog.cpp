// Hall catalog loading with the same strict file:line:key errors as the board config.
#include "catalog/hall_catalog.hpp"

#include <boost/url/parse.hpp>

#include <fmt/format.h>
#include <algorithm>
#include <charconv>
#include <fstream>
#include <sstream>

#include "catalog/internal/pinyin.hpp"
#include "config/toml_reader.hpp"

namespace yici::catalog {
namespace {

using config::Need;
using config::TomlReader;

constexpr std::array<std::string_view, 7> day_keys = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};

bool isSlug(std::string_view s, char sep) {
    return !s.empty() && s.size() <= 64 && std::all_of(s.begin(), s.end(), [sep](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == sep;
    });
}

std::optional<int> parseHhmm(std::string_view s) {
    if (s.size() != 5 || s[2] != ':') return std::nullopt;
    int h = 0, m = 0;
    auto r1 = std::from_chars(s.data(), s.data() + 2, h);
    auto r2 = std::from_chars(s.data() + 3, s.data() + 5, m);
    if (r1.ec != std::errc{} || r2.ec != std::errc{} || r1.ptr != s.data() + 2 || r2.ptr != s.data() + 5)
        return std::nullopt;
    if (h > 24 || m > 59 || (h == 24 && m != 0)) return std::nullopt;
    return h * 60 + m;
}

std::optional<std::vector<TimeRange>> parseRanges(TomlReader& r, const toml::table& hours,
                                                  std::string_view path, std::string_view key) {
    auto texts = r.strings(hours, path, key, Need::optional);
    if (!texts) return std::nullopt;
    std::vector<TimeRange> ranges;
    for (const auto& text : *texts) {
        const auto dash = text.find('-');
        auto start =
            dash == std::string::npos ? std::nullopt : parseHhmm(std::string_view(text).substr(0, dash));
        auto end =
            dash == std::string::npos ? std::nullopt : parseHhmm(std::string_view(text).substr(dash + 1));
        if (!start || !end || *start >= *end || (!ranges.empty() && *start < ranges.back().end_min)) {
            r.error(hours.get(key), TomlReader::join(path, key),
                    fmt::format("'{}' is not an ascending HH:MM-HH:MM range", text));
            return std::nullopt;
        }
        ranges.push_back({*start, *end});
    }
    return ranges;
}

std::set<std::string> readDates(TomlReader& r, const toml::table& hall, std::string_view key) {
    std::set<std::string> out;
    const toml::array* dates = r.array(hall, "hall", key, Need::optional);
    if (dates == nullptr) return out;
    for (const toml::node& item : *dates) {
        if (!item.is_date()) {
            r.error(&item, TomlReader::join("hall", key), "every item must be a date like 2026-10-01");
            continue;
        }
        const toml::date d = item.as_date()->get();
        out.insert(fmt::format("{:04}-{:02}-{:02}", d.year, d.month, d.day));
    }
    return out;
}

void readHall(TomlReader& r, const toml::table& root, HallCatalog& c) {
    const toml::table* t = r.table(root, "", "hall", Need::required);
    if (t == nullptr) return;
    r.onlyKeys(*t, "hall",
               {"name_zh", "name_en", "queue_url", "service_phone", "missed_rule_zh", "missed_rule_en",
                "issuing_cutoff_min", "normal_per_priority", "calendar_years", "holidays", "workdays"});
    c.name_zh = r.string(*t, "hall", "name_zh", Need::required).value_or("");
    c.name_en = r.string(*t, "hall", "name_en", Need::required).value_or("");
    if (auto url = r.string(*t, "hall", "queue_url", Need::required)) {
        auto parsed = boost::urls::parse_uri(*url);
        if (parsed && (parsed->scheme() == "https" || parsed->scheme() == "http") &&
            !parsed->encoded_host().empty()) {
            c.queue_url = *url;
        } else {
            r.error(t->get("queue_url"), "hall.queue_url", fmt::format("'{}' is not an http(s) URL", *url));
        }
    }
    c.service_phone = r.string(*t, "hall", "service_phone", Need::optional).value_or("");
    if (c.service_phone.size() > 32 ||
        !std::all_of(c.service_phone.begin(), c.service_phone.end(), [](char ch) {
            return (ch >= '0' && ch <= '9') || ch == '-' || ch == ' ' || ch == '+';
        })) {
        r.error(t->get("service_phone"), "hall.service_phone", "must be up to 32 digits, '-', '+' or spaces");
    }
    if (auto v = r.string(*t, "hall", "missed_rule_zh", Need::optional)) c.missed_rule_zh = *v;
    if (auto v = r.string(*t, "hall", "missed_rule_en", Need::optional)) c.missed_rule_en = *v;
    if (auto v = r.integer(*t, "hall", "issuing_cutoff_min", Need::optional, 0, 240))
        c.issuing_cutoff_min = static_cast<int>(*v);
    if (auto v = r.integer(*t, "hall", "normal_per_priority", Need::optional, 1, 20))
        c.normal_per_priority = static_cast<int>(*v);
    // The years whose holidays and make-up working days the file lists: a day outside them is not known.
    if (const toml::array* years = r.array(*t, "hall", "calendar_years", Need::required)) {
        for (const toml::node& item : *years) {
            const auto year = item.value<std::int64_t>();
            if (!item.is_integer() || !year || *year < 2000 || *year > 2100) {
                r.error(&item, "hall.calendar_years", "every item must be a year like 2026");
                continue;
            }
            c.calendar_years.insert(static_cast<int>(*year));
        }
        if (years->empty())
            r.error(t->get("calendar_years"), "hall.calendar_years", "must name at least one year");
    }
    c.holidays = readDates(r, *t, "holidays");
    c.workdays = readDates(r, *t, "workdays");
    for (const auto& day : c.holidays) {
        if (c.workdays.contains(day))
            r.error(t->get("workdays"), "hall.workdays", fmt::format("{} is also a holiday", day));
    }
    for (const auto& [key, days] : {std::pair{"holidays", &c.holidays}, std::pair{"workdays", &c.workdays}}) {
        for (const auto& day : *days) {
            if (!c.calendar_years.empty() && !c.calendar_years.contains(std::stoi(day.substr(0, 4))))
                r.error(t->get(key), TomlReader::join("hall", key),
                        fmt::format("{} is outside calendar_years", day));
        }
    }
}

void readMaterials(TomlReader& r, const toml::table& root, HallCatalog& c) {
    const toml::table* t = r.table(root, "", "materials", Need::required);
    if (t == nullptr) return;
    for (const auto& [key, node] : *t) {
        const std::string path = TomlReader::join("materials", key.str());
        if (!isSlug(key.str(), '_')) r.error(&node, path, "material ids are lower-case ascii with '_'");
        if (!node.is_table()) {
            r.error(&node, path, "must be a table");
            continue;
        }
        const toml::table& m = *node.as_table();
        r.onlyKeys(m, path, {"name_zh", "name_en", "hall_can_copy", "card_proves", "where_zh", "where_en"});
        Material material;
        material.id = key.str();
        material.name_zh = r.string(m, path, "name_zh", Need::required).value_or("");
        material.name_en = r.string(m, path, "name_en", Need::required).value_or("");
        material.hall_can_copy = r.boolean(m, path, "hall_can_copy", Need::optional).value_or(false);
        material.card_proves = r.boolean(m, path, "card_proves", Need::optional).value_or(false);
        if (material.hall_can_copy && material.card_proves)
            r.error(m.get("card_proves"), path + ".card_proves",
                    "a material the card proves is not copied by the hall");
        material.where_zh = r.string(m, path, "where_zh", Need::optional).value_or("");
        material.where_en = r.string(m, path, "where_en", Need::optional).value_or("");
        c.materials.emplace(material.id, std::move(material));
    }
}

void readFields(TomlReader& r, const toml::table& root, HallCatalog& c) {
    const toml::table* t = r.table(root, "", "fields", Need::optional);
    if (t == nullptr) return;
    for (const auto& [key, node] : *t) {
        const std::string path = TomlReader::join("fields", key.str());
        if (!isSlug(key.str(), '_')) r.error(&node, path, "field ids are lower-case ascii with '_'");
        if (!node.is_table()) {
            r.error(&node, path, "must be a table");
            continue;
        }
        const toml::table& f = *node.as_table();
        r.onlyKeys(f, path, {"name_zh", "name_en", "kind", "min_length", "max_length"});
        Field field;
        field.id = key.str();
        field.name_zh = r.string(f, path, "name_zh", Need::required).value_or("");
        field.name_en = r.string(f, path, "name_en", Need::required).value_or("");
        if (auto kind = r.string(f, path, "kind", Need::optional)) {
            if (*kind == "digits") {
                field.kind = Field::Kind::digits;
            } else if (*kind != "text") {
                r.error(f.get("kind"), path + ".kind", "must be \"text\" or \"digits\"");
            }
        }
        field.min_length =
            static_cast<int>(r.integer(f, path, "min_length", Need::optional, 0, 200).value_or(1));
        field.max_length =
            static_cast<int>(r.integer(f, path, "max_length", Need::optional, 1, 200).value_or(40));
        if (field.min_length > field.max_length)
            r.error(f.get("min_length"), path + ".min_length", "is larger than max_length");
        c.fields.emplace(field.id, std::move(field));
    }
}

void readHours(TomlReader& r, const toml::table& parent, const std::string& path, WeekHours& week) {
    const toml::table* hours = r.table(parent, path, "hours", Need::required);
    if (hours == nullptr) return;
    const std::string hpath = path + ".hours";
    r.onlyKeys(*hours, hpath, {"weekdays", "mon", "tue", "wed", "thu", "fri", "sat", "sun"});
    auto weekdays = parseRanges(r, *hours, hpath, "weekdays");
    if (hours->get("weekdays") == nullptr) r.error(hours, hpath + ".weekdays", "missing required key");
    for (std::size_t d = 0; d < day_keys.size(); ++d) {
        if (auto own = parseRanges(r, *hours, hpath, day_keys[d])) {
            week[d] = *own;
        } else if (d < 5 && weekdays) {
            week[d] = *weekdays;
        }
    }
}

// Windows whose hours differ from their category's (a seven-day category with some weekday-only windows).
// Calls fn(table, "KEY[i]") for each table of the array of tables `key`; an item that is no table is an
// error.
template <typename Fn>
void forEachTable(TomlReader& r, const toml::table& root, std::string_view key, Need need, Fn&& fn) {
    const toml::array* list = r.array(root, "", key, need);
    if (list == nullptr) return;
    for (std::size_t i = 0; i < list->size(); ++i) {
        const toml::node& node = *list->get(i);
        const std::string path = fmt::format("{}[{}]", key, i);
        if (const toml::table* t = node.as_table()) {
            fn(*t, path);
        } else {
            r.error(&node, path, "must be a table");
        }
    }
}

void readWindows(TomlReader& r, const toml::table& root, HallCatalog& c) {
    forEachTable(r, root, "window", Need::optional, [&](const toml::table& t, const std::string& path) {
        r.onlyKeys(t, path, {"number", "hours"});
        const auto number = r.string(t, path, "number", Need::required);
        if (!number) return;
        auto owner = std::find_if(c.categories.begin(), c.categories.end(), [&](const Category& cat) {
            return std::find(cat.windows.begin(), cat.windows.end(), *number) != cat.windows.end();
        });
        if (owner == c.categories.end()) {
            r.error(t.get("number"), path + ".number", fmt::format("no category has window '{}'", *number));
            return;
        }
        WeekHours week;
        readHours(r, t, path, week);
        if (!owner->window_hours.emplace(*number, std::move(week)).second)
            r.error(t.get("number"), path + ".number", fmt::format("window '{}' is listed twice", *number));
    });
}

// Where each kiosk of the hall stands, printed on its tickets.
void readKiosks(TomlReader& r, const toml::table& root, HallCatalog& c) {
    forEachTable(r, root, "kiosk", Need::optional, [&](const toml::table& t, const std::string& path) {
        r.onlyKeys(t, path, {"id", "place_zh", "place_en"});
        const auto id = r.string(t, path, "id", Need::required);
        const auto zh = r.string(t, path, "place_zh", Need::required);
        const auto en = r.string(t, path, "place_en", Need::required);
        if (id && zh && en && !c.kiosk_places.emplace(*id, std::pair{*zh, *en}).second)
            r.error(t.get("id"), path + ".id", fmt::format("kiosk '{}' is listed twice", *id));
    });
}

void readCategories(TomlReader& r, const toml::table& root, HallCatalog& c) {
    std::set<std::string> windows;
    forEachTable(r, root, "category", Need::required, [&](const toml::table& t, const std::string& path) {
        r.onlyKeys(t, path,
                   {"id", "letter", "name_zh", "name_en", "location_zh", "location_en", "windows",
                    "avg_service_min", "hours"});
        Category category;
        category.id = r.string(t, path, "id", Need::required).value_or("");
        if (!category.id.empty() && !isSlug(category.id, '_'))
            r.error(t.get("id"), path + ".id", "must be lower-case ascii with '_'");
        if (c.category(category.id) != nullptr)
            r.error(t.get("id"), path + ".id", fmt::format("duplicate category '{}'", category.id));
        if (auto letter = r.string(t, path, "letter", Need::required)) {
            const bool valid = letter->size() == 1 && (*letter)[0] >= 'A' && (*letter)[0] <= 'Z';
            const bool taken = std::any_of(c.categories.begin(), c.categories.end(), [&](const Category& o) {
                return valid && o.letter == (*letter)[0];
            });
            if (!valid || taken)
                r.error(t.get("letter"), path + ".letter", "must be one unused upper-case letter A-Z");
            if (valid) category.letter = (*letter)[0];
        }
        category.name_zh = r.string(t, path, "name_zh", Need::required).value_or("");
        category.name_en = r.string(t, path, "name_en", Need::required).value_or("");
        category.location_zh = r.string(t, path, "location_zh", Need::optional).value_or("");
        category.location_en = r.string(t, path, "location_en", Need::optional).value_or("");
        if (category.location_zh.empty() != category.location_en.empty())
            r.error(t.get(category.location_zh.empty() ? "location_en" : "location_zh"), path,
                    "location_zh and location_en go together");
        category.windows = r.strings(t, path, "windows", Need::required).value_or(std::vector<std::string>{});
        for (const auto& w : category.windows) {
            if (!windows.insert(w).second)
                r.error(t.get("windows"), path + ".windows",
                        fmt::format("window '{}' belongs to two categories", w));
        }
        if (t.get("windows") != nullptr && category.windows.empty())
            r.error(t.get("windows"), path + ".windows", "needs at least one window");
        category.avg_service_min =
            static_cast<int>(r.integer(t, path, "avg_service_min", Need::required, 1, 240).value_or(10));
        readHours(r, t, path, category.hours);
        c.categories.push_back(std::move(category));
    });
}

void readServices(TomlReader& r, const toml::table& root, HallCatalog& c) {
    forEachTable(r, root, "service", Need::required, [&](const toml::table& t, const std::string& path) {
        r.onlyKeys(
            t, path,
            {"id", "category", "name_zh", "name_en", "materials", "fields", "no_card_ok", "face_check"});
        Service service;
        service.id = r.string(t, path, "id", Need::required).value_or("");
        if (!service.id.empty() && !isSlug(service.id, '-'))
            r.error(t.get("id"), path + ".id", "must be lower-case ascii with '-'");
        if (c.service(service.id) != nullptr || c.category(service.id) != nullptr) {
            r.error(t.get("id"), path + ".id", fmt::format("duplicate id '{}'", service.id));
        }
        service.category = r.string(t, path, "category", Need::required).value_or("");
        if (t.get("category") != nullptr && c.category(service.category) == nullptr) {
            r.error(t.get("category"), path + ".category", fmt::format("no category '{}'", service.category));
        }
        service.name_zh = r.string(t, path, "name_zh", Need::required).value_or("");
        service.name_en = r.string(t, path, "name_en", Need::required).value_or("");
        service.materials =
            r.strings(t, path, "materials", Need::required).value_or(std::vector<std::string>{});
        for (const auto& m : service.materials) {
            if (!c.materials.contains(m))
                r.error(t.get("materials"), path + ".materials", fmt::format("no material '{}'", m));
        }
        service.fields = r.strings(t, path, "fields", Need::optional).value_or(std::vector<std::string>{});
        for (const auto& f : service.fields) {
            if (!c.fields.contains(f))
                r.error(t.get("fields"), path + ".fields", fmt::format("no field '{}'", f));
        }
        service.initials = pinyinInitials(service.name_zh);
        service.no_card_ok = r.boolean(t, path, "no_card_ok", Need::optional).value_or(false);
        service.face_check = r.boolean(t, path, "face_check", Need::optional).value_or(false);
        c.services.push_back(std::move(service));
    });
}

}  // namespace

const Category* HallCatalog::category(std::string_view id) const {
    auto it =
        std::find_if(categories.begin(), categories.end(), [&](const Category& c) { return c.id == id; });
    return it == categories.end() ? nullptr : &*it;
}

const Category* HallCatalog::categoryOfWindow(std::string_view window) const {
    auto it = std::find_if(categories.begin(), categories.end(), [&](const Category& c) {
        return std::find(c.windows.begin(), c.windows.end(), window) != c.windows.end();
    });
    return it == categories.end() ? nullptr : &*it;
}

const WeekHours& Category::hoursOf(std::string_view window) const {
    auto it = window_hours.find(window);
    return it == window_hours.end() ? hours : it->second;
}

const Service* HallCatalog::service(std::string_view id) const {
    auto it = std::find_if(services.begin(), services.end(), [&](const Service& s) { return s.id == id; });
    return it == services.end() ? nullptr : &*it;
}

Expected<HallCatalog> parseHallCatalog(std::string_view text, const std::filesystem::path& file) {
    TomlReader r(file.string());
    auto root = r.parse(text);
    if (!root) return std::unexpected(r.toError());
    r.onlyKeys(*root, "", {"hall", "materials", "fields", "category", "window", "service", "kiosk"});
    HallCatalog c;
    readHall(r, *root, c);
    readMaterials(r, *root, c);
    readFields(r, *root, c);
    readCategories(r, *root, c);
    readWindows(r, *root, c);
    readServices(r, *root, c);
    readKiosks(r, *root, c);
    if (r.ok() && c.categories.empty()) r.error(&*root, "category", "the hall needs at least one category");
    if (!r.ok()) return std::unexpected(r.toError());
    return c;
}

Expected<HallCatalog> loadHallCatalog(const std::filesystem::path& file) {
    auto text = config::readConfigFile(file, "hall catalog");
    if (!text) return std::unexpected(text.error());
    return parseHallCatalog(*text, file);
}

}  // namespace yici::catalog
