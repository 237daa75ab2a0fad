// GB2312 level-1 characters are sorted by pinyin, so the first GB2312 code of each initial letter is enough
// to find any common character's initial. glibc's iconv converts UTF-8 to GB2312.
#include "catalog/internal/pinyin.hpp"
#include "base/utf8.hpp"

#include <iconv.h>

#include <array>
#include <cstdint>

namespace yici::catalog {
namespace {

struct Boundary {
    std::uint16_t first_code;
    char letter;
};

// The first GB2312 character of each initial (啊 芭 擦 搭 蛾 发 噶 哈 击 喀 垃 妈 拿 哦 啪 期 然 撒 塌 挖 昔
// 压 匝); level 1 ends at 0xD7F9. No pinyin syllable starts with i, u or v.
constexpr std::array<Boundary, 23> boundaries = {{
    {0xB0A1, 'a'}, {0xB0C5, 'b'}, {0xB2C1, 'c'}, {0xB4EE, 'd'}, {0xB6EA, 'e'}, {0xB7A2, 'f'},
    {0xB8C1, 'g'}, {0xB9FE, 'h'}, {0xBBF7, 'j'}, {0xBFA6, 'k'}, {0xC0AC, 'l'}, {0xC2E8, 'm'},
    {0xC4C3, 'n'}, {0xC5B6, 'o'}, {0xC5BE, 'p'}, {0xC6DA, 'q'}, {0xC8BB, 'r'}, {0xC8F6, 's'},
    {0xCBFA, 't'}, {0xCDDA, 'w'}, {0xCEF4, 'x'}, {0xD1B9, 'y'}, {0xD4D1, 'z'},
}};
constexpr std::uint16_t level1_end = 0xD7FA;

char initialOf(std::uint16_t gb) {
    if (gb < boundaries.front().first_code || gb >= level1_end) return 0;
    char letter = 0;
    for (const Boundary& b : boundaries) {
        if (gb >= b.first_code) letter = b.letter;
    }
    return letter;
}

class Converter {
  public:
    Converter() : cd_(::iconv_open("GB2312", "UTF-8")) {}
    ~Converter() {
        if (cd_ != invalid()) ::iconv_close(cd_);
    }
    Converter(const Converter&) = delete;
    Converter& operator=(const Converter&) = delete;

    // The GB2312 code of one UTF-8 character, 0 when it has none.
    std::uint16_t code(std::string_view character) {
        if (cd_ == invalid()) return 0;
        std::array<char, 4> in{};
        std::array<char, 4> out{};
        character.copy(in.data(), in.size());
        char* in_ptr = in.data();
        char* out_ptr = out.data();
        std::size_t in_left = character.size();
        std::size_t out_left = out.size();
        const std::size_t done = ::iconv(cd_, &in_ptr, &in_left, &out_ptr, &out_left);
        ::iconv(cd_, nullptr, nullptr, nullptr, nullptr);  // reset the shift state after a failure
        if (done == static_cast<std::size_t>(-1) || out.size() - out_left != 2) return 0;
        return static_cast<std::uint16_t>((static_cast<unsigned char>(out[0]) << 8) |
                                          static_cast<unsigned char>(out[1]));
    }

  private:
    static iconv_t invalid() { return reinterpret_cast<iconv_t>(-1); }
    iconv_t cd_;
};

}  // namespace

std::string pinyinInitials(std::string_view utf8) {
    Converter converter;
    std::string out;
    for (std::size_t i = 0; i < utf8.size();) {
        const auto lead = static_cast<unsigned char>(utf8[i]);
        const std::size_t len = std::min(base::utf8::sequenceLength(lead), utf8.size() - i);
        if (len == 1) {
            if ((lead >= 'a' && lead <= 'z') || (lead >= '0' && lead <= '9')) out += static_cast<char>(lead);
            if (lead >= 'A' && lead <= 'Z') out += static_cast<char>(lead - 'A' + 'a');
        } else if (const char letter = initialOf(converter.code(utf8.substr(i, len)))) {
            out += letter;
        }
        i += len;
    }
    return out;
}

}  // namespace yici::catalog
