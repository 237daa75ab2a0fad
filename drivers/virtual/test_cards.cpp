// Test cards: valid numbers computed with the GB 11643 check digit, except the one meant to fail it.
#include "test_cards.hpp"

#include <algorithm>

namespace yici::devsim {
namespace {

hal::IdCard resident(std::string name, std::string gender, std::string birth, std::string id,
                     std::string valid_from, std::string valid_to) {
    hal::IdCard c;
    c.name = std::move(name);
    c.gender = std::move(gender);
    c.nation = "01";
    c.birth_date = std::move(birth);
    c.address = "浙江省永嘉县北城街道县前路88号";
    c.id_number = std::move(id);
    c.authority = "永嘉县公安局";
    c.valid_from = std::move(valid_from);
    c.valid_to = std::move(valid_to);
    return c;
}

std::vector<TestCard> makeCards() {
    std::vector<TestCard> cards;
    cards.push_back({"resident", "resident ID, valid until 2035",
                     resident("张三", "1", "19850612", "330324198506121230", "20150612", "20350612")});
    cards.push_back({"longterm", "resident ID valid long-term (长期)",
                     resident("李秀英", "2", "19620308", "330324196203080022", "20120308", "长期")});
    cards.push_back({"expired", "resident ID that expired in 2024",
                     resident("王五", "1", "19900101", "330324199001010011", "20140101", "20240101")});
    cards.push_back({"elderly", "citizen born in 1945 (age 80+)",
                     resident("赵德福", "1", "19450302", "330324194503020049", "20100302", "长期")});
    hal::IdCard permit = resident("陈小明", "1", "19880808", "810000198808080013", "20200101", "20300101");
    permit.type = hal::CardType::hk_macau_taiwan_permit;
    permit.address = "香港特别行政区";
    permit.authority = "永嘉县公安局";
    permit.pass_number = "H60000001";
    permit.issue_count = "01";
    cards.push_back({"permit-j", "Hong Kong/Macau/Taiwan residence permit (J)", permit});
    hal::IdCard foreigner;
    foreigner.type = hal::CardType::foreign_permanent_2017;
    foreigner.english_name = "MUELLER, ANNA";
    foreigner.name = "安娜";
    foreigner.gender = "2";
    foreigner.id_number = "DEU330090030501";
    foreigner.nationality = "DEU";
    foreigner.birth_date = "19900305";
    foreigner.valid_from = "20210101";
    foreigner.valid_to = "20310101";
    cards.push_back({"foreigner-i", "foreigner's permanent residence card, 2017 (I)", foreigner});
    cards.push_back({"staff", "a hall staff member's resident ID (yicictl staff-card add registers it)",
                     resident("周建国", "1", "19820314", "330324198203140311", "20180314", "20380314")});
    cards.push_back({"bad-check-digit", "resident ID whose number fails the check digit",
                     resident("孙六", "2", "19790715", "330324197907150027", "20190715", "20390715")});
    for (auto& t : cards) t.card.photo_wlt = testPhoto(t.name);
    return cards;
}

}  // namespace

const std::vector<TestCard>& testCards() {
    static const std::vector<TestCard> cards = makeCards();
    return cards;
}

const TestCard* findTestCard(std::string_view name) {
    const auto& cards = testCards();
    auto it = std::find_if(cards.begin(), cards.end(), [&](const TestCard& c) { return c.name == name; });
    return it == cards.end() ? nullptr : &*it;
}

std::vector<std::uint8_t> testPhoto(std::string_view card_name) {
    std::vector<std::uint8_t> photo(1024, 0);
    const std::string marker = "YICI-TEST-WLT:" + std::string(card_name);
    std::copy(marker.begin(), marker.end(), photo.begin());
    for (std::size_t i = marker.size(); i < photo.size(); ++i)
        photo[i] = static_cast<std::uint8_t>(i * 31 + marker.size());
    return photo;
}

}  // namespace yici::devsim
