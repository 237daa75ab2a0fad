// SAM ID-card protocol, byte for byte against HARDWARE.md: frames, status words, text decoding, checks.
#include <doctest/doctest.h>

#include <algorithm>

#include "idcard/sam/codec.hpp"

using namespace yici;
using sam::Bytes;

namespace {

hal::IdCard resident() {
    hal::IdCard c;
    c.name = "张三";
    c.gender = "1";
    c.nation = "01";
    c.birth_date = "19850612";
    c.address = "浙江省永嘉县上塘镇县前路100号";
    c.id_number = "330324198506121230";
    c.authority = "永嘉县公安局";
    c.valid_from = "20150101";
    c.valid_to = "20350101";
    c.photo_wlt = Bytes(1024, 0x5A);
    return c;
}

Bytes concat(std::initializer_list<Bytes> parts) {
    Bytes out;
    for (const auto& p : parts) out.insert(out.end(), p.begin(), p.end());
    return out;
}

}  // namespace

TEST_CASE("every command frame of HARDWARE.md, byte for byte") {
    CHECK(sam::request(sam::Command::reset) ==
          Bytes{0xAA, 0xAA, 0xAA, 0x96, 0x69, 0x00, 0x03, 0x10, 0xFF, 0xEC});
    CHECK(sam::request(sam::Command::sam_status) ==
          Bytes{0xAA, 0xAA, 0xAA, 0x96, 0x69, 0x00, 0x03, 0x11, 0xFF, 0xED});
    CHECK(sam::request(sam::Command::read_sam_id) ==
          Bytes{0xAA, 0xAA, 0xAA, 0x96, 0x69, 0x00, 0x03, 0x12, 0xFF, 0xEE});
    CHECK(sam::request(sam::Command::find_card) ==
          Bytes{0xAA, 0xAA, 0xAA, 0x96, 0x69, 0x00, 0x03, 0x20, 0x01, 0x22});
    CHECK(sam::request(sam::Command::select_card) ==
          Bytes{0xAA, 0xAA, 0xAA, 0x96, 0x69, 0x00, 0x03, 0x20, 0x02, 0x21});
    CHECK(sam::request(sam::Command::read_text_photo) ==
          Bytes{0xAA, 0xAA, 0xAA, 0x96, 0x69, 0x00, 0x03, 0x30, 0x01, 0x32});
    CHECK(sam::request(sam::Command::read_text_photo_fingerprint) ==
          Bytes{0xAA, 0xAA, 0xAA, 0x96, 0x69, 0x00, 0x03, 0x30, 0x10, 0x23});
    CHECK(sam::request(sam::Command::read_extra_address) ==
          Bytes{0xAA, 0xAA, 0xAA, 0x96, 0x69, 0x00, 0x03, 0x30, 0x03, 0x30});
}

TEST_CASE("the SAM status reply of HARDWARE.md parses as success") {
    sam::ReplyParser parser;
    parser.feed(Bytes{0xAA, 0xAA, 0xAA, 0x96, 0x69, 0x00, 0x04, 0x00, 0x00, 0x90, 0x94});
    auto event = parser.next();
    REQUIRE(event.has_value());
    CHECK(event->kind == sam::ReplyParser::Event::Kind::frame);
    CHECK(event->reply.sw3 == 0x90);
    CHECK(event->reply.ok());
    CHECK(event->reply.data.empty());
    CHECK(sam::replyFrame(0x90) == Bytes{0xAA, 0xAA, 0xAA, 0x96, 0x69, 0x00, 0x04, 0x00, 0x00, 0x90, 0x94});
}

TEST_CASE("every status word has a name, and unknown ones are said to be unknown") {
    const std::pair<std::uint8_t, std::string_view> known[] = {{0x90, "success"},
                                                               {0x9F, "card_found"},
                                                               {0x10, "checksum_error"},
                                                               {0x11, "length_error"},
                                                               {0x21, "command_error"},
                                                               {0x24, "unrecognised_command"},
                                                               {0x31, "card_authentication_failed"},
                                                               {0x32, "reader_authentication_failed"},
                                                               {0x33, "verification_error"},
                                                               {0x40, "wrong_card"},
                                                               {0x41, "read_failed"},
                                                               {0x47, "random_number_failed"},
                                                               {0x60, "self_test_failed"},
                                                               {0x66, "reader_not_authorised"},
                                                               {0x80, "no_card_found"},
                                                               {0x81, "select_failed"}};
    for (const auto& [code, name] : known) CHECK(sam::statusName(code) == name);
    CHECK(sam::statusName(0x55) == "unknown_status");
}

TEST_CASE("garbage before a frame is skipped and counted; a preamble split across reads is kept") {
    sam::ReplyParser parser;
    const Bytes frame = sam::replyFrame(0x9F, Bytes{1, 2, 3, 4});
    parser.feed(Bytes{0x00, 0x13, 0xAA, 0x37});
    parser.feed(Bytes(frame.begin(), frame.begin() + 3));
    auto garbage = parser.next();
    REQUIRE(garbage.has_value());
    CHECK(garbage->kind == sam::ReplyParser::Event::Kind::garbage);
    CHECK(garbage->skipped == 4);
    CHECK_FALSE(parser.next().has_value());  // AA AA AA may start a preamble: wait
    parser.feed(Bytes(frame.begin() + 3, frame.end()));
    auto found = parser.next();
    REQUIRE(found.has_value());
    CHECK(found->kind == sam::ReplyParser::Event::Kind::frame);
    CHECK(found->reply.sw3 == 0x9F);
    CHECK(found->reply.data == Bytes{1, 2, 3, 4});
}

TEST_CASE("a wrong checksum or an impossible length resynchronises on the next frame") {
    sam::ReplyParser parser;
    Bytes broken = sam::replyFrame(0x90, Bytes{9, 9});
    broken.back() ^= 0xFF;
    Bytes huge = {0xAA, 0xAA, 0xAA, 0x96, 0x69, 0xFF, 0xFF};
    parser.feed(concat({broken, huge, sam::replyFrame(0x80)}));
    std::vector<sam::ReplyParser::Event::Kind> kinds;
    std::optional<sam::ReplyParser::Event> e;
    std::uint8_t last_sw3 = 0;
    while ((e = parser.next())) {
        kinds.push_back(e->kind);
        if (e->kind == sam::ReplyParser::Event::Kind::frame) last_sw3 = e->reply.sw3;
    }
    CHECK(std::count(kinds.begin(), kinds.end(), sam::ReplyParser::Event::Kind::bad_checksum) == 1);
    CHECK(std::count(kinds.begin(), kinds.end(), sam::ReplyParser::Event::Kind::bad_length) == 1);
    CHECK(kinds.back() == sam::ReplyParser::Event::Kind::frame);
    CHECK(last_sw3 == 0x80);
}

TEST_CASE("a truncated frame waits for the rest") {
    sam::ReplyParser parser;
    const Bytes frame = sam::replyFrame(0x90, sam::readData(resident(), false));
    CHECK(frame.size() == 1295);  // the whole read reply, as HARDWARE.md says
    parser.feed(Bytes(frame.begin(), frame.begin() + 700));
    CHECK_FALSE(parser.next().has_value());
    parser.feed(Bytes(frame.begin() + 700, frame.end()));
    CHECK(parser.next()->reply.data.size() == 1284);
}

TEST_CASE("the text block decodes from raw UCS-2LE, space padding trimmed") {
    Bytes text(256, 0);
    for (std::size_t i = 0; i < 256; i += 2) text[i] = 0x20;
    text[0] = 0x20;  // 张 U+5F20
    text[1] = 0x5F;
    text[2] = 0x09;  // 三 U+4E09
    text[3] = 0x4E;
    text[30] = '2';
    const auto card = sam::decodeCard({text, {}, {}}, "20261127");
    CHECK(card.name == "张三");
    CHECK(card.gender == "2");
    CHECK(card.type == hal::CardType::resident_id);
}

TEST_CASE("a resident ID card round-trips through the reader's read reply") {
    const auto data = sam::readData(resident(), false);
    auto split = sam::splitReadData(data);
    REQUIRE(split.has_value());
    CHECK(split->text.size() == 256);
    CHECK(split->photo.size() == 1024);
    const auto card = sam::decodeCard(*split, "20261127");
    CHECK(card.name == "张三");
    CHECK(card.address == "浙江省永嘉县上塘镇县前路100号");
    CHECK(card.id_number == "330324198506121230");
    CHECK(card.authority == "永嘉县公安局");
    CHECK(card.valid_to == "20350101");
    CHECK(card.photo_wlt == Bytes(1024, 0x5A));
    CHECK_FALSE(card.expired);
    CHECK(card.id_number_valid);
}

TEST_CASE("long-term cards never expire; expired cards are flagged, not refused") {
    auto c = resident();
    c.valid_to = "长期";
    CHECK_FALSE(sam::decodeCard(*sam::splitReadData(sam::readData(c, false)), "20991231").expired);
    c.valid_to = "20201231";
    const auto expired = sam::decodeCard(*sam::splitReadData(sam::readData(c, false)), "20261127");
    CHECK(expired.expired);
    CHECK(expired.name == "张三");
}

TEST_CASE("HK/Macau/Taiwan permits carry the pass number and issue count") {
    auto c = resident();
    c.type = hal::CardType::hk_macau_taiwan_permit;
    c.id_number = "810000199001010011";
    c.birth_date = "19900101";
    c.pass_number = "H12345678";
    c.issue_count = "01";
    const auto card = sam::decodeCard(*sam::splitReadData(sam::readData(c, false)), "20261127");
    CHECK(card.type == hal::CardType::hk_macau_taiwan_permit);
    CHECK(card.pass_number == "H12345678");
    CHECK(card.issue_count == "01");
}

TEST_CASE("foreigner's permanent residence cards (2017 I and 2023 Y) decode their own layout") {
    hal::IdCard c;
    c.type = hal::CardType::foreign_permanent_2017;
    c.english_name = "SMITH, JOHN";
    c.name = "史密斯";
    c.gender = "1";
    c.id_number = "USA330090010101";
    c.nationality = "USA";
    c.birth_date = "19900101";
    c.valid_from = "20200101";
    c.valid_to = "20300101";
    auto card = sam::decodeCard(*sam::splitReadData(sam::readData(c, false)), "20261127");
    CHECK(card.type == hal::CardType::foreign_permanent_2017);
    CHECK(card.english_name == "SMITH, JOHN");
    CHECK(card.name == "史密斯");
    CHECK(card.nationality == "USA");
    CHECK(card.id_number == "USA330090010101");
    CHECK(card.id_number_valid);
    c.type = hal::CardType::foreign_permanent_2023;
    c.id_number = "933024199001010019";
    card = sam::decodeCard(*sam::splitReadData(sam::readData(c, false)), "20261127");
    CHECK(card.type == hal::CardType::foreign_permanent_2023);
    CHECK(card.id_number.starts_with("9"));
}

TEST_CASE("ID check digits: valid, invalid, X, and birth digits that disagree") {
    CHECK(hal::idCheckDigitValid("330324198506121230"));
    CHECK(hal::idCheckDigitValid("33032420010915002X"));
    CHECK(hal::idCheckDigitValid("33032420010915002x"));
    CHECK_FALSE(hal::idCheckDigitValid("330324198506121231"));
    CHECK_FALSE(hal::idCheckDigitValid("33032419850612123"));
    CHECK_FALSE(hal::idCheckDigitValid("3303241985061212A0"));
    auto c = resident();
    c.birth_date = "19850613";  // the number says 0612
    CHECK_FALSE(sam::decodeCard(*sam::splitReadData(sam::readData(c, false)), "20261127").id_number_valid);
}

TEST_CASE("fingerprint data is accepted after the photo or beside the other lengths") {
    auto c = resident();
    c.fingerprint = Bytes(512, 0x77);
    const auto after_photo = sam::splitReadData(sam::readData(c, true));
    REQUIRE(after_photo.has_value());
    CHECK(after_photo->fingerprint == Bytes(512, 0x77));
    Bytes beside = {0x01, 0x00, 0x04, 0x00, 0x02, 0x00};
    const Bytes text = sam::encodeText(c);
    beside.insert(beside.end(), text.begin(), text.end());
    beside.insert(beside.end(), c.photo_wlt.begin(), c.photo_wlt.end());
    beside.insert(beside.end(), c.fingerprint.begin(), c.fingerprint.end());
    const auto vendor = sam::splitReadData(beside);
    REQUIRE(vendor.has_value());
    CHECK(vendor->fingerprint == Bytes(512, 0x77));
    CHECK(sam::decodeCard(*vendor, "20261127").name == "张三");
    CHECK_FALSE(sam::splitReadData(Bytes{0x01, 0x00, 0x04, 0x00, 0x00}).has_value());
}

TEST_CASE("ID numbers are masked to the first six and the last four") {
    CHECK(hal::maskIdNumber("330324198506121230") == "330324********1230");
    CHECK(hal::maskIdNumber("USA330090010101") == "USA330*****0101");
    CHECK(hal::maskIdNumber("H1234") == "H1*34");
}

TEST_CASE("the reply parser leaves no card byte in its memory once the frame is handed on") {
    // A reply split across reads, after line noise, then a corrupt copy: every path that drops bytes.
    const Bytes reply = sam::replyFrame(0x90, sam::readData(resident(), false));
    const auto text = sam::encodeText(resident());
    const Bytes id_digits(text.begin() + 122, text.begin() + 158);  // the ID number's 18 UCS-2 characters
    REQUIRE(std::search(reply.begin(), reply.end(), id_digits.begin(), id_digits.end()) != reply.end());
    Bytes corrupt = reply;
    corrupt.back() ^= 0xFF;
    auto holds_id = [&](const sam::ReplyParser& parser) {
        const auto memory = parser.allocated();
        return std::search(memory.begin(), memory.end(), id_digits.begin(), id_digits.end()) != memory.end();
    };

    sam::ReplyParser parser;
    parser.feed(Bytes{0x01, 0x02, 0x03});
    const std::size_t half = reply.size() / 2;
    parser.feed({reply.data(), half});
    while (parser.next()) {
    }
    parser.feed({reply.data() + half, reply.size() - half});
    auto event = parser.next();
    REQUIRE(event.has_value());
    CHECK(event->kind == sam::ReplyParser::Event::Kind::frame);
    CHECK(parser.buffered() == 0);
    CHECK_FALSE(holds_id(parser));

    parser.feed(corrupt);
    while (parser.next()) {
    }
    CHECK_FALSE(holds_id(parser));  // resynchronising byte by byte wipes what it skips

    parser.feed({reply.data(), half});
    parser.clear();  // a timeout drops a half-read reply
    CHECK_FALSE(holds_id(parser));
}
