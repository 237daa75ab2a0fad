// The virtual reader's test cards: one of each kind a kiosk must handle. All people are invented.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "yici/hal/id_card_reader.hpp"

namespace yici::devsim {

struct TestCard {
    std::string name;  // what `card tap NAME` takes
    std::string what;  // for `card list`
    hal::IdCard card;
};

const std::vector<TestCard>& testCards();
const TestCard* findTestCard(std::string_view name);

// 1024 bytes standing in for the vendor's WLT photo: a marker the test photo decoder recognises.
std::vector<std::uint8_t> testPhoto(std::string_view card_name);

}  // namespace yici::devsim
