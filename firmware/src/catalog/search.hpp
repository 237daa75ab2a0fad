// Finding a service item by what a citizen types: Chinese characters, pinyin initials ("bdc" finds the
// 不动产 items) or English words.
#pragma once

#include <string_view>
#include <vector>

#include "catalog/hall_catalog.hpp"

namespace yici::catalog {

// Best matches first: items whose own initials start with the query, then contain it, then items of a
// category that matches; at most `limit`. An empty or over-long query finds nothing.
std::vector<const Service*> searchServices(const HallCatalog& hall, std::string_view query,
                                           std::size_t limit = 20);

}  // namespace yici::catalog
