// Wiping a card's personal fields.
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

}  // namespace yici::hal
