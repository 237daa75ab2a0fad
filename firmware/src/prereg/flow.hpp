// The pre-registration flow of the citizen session: every move (a card tap, a step, back, cancel, the card
// lifted, the idle countdown) goes through the transition table (prereg/transitions.hpp), and what each
// step collected lives here until the session ends, when it is wiped with the session.
#pragma once

#include <boost/asio/any_io_executor.hpp>

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/error.hpp"
#include "base/error_code.hpp"
#include "base/local_time.hpp"
#include "catalog/hall_catalog.hpp"
#include "prereg/transitions.hpp"
#include "session/citizen_session.hpp"
#include "session/session_events.hpp"
#include "yici/hal/id_card_reader.hpp"

namespace yici::prereg {

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
    std::string decision;  // "match", or handed to staff: "no_match", "not_live", "unavailable", "skipped"
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

class Flow {
  public:
    Flow(boost::asio::any_io_executor executor, std::chrono::milliseconds idle_timeout,
         session::SessionEvents& events, const Clock& clock, const catalog::HallCatalog& hall);

    // A card was read: a new session for its citizen, whatever came before. Returns the session's serial,
    // for attaching the decoded photo later.
    std::uint64_t cardPresent(const hal::IdCard& card);
    void attachPhoto(std::uint64_t serial, std::vector<std::uint8_t> bmp) {
        session_.attachPhoto(serial, std::move(bmp));
    }
    void cardRemoved();
    void cardError(ErrorCode code);
    // The citizen (or the technician, or shutdown) ends the session; `reason` is logged and shown.
    void end(std::string_view reason);
    void touch() { session_.touch(); }
    void setElderMode(bool on) { session_.setElderMode(on); }
    std::chrono::milliseconds idleTimeout() const { return session_.idleTimeout(); }

    // The flow's steps. Each checks the transition table and its input; errors carry an API error code.
    Expected<void> startWithoutCard();
    Expected<void> chooseService(std::string_view service_id);
    Expected<void> checkMaterials(const std::vector<std::string>& have);
    Expected<void> giveDetails(Details details);
    Expected<void> back();
    // The face check of the session `serial` ended (from the face step, or the citizen asked for staff).
    Expected<void> faceChecked(std::uint64_t serial, FaceResult result);
    // Called with the session's serial each time a session enters the face step.
    void onFaceStep(std::function<void(std::uint64_t)> handler) { on_face_step_ = std::move(handler); }
    // Marks the session as confirming (a second confirm is refused until this one finishes).
    Expected<ConfirmInput> beginConfirm();
    // The registration was committed and its ticket printed: the flow is done and the session ends.
    void confirmed(std::uint64_t serial);
    void confirmFailed(std::uint64_t serial);

    bool active() const { return session_.active(); }
    std::uint64_t serial() const { return session_.serial(); }
    const std::vector<std::uint8_t>& photoBmp() const { return session_.photoBmp(); }
    const session::CitizenSession& session() const { return session_; }
    Step step() const { return steps_.now(); }
    const std::string& serviceId() const { return service_id_; }
    // What the citizen has: what they ticked and what the card read here proves (a resident ID card).
    const std::vector<std::string>& materialsHave() const { return materials_have_; }
    bool provenByCard(std::string_view material_id) const;
    // What they still have to bring: neither had nor provided by the hall on site.
    std::vector<std::string> missingMaterials() const;
    const Details& details() const { return details_; }
    const std::optional<FaceResult>& face() const { return face_; }
    bool confirming() const { return confirming_; }

  private:
    // Moves by the table (no_session, registration_in_progress or flow_step_invalid when it may not).
    Expected<void> apply(Event event);
    // Ends the session by cancel or idle_timeout (the table has their rows from every step),
    // wiping what the steps collected.
    void endBy(Event event, std::string_view reason);
    void clearSteps();

    session::CitizenSession session_;
    session::SessionEvents& events_;
    const Clock& clock_;
    const catalog::HallCatalog& hall_;
    Steps steps_;  // identify whenever no session is open: every session ends through endBy
    std::string service_id_;
    std::vector<std::string> materials_have_;
    Details details_;
    std::optional<FaceResult> face_;
    std::function<void(std::uint64_t)> on_face_step_;
    bool confirming_ = false;
};

}  // namespace yici::prereg
