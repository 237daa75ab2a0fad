// The citizen session: opened by a card tap (or "no card"), it carries the pre-registration flow's
// progress and the citizen's personal data, in memory only, until it ends (done, cancel, card removed,
// idle timeout), when every personal byte is wiped.
#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/json/object.hpp>

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "catalog/hall_catalog.hpp"
#include "http/event_stream.hpp"
#include "prereg/flow.hpp"
#include "time/local_time.hpp"
#include "yici/hal/error.hpp"
#include "yici/hal/id_card_reader.hpp"

namespace yici::session {

// Overwrite every personal field (or byte) before the memory is released.
void wipe(hal::IdCard& card);
void wipeBytes(std::vector<std::uint8_t>& bytes);
void wipeString(std::string& s);

// Whole years between a YYYYMMDD birth date and `today`; -1 when the date is unreadable.
int ageOn(std::string_view birth, const LocalTime& today);

// What the citizen typed at the details step.
struct Details {
    std::string mobile;
    std::map<std::string, std::string> fields;  // field id → value
    bool disabled = false;                      // declared; staff confirm at the window
    std::string appointment_code;
};

void wipe(Details& details);

// How the face check (人证核验) of a session ended. No images, only the decision and the score.
struct FaceResult {
    std::string decision;         // "match", or handed to staff: "no_match", "not_live", "unavailable", "skipped"
    std::optional<double> score;  // cosine similarity, when a recognizer compared the faces
};

// Everything the confirm step needs, copied out of the session; the caller wipes it when done.
struct ConfirmInput {
    std::uint64_t serial = 0;
    bool has_card = false;
    hal::IdCard card;
    int age = -1;
    std::string service_id;
    std::vector<std::string> missing_materials;
    Details details;
    std::optional<FaceResult> face;
};

class CitizenSessions {
  public:
    CitizenSessions(boost::asio::any_io_executor executor, std::chrono::seconds idle_timeout,
                    http::EventHub& events, const Clock& clock, const catalog::HallCatalog& hall);
    ~CitizenSessions();

    // Opens (or replaces) the session; returns its serial number, for attaching the decoded photo later.
    std::uint64_t cardPresent(const hal::IdCard& card);
    // The card photo decoded to BMP, if the session that asked is still the current one.
    void attachPhoto(std::uint64_t serial, std::vector<std::uint8_t> bmp);
    void cardRemoved();
    void cardError(std::string_view code);
    void end(std::string_view reason);
    void touch();  // the citizen did something: the idle countdown starts again
    // Elder mode doubles the idle timeout, for the open session (its countdown starts again) and for the
    // sessions opened after it, until it is turned off.
    void setElderMode(bool on);
    std::chrono::seconds idleTimeout() const { return elder_mode_ ? 2 * idle_timeout_ : idle_timeout_; }

    // The flow's steps. Each checks the transition table and its input; errors carry an API error code.
    Expected<void> startWithoutCard();
    Expected<void> chooseService(std::string_view service_id);
    Expected<void> checkMaterials(const std::vector<std::string>& have);
    Expected<void> giveDetails(Details details);
    Expected<void> back();
    // The face check of the session `serial` ended (from the camera pipeline, or the citizen asked for staff).
    Expected<void> faceChecked(std::uint64_t serial, FaceResult result);
    // Called with the session's serial each time a session enters the face step.
    void onFaceStep(std::function<void(std::uint64_t)> handler) { on_face_step_ = std::move(handler); }
    std::uint64_t serial() const { return serial_; }
    // The decoded card photo (BMP), empty without the decoder plug-in. Memory only.
    const std::vector<std::uint8_t>& photoBmp() const { return photo_bmp_; }
    // Marks the session as confirming (a second confirm is refused until this one finishes).
    Expected<ConfirmInput> beginConfirm();
    // The registration was committed and its ticket printed: the flow is done and the session ends.
    void confirmed(std::uint64_t serial);
    void confirmFailed(std::uint64_t serial);

    bool active() const { return active_; }
    prereg::Step step() const { return step_; }
    // The session for the UI: card fields with the ID number masked, the flow's progress; nullopt without
    // a session.
    std::optional<boost::json::object> view() const;

  private:
    void open(std::optional<hal::IdCard> card);
    Expected<void> apply(prereg::Event event);
    void armIdleTimer();
    std::vector<std::string> missingMaterials() const;

    http::EventHub& events_;
    const Clock& clock_;
    const catalog::HallCatalog& hall_;
    std::chrono::seconds idle_timeout_;
    bool elder_mode_ = false;
    boost::asio::steady_timer idle_;
    bool active_ = false;
    std::optional<hal::IdCard> card_;
    std::vector<std::uint8_t> photo_bmp_;  // the decoded card photo, memory only
    std::uint64_t serial_ = 0;
    TimePoint opened_at_{};
    prereg::Step step_ = prereg::Step::identify;
    std::string service_id_;
    std::vector<std::string> materials_have_;
    Details details_;
    std::optional<FaceResult> face_;
    std::function<void(std::uint64_t)> on_face_step_;
    bool confirming_ = false;
    std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

}  // namespace yici::session
