// The citizen session: open, wipe, idle countdown.
#include "session/citizen_session.hpp"

#include <boost/json/object.hpp>

#include <algorithm>

#include "base/secure_wipe.hpp"
#include "session/internal/log.hpp"

namespace yici::session {
namespace {

constexpr int elderly_age = 70;

}  // namespace

int ageOn(std::string_view birth, const LocalTime& today) {
    if (birth.size() != 8 ||
        !std::all_of(birth.begin(), birth.end(), [](char c) { return c >= '0' && c <= '9'; }))
        return -1;
    const auto num = [&](std::size_t at, std::size_t len) {
        int v = 0;
        for (std::size_t i = at; i < at + len; ++i) v = v * 10 + (birth[i] - '0');
        return v;
    };
    const int y = num(0, 4), m = num(4, 2), d = num(6, 2);
    int age = today.year - y;
    if (today.month < m || (today.month == m && today.day < d)) --age;
    return age;
}

bool isElderly(int age) {
    return age >= elderly_age;
}

CitizenSession::CitizenSession(boost::asio::any_io_executor executor, std::chrono::milliseconds idle_timeout,
                               SessionEvents& events, const Clock& clock)
    : events_(events), clock_(clock), idle_timeout_(idle_timeout), idle_(std::move(executor)) {}

CitizenSession::~CitizenSession() {
    *alive_ = false;
    wipeAll();
}

void CitizenSession::wipeAll() {
    if (card_) hal::wipe(*card_);
    card_.reset();
    base::secureWipe(photo_bmp_);
}

std::uint64_t CitizenSession::open(std::optional<hal::IdCard> card) {
    wipeAll();
    card_ = std::move(card);
    active_ = true;
    ++serial_;
    opened_at_ = clock_.now();
    armIdleTimer();
    log()->info("session opened {}", card_ ? "by a card tap" : "without a card");
    return serial_;
}

void CitizenSession::end(std::string_view reason) {
    idle_.cancel();
    if (!active_) return;
    wipeAll();
    active_ = false;
    log()->info("session ended: {}", reason);
    events_.publish("session_ended", boost::json::object{{"reason", reason}});
}

void CitizenSession::attachPhoto(std::uint64_t serial, std::vector<std::uint8_t> bmp) {
    if (!card_ || serial != serial_) {
        base::secureWipe(bmp);  // the citizen has gone: the photo goes too
        return;
    }
    photo_bmp_ = std::move(bmp);
    events_.publish("photo_ready", boost::json::object{});
}

void CitizenSession::touch() {
    if (active_) armIdleTimer();
}

void CitizenSession::setElderMode(bool on) {
    if (on != elder_mode_) log()->info("elder mode {}", on ? "on" : "off");
    elder_mode_ = on;
    if (active_) armIdleTimer();
}

int CitizenSession::age() const {
    return card_ ? ageOn(card_->birth_date, toLocal(clock_.now())) : -1;
}

std::chrono::seconds CitizenSession::expiresIn() const {
    const auto left =
        std::chrono::duration_cast<std::chrono::seconds>(idle_.expiry() - std::chrono::steady_clock::now());
    return std::max(std::chrono::seconds(0), left);
}

void CitizenSession::armIdleTimer() {
    idle_.expires_after(idleTimeout());
    idle_.async_wait([this, alive = alive_](const boost::system::error_code& ec) {
        if (ec || !*alive) return;  // cancelled: re-armed or ended
        if (on_idle_) {
            on_idle_();
        } else {
            end("idle_timeout");
        }
    });
}

}  // namespace yici::session
