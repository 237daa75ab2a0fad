// Wiping a card's personal fields, and the ID number's check digit.
#include <array>
#include <cstddef>

#include "base/secure_wipe.hpp"
#include "yici/hal/id_card_reader.hpp"

namespace yici::hal {

void wipe(IdCard& card) {
    for (std::string* s : {&card.name, &card.english_name, &card.gender, &card.nation, &card.nationality,
                           &card.birth_date, &card.address, &card.id_number, &card.authority,
                           &card.valid_from, &card.valid_to, &card.pass_number, &card.issue_count}) {
        base::secureWipe(*s);
    }
    base::secureWipe(card.photo_wlt);
    base::secureWipe(card.fingerprint);
}

bool idCheckDigitValid(std::string_view id) {
    static constexpr std::array<int, 17> weights = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    static constexpr std::string_view map = "10X98765432";
    if (id.size() != 18) return false;
    int sum = 0;
    for (std::size_t i = 0; i < 17; ++i) {
        if (id[i] < '0' || id[i] > '9') return false;
        sum += (id[i] - '0') * weights[i];
    }
    const char expected = map[static_cast<std::size_t>(sum % 11)];
    return id[17] == expected || (expected == 'X' && id[17] == 'x');
}

}  // namespace yici::hal
