// Catalog search: a ranked scan of the hall's items (a hall has tens to hundreds, no index needed).
#include "catalog/search.hpp"

#include <algorithm>

#include "catalog/internal/pinyin.hpp"

namespace yici::catalog {
namespace {

constexpr std::size_t max_query_bytes = 64;

std::string lowered(std::string_view s) {
    std::string out(s);
    for (char& c : out) {
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    return out;
}

std::string_view trimmed(std::string_view s) {
    while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
    while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
    return s;
}

bool isAscii(std::string_view s) {
    return std::all_of(s.begin(), s.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

// Lower is better; -1: no match.
int rank(const Service& service, const Category* category, std::string_view query, bool ascii) {
    if (!ascii) {
        if (service.name_zh.starts_with(query)) return 0;
        if (service.name_zh.find(query) != std::string::npos) return 1;
        if (category != nullptr && category->name_zh.find(query) != std::string::npos) return 2;
        return -1;
    }
    const std::string q = lowered(query);
    if (service.initials.starts_with(q)) return 0;
    if (service.initials.find(q) != std::string::npos) return 1;
    if (category != nullptr && pinyinInitials(category->name_zh).starts_with(q)) return 2;
    if (lowered(service.name_en).find(q) != std::string::npos) return 3;
    return -1;
}

}  // namespace

std::vector<const Service*> searchServices(const HallCatalog& hall, std::string_view query,
                                           std::size_t limit) {
    query = trimmed(query);
    if (query.empty() || query.size() > max_query_bytes) return {};
    const bool ascii = isAscii(query);
    std::vector<std::pair<int, const Service*>> hits;
    for (const Service& service : hall.services) {
        const int r = rank(service, hall.category(service.category), query, ascii);
        if (r >= 0) hits.emplace_back(r, &service);
    }
    std::stable_sort(hits.begin(), hits.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    std::vector<const Service*> out;
    for (const auto& hit : hits) {
        if (out.size() == limit) break;
        out.push_back(hit.second);
    }
    return out;
}

}  // namespace yici::catalog
