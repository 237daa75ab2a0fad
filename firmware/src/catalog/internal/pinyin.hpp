// Pinyin initials of Chinese text ("不动产登记" → "bdcdj"), so a citizen can search the catalog by typing
// initials on the on-screen keyboard.
#pragma once

#include <string>
#include <string_view>

namespace yici::catalog {

// One lower-case letter per Chinese character of GB2312's first level (the 3,755 common characters, which
// GB2312 orders by pinyin); ASCII letters and digits are kept lower-cased; anything else is skipped.
// A character with two readings gets the one GB2312 files it under (行 → x).
std::string pinyinInitials(std::string_view utf8);

}  // namespace yici::catalog
