// Citizen session: open on tap, masked view, wipe on end.
#include "session/citizen_session.hpp"

#include "app/logging.hpp"

#include <cstring>

#include "api/errors.hpp"

namespace yici::session {
namespace {

namespace json = boost::json;

void wipeString(std::string& s) {
    if (!s.empty()) ::explicit_bzero(s.data(), s.size());
    s.clear();
    s.shrink_to_fit();
}

std::string_view typeName(hal::CardType type) {
    switch (type) {
        case hal::CardType::resident_id:
            return "resident_id";
        case hal::CardType::hk_macau_taiwan_permit:
            return "hk_macau_taiwan_permit";
        case hal::CardType::foreign_permanent_2017:
            return "foreign_permanent_2017";
        case hal::CardType::foreign_permanent_2023:
            return "foreign_permanent_2023";
    }
    return "resident_id";
}

// Whole years between a YYYYMMDD birth date and today; -1 when the date is unreadable.
int ageOn(std::string_view birth, const LocalTime& today) {
    int y = 0, m = 0, d = 0;
    if (birth.size() != 8 || std::sscanf(std::string(birth).c_str(), "%4d%2d%2d", &y, &m, &d) != 3) return -1;
    int age = today.year - y;
    if (today.month < m || (today.month == m && today.day < d)) --age;
    return age;
}

json::object citizenMessage(std::string_view code) {
    const auto& m = api::citizenMessage(code);
    return json::object{{"code", code}, {"message_zh", m.zh}, {"message_en", m.en}};
}

}  // namespace

void wipe(hal::IdCard& card) {
    for (std::string* s : {&card.name, &card.english_name, &card.gender, &card.nation, &card.nationality,
                           &card.birth_date, &card.address, &card.id_number, &card.authority,
                           &card.valid_from, &card.valid_to, &card.pass_number, &card.issue_count}) {
        wipeString(*s);
    }
    wipeBytes(card.photo_wlt);
    wipeBytes(card.fingerprint);
}

void wipeBytes(std::vector<std::uint8_t>& bytes) {
    if (!bytes.empty()) ::explicit_bzero(bytes.data(), bytes.size());
    bytes.clear();
    bytes.shrink_to_fit();
}

CitizenSessions::CitizenSessions(boost::asio::any_io_executor executor, std::chrono::seconds idle_timeout,
                                 http::EventHub& events, const Clock& clock)
    : events_(events), clock_(clock), idle_timeout_(idle_timeout), idle_(executor) {}

CitizenSessions::~CitizenSessions() {
    *alive_ = false;
    if (card_) wipe(*card_);
    wipeBytes(photo_bmp_);
}

std::uint64_t CitizenSessions::cardPresent(const hal::IdCard& card) {
    if (card_) wipe(*card_);
    wipeBytes(photo_bmp_);
    card_ = card;
    ++serial_;
    opened_at_ = clock_.now();
    armIdleTimer();
    const int age = ageOn(card.birth_date, toLocal(opened_at_));
    events_.publish("card_tapped", json::object{{"expired", card.expired},
                                                {"id_number_valid", card.id_number_valid},
                                                {"elderly", age >= 70}});
    if (card.expired) events_.publish("card_error", citizenMessage("card_expired"));
    if (!card.id_number_valid) events_.publish("card_error", citizenMessage("card_number_invalid"));
    app::logger("session")->info("session opened by a card tap");
    return serial_;
}

void CitizenSessions::attachPhoto(std::uint64_t serial, std::vector<std::uint8_t> bmp) {
    if (!card_ || serial != serial_) {
        wipeBytes(bmp);  // the citizen has gone: the photo goes too
        return;
    }
    photo_bmp_ = std::move(bmp);
    events_.publish("photo_ready", json::object{});
}

void CitizenSessions::cardRemoved() {
    events_.publish("card_removed", json::object{});
    end("card_removed");
}

void CitizenSessions::cardError(std::string_view code) {
    events_.publish("card_error", citizenMessage(code));
}

void CitizenSessions::end(std::string_view reason) {
    idle_.cancel();
    if (!card_) return;
    wipe(*card_);
    wipeBytes(photo_bmp_);
    card_.reset();
    app::logger("session")->info("session ended: {}", reason);
    events_.publish("session_ended", json::object{{"reason", reason}});
}

void CitizenSessions::touch() {
    if (card_) armIdleTimer();
}

void CitizenSessions::armIdleTimer() {
    idle_.expires_after(idle_timeout_);
    idle_.async_wait([this, alive = alive_](const boost::system::error_code& ec) {
        if (ec || !*alive) return;  // cancelled: re-armed or ended
        end("idle_timeout");
    });
}

std::optional<json::object> CitizenSessions::view() const {
    if (!card_) return std::nullopt;
    const auto& c = *card_;
    const LocalTime today = toLocal(clock_.now());
    const int age = ageOn(c.birth_date, today);
    json::object citizen{{"card_type", typeName(c.type)},
                         {"name", c.name},
                         {"english_name", c.english_name},
                         {"gender", c.gender},
                         {"nation", c.nation},
                         {"nationality", c.nationality},
                         {"birth_date", c.birth_date},
                         {"age", age},
                         {"elderly", age >= 70},
                         {"address", c.address},
                         {"id_number_masked", hal::maskIdNumber(c.id_number)},
                         {"authority", c.authority},
                         {"valid_from", c.valid_from},
                         {"valid_to", c.valid_to},
                         {"expired", c.expired},
                         {"id_number_valid", c.id_number_valid},
                         {"pass_number_masked", hal::maskIdNumber(c.pass_number)}};
    const auto idle_left =
        std::chrono::duration_cast<std::chrono::seconds>(idle_.expiry() - std::chrono::steady_clock::now());
    return json::object{{"active", true},
                        {"opened_at", toLocal(opened_at_).iso8601()},
                        {"idle_timeout_s", idle_timeout_.count()},
                        {"photo", !photo_bmp_.empty()},
                        {"expires_in_s", std::max<long>(0, idle_left.count())},
                        {"citizen", std::move(citizen)}};
}

}  // namespace yici::session
