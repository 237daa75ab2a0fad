// The pre-registration flow of a citizen session: cards that cannot register are stopped early, personal data
// never reaches the view in full, and every way of ending (cancel, card lifted, idle) wipes everything.
#include <doctest/doctest.h>

#include <boost/asio/io_context.hpp>
#include <boost/json/serialize.hpp>

#include <new>
#include <string_view>

#include "api/internal/session_view.hpp"
#include "fakes/recording_session_events.hpp"
#include "prereg/errors.hpp"
#include "prereg/flow.hpp"
#include "testing.hpp"

using namespace yici;

namespace {

struct FlowBench {
    // A test that waits for the idle timeout on the real timer gives a short one.
    explicit FlowBench(std::chrono::milliseconds idle = std::chrono::seconds(60))
        : sessions{io.get_executor(), idle, events, clock, hall} {}

    boost::asio::io_context io;
    testing::RecordingSessionEvents events;
    testing::FakeClock clock{testing::shanghai(2026, 11, 27, 10, 0)};
    catalog::HallCatalog hall =
        *catalog::loadHallCatalog(testing::sourceDir() / "tests/data/always-open-hall.toml");
    prereg::Flow sessions;
};

hal::IdCard card(std::string birth = "19850612", std::string id = "330324198506121230") {
    hal::IdCard c;
    c.name = "张三";
    c.birth_date = std::move(birth);
    c.id_number = std::move(id);
    c.valid_to = "20350612";
    return c;
}

std::string viewText(const prereg::Flow& s, const catalog::HallCatalog& hall) {
    auto v = api::sessionView(s, hall);
    return v ? boost::json::serialize(*v) : "";
}

}  // namespace

TEST_CASE("a full pass through the steps, with back, ends wiped") {
    FlowBench b;
    b.sessions.cardPresent(card());
    CHECK(b.sessions.step() == prereg::Step::choose);
    REQUIRE(b.sessions.chooseService("re-transfer").has_value());
    REQUIRE(b.sessions.checkMaterials({"id_card"}).has_value());
    REQUIRE(b.sessions.back().has_value());
    CHECK(b.sessions.step() == prereg::Step::materials);
    REQUIRE(b.sessions.checkMaterials({"id_card", "property_certificate"}).has_value());
    prereg::Details details;
    details.mobile = "13912345678";
    details.fields["property_certificate_no"] = "2026001234567";
    REQUIRE(b.sessions.giveDetails(details).has_value());
    CHECK(b.sessions.step() == prereg::Step::confirm);
    const std::string view = viewText(b.sessions, b.hall);
    CHECK(view.find("139****5678") != std::string::npos);
    for (const char* secret : {"13912345678", "330324198506121230", "2026001234567"})
        CHECK(view.find(secret) == std::string::npos);
    auto input = b.sessions.beginConfirm();
    REQUIRE(input.has_value());
    CHECK(input->missing_materials.empty());  // the card proves the ID card; the hall copies it itself
    CHECK(input->age == 41);
    CHECK(b.sessions.beginConfirm().error().code == prereg::Errc::registration_in_progress);  // a double tap
    b.sessions.confirmed(input->serial);
    CHECK_FALSE(b.sessions.active());
    CHECK(viewText(b.sessions, b.hall).empty());
}

TEST_CASE("an item that needs a face check stops at the face step until the check of that session ends") {
    FlowBench b;
    std::vector<std::uint64_t> face_steps;
    b.sessions.onFaceStep([&](std::uint64_t serial) { face_steps.push_back(serial); });
    const std::uint64_t serial = b.sessions.cardPresent(card());
    REQUIRE(b.sessions.chooseService("ca-marriage").has_value());
    CHECK(b.sessions.step() == prereg::Step::face);
    CHECK(face_steps == std::vector<std::uint64_t>{serial});
    CHECK(b.sessions.checkMaterials({"id_card"}).error().code == prereg::Errc::flow_step_invalid);

    // A result for an earlier citizen's session changes nothing.
    CHECK(b.sessions.faceChecked(serial + 1, {"match", 0.8}).error().code == prereg::Errc::no_session);
    CHECK(b.sessions.step() == prereg::Step::face);
    REQUIRE(b.sessions.back().has_value());
    CHECK(b.sessions.step() == prereg::Step::choose);
    REQUIRE(b.sessions.chooseService("ca-marriage").has_value());
    CHECK(face_steps.size() == 2);

    REQUIRE(b.sessions.faceChecked(serial, {"match", 0.71}).has_value());
    CHECK(b.sessions.step() == prereg::Step::materials);
    const auto face = api::sessionView(b.sessions, b.hall)->at("flow").at("face");
    CHECK(face.at("decision") == "match");
    CHECK(face.at("score").as_double() == doctest::Approx(0.71));
    CHECK(b.sessions.faceChecked(serial, {"no_match", 0.1}).error().code == prereg::Errc::flow_step_invalid);
    REQUIRE(b.sessions.checkMaterials({"id_card"}).has_value());
    prereg::Details details;
    details.mobile = "13912345678";
    REQUIRE(b.sessions.giveDetails(details).has_value());
    auto input = b.sessions.beginConfirm();
    REQUIRE(input.has_value());
    REQUIRE(input->face.has_value());
    CHECK(input->face->decision == "match");
    CHECK(input->face->score == doctest::Approx(0.71));
}

TEST_CASE("an expired card or a number that does not check cannot register") {
    FlowBench b;
    auto expired = card();
    expired.expired = true;
    b.sessions.cardPresent(expired);
    CHECK(b.sessions.chooseService("re-transfer").error().code == prereg::Errc::card_expired);
    auto forged = card();
    forged.id_number_valid = false;
    b.sessions.cardPresent(forged);
    CHECK(b.sessions.chooseService("re-transfer").error().code == prereg::Errc::card_number_invalid);
    // The screen was told why, for each card, right at the tap.
    CHECK(b.events.names() ==
          std::vector<std::string>{"card_tapped", "card_error", "card_tapped", "card_error"});
    CHECK(b.events.events[1].second.at("code") == "card_expired");
    CHECK(b.events.events[3].second.at("code") == "card_number_invalid");
}

TEST_CASE("without a card only the items that allow it can be chosen") {
    FlowBench b;
    CHECK(b.sessions.chooseService("re-transfer").error().code == prereg::Errc::no_session);
    REQUIRE(b.sessions.startWithoutCard().has_value());
    CHECK(b.sessions.chooseService("re-transfer").error().code == prereg::Errc::card_required);
    CHECK(b.sessions.chooseService("hr-contribution-certificate").has_value());
    b.sessions.cardRemoved();  // someone else's card lifted: the no-card citizen carries on
    CHECK(b.sessions.active());
}

TEST_CASE("bad details are refused and the step stays where it was") {
    FlowBench b;
    b.sessions.cardPresent(card());
    REQUIRE(b.sessions.chooseService("re-transfer").has_value());
    REQUIRE(b.sessions.checkMaterials({}).has_value());
    prereg::Details d;
    d.mobile = "12345";
    CHECK(b.sessions.giveDetails(d).error().code == prereg::Errc::mobile_invalid);
    d.mobile = "13912345678";
    CHECK(b.sessions.giveDetails(d).error().code ==
          prereg::Errc::field_invalid);  // the certificate number is missing
    d.fields["property_certificate_no"] = "12AB";
    CHECK(b.sessions.giveDetails(d).error().code == prereg::Errc::field_invalid);
    CHECK(b.sessions.step() == prereg::Step::details);
    CHECK(b.sessions.checkMaterials({}).error().code == prereg::Errc::flow_step_invalid);
}

namespace {

// The heap behind a view, noting each block that still held one of `secrets` when it came back.
class SnoopingResource final : public boost::json::memory_resource {
  public:
    std::vector<std::string> secrets;
    int blocks_with_secret = 0;
    int blocks_freed = 0;

  private:
    void* do_allocate(std::size_t bytes, std::size_t align) override {
        return ::operator new(bytes, std::align_val_t(align));
    }
    void do_deallocate(void* p, std::size_t bytes, std::size_t align) override {
        const std::string_view block(static_cast<const char*>(p), bytes);
        ++blocks_freed;
        for (const auto& secret : secrets)
            if (block.find(secret) != std::string_view::npos) ++blocks_with_secret;
        ::operator delete(p, std::align_val_t(align));
    }
    bool do_is_equal(const boost::json::memory_resource& other) const noexcept override {
        return this == &other;
    }
};

}  // namespace

TEST_CASE("the ID card just read is had and locked; what the hall copies on site is never missing") {
    FlowBench b;
    b.sessions.cardPresent(card());
    REQUIRE(b.sessions.chooseService("re-transfer").has_value());
    CHECK(b.sessions.materialsHave() == std::vector<std::string>{"id_card"});  // ticked before any tap
    auto view = api::sessionView(b.sessions, b.hall);
    REQUIRE(view.has_value());
    const auto& materials = view->at("flow").at("materials").as_array();
    CHECK(materials.at(0).at("id") == "id_card");
    CHECK(materials.at(0).at("have") == true);
    CHECK(materials.at(0).at("proven_by_card") == true);
    CHECK(materials.at(2).at("proven_by_card") == false);
    // Unticking it changes nothing: the card lies on the reader (or was read here).
    REQUIRE(b.sessions.checkMaterials({}).has_value());
    CHECK(b.sessions.materialsHave() == std::vector<std::string>{"id_card"});
    CHECK(b.sessions.missingMaterials() == std::vector<std::string>{"property_certificate"});
    // Other cards prove no resident ID card.
    hal::IdCard permit = card();
    permit.type = hal::CardType::hk_macau_taiwan_permit;
    b.sessions.cardPresent(permit);
    REQUIRE(b.sessions.chooseService("re-transfer").has_value());
    REQUIRE(b.sessions.checkMaterials({}).has_value());
    CHECK(b.sessions.missingMaterials() == std::vector<std::string>{"id_card", "property_certificate"});
}

TEST_CASE("the view at the confirm step (with the full name) leaves its memory zeroed when it goes") {
    FlowBench b;
    hal::IdCard c = card();
    c.name = "买买提江·阿不都热合曼";  // longer than a JSON string's inline buffer: it gets its own block
    b.sessions.cardPresent(c);
    REQUIRE(b.sessions.chooseService("re-transfer").has_value());
    REQUIRE(b.sessions.checkMaterials({"id_card", "property_certificate"}).has_value());
    prereg::Details details;
    details.mobile = "13912345678";
    details.fields["property_certificate_no"] = "20260012345678901234";
    REQUIRE(b.sessions.giveDetails(details).has_value());
    REQUIRE(b.sessions.step() == prereg::Step::confirm);
    const auto freedWithName = [&b](boost::json::memory_resource* storage) {
        const auto view = api::sessionView(b.sessions, b.hall, boost::json::storage_ptr(storage));
        REQUIRE(view.has_value());
        CHECK(view->at("citizen").at("name") == "买买提江·阿不都热合曼");  // the citizen checks it here
    };
    SnoopingResource plain;  // the heap as it is: the name stays in the freed block
    plain.secrets = {"买买提江·阿不都热合曼"};
    freedWithName(&plain);
    CHECK(plain.blocks_with_secret > 0);
    SnoopingResource heap;
    heap.secrets = plain.secrets;
    http::WipingResource wiping(&heap);
    freedWithName(&wiping);
    CHECK(heap.blocks_freed > 0);
    CHECK(heap.blocks_with_secret == 0);
}

TEST_CASE("a citizen of seventy is elderly by the card's birth date, to the day") {
    FlowBench b;
    b.sessions.cardPresent(card("19561127", "330324195611270011"));
    CHECK(api::sessionView(b.sessions, b.hall)->at("citizen").at("elderly") == true);
    b.sessions.cardPresent(card("19561128", "330324195611280011"));
    CHECK(api::sessionView(b.sessions, b.hall)->at("citizen").at("elderly") == false);  // seventy tomorrow
}

TEST_CASE("elder mode doubles the idle timeout of the open session and of the next ones until turned off") {
    FlowBench b;
    b.sessions.cardPresent(card("19450302", "330324194503020049"));
    CHECK(api::sessionView(b.sessions, b.hall)->at("idle_timeout_s") == 60);
    b.sessions.setElderMode(true);
    auto view = *api::sessionView(b.sessions, b.hall);
    CHECK(view.at("idle_timeout_s") == 120);
    CHECK(view.at("expires_in_s").as_int64() > 110);  // the countdown started again with the new length
    b.sessions.end("ended_by_citizen");
    b.sessions.cardPresent(card());
    CHECK(api::sessionView(b.sessions, b.hall)->at("idle_timeout_s") ==
          120);  // still on for the next citizen
    b.sessions.setElderMode(false);
    view = *api::sessionView(b.sessions, b.hall);
    CHECK(view.at("idle_timeout_s") == 60);
    CHECK(view.at("expires_in_s").as_int64() <= 60);
}

TEST_CASE("in elder mode the session outlives the normal timeout and ends at twice it") {
    constexpr auto idle = std::chrono::milliseconds(100);
    FlowBench b{idle};
    prereg::Flow& sessions = b.sessions;
    sessions.setElderMode(true);  // before the session opens: it applies from the start
    const auto opening = std::chrono::steady_clock::now();  // before the timer is armed
    REQUIRE(sessions.startWithoutCard().has_value());
    // It ends, and not before twice the normal timeout (a loaded machine may only make it later).
    CHECK(testing::runUntil(b.io, [&] { return !sessions.active(); }));
    CHECK(std::chrono::steady_clock::now() - opening >= 2 * idle);
}

namespace {

// Takes a fresh card session to `step` along the table's ordinary path (ca-marriage has the face step).
void walkTo(prereg::Flow& flow, prereg::Step step) {
    flow.cardPresent(card());
    if (step == prereg::Step::choose) return;
    REQUIRE(flow.chooseService(step == prereg::Step::face ? "ca-marriage" : "re-transfer").has_value());
    if (step == prereg::Step::face || step == prereg::Step::materials) return;
    REQUIRE(flow.checkMaterials({}).has_value());
    if (step == prereg::Step::details) return;
    prereg::Details d;
    d.mobile = "13912345678";
    d.fields["property_certificate_no"] = "2026001234567";
    REQUIRE(flow.giveDetails(d).has_value());
}

}  // namespace

TEST_CASE("cancel and the idle timeout end the session from every step, wiped; the card lifted does not") {
    using prereg::Step;
    for (const Step step : {Step::choose, Step::face, Step::materials, Step::details, Step::confirm}) {
        {
            // Once read, the card may be taken: the citizen goes on where they were.
            FlowBench b;
            walkTo(b.sessions, step);
            b.sessions.cardRemoved();
            CHECK(b.sessions.active());
            CHECK(b.sessions.step() == step);
            CHECK(b.events.names().back() == "card_removed");
        }
        for (const std::string how : {"cancel", "idle_timeout"}) {
            CAPTURE(prereg::stepName(step));
            CAPTURE(how);
            FlowBench b{std::chrono::milliseconds(50)};
            prereg::Flow& flow = b.sessions;
            walkTo(flow, step);
            REQUIRE(flow.step() == step);
            if (how == "cancel") flow.end("ended_by_citizen");
            if (how == "idle_timeout") CHECK(testing::runUntil(b.io, [&] { return !flow.active(); }));
            CHECK_FALSE(flow.active());
            CHECK(flow.step() == Step::identify);
            CHECK(flow.serviceId().empty());
            CHECK(flow.details().mobile.empty());
            CHECK(flow.session().card() == nullptr);
            CHECK(viewText(flow, b.hall).empty());
            CHECK(b.events.names().back() == "session_ended");
        }
    }
}
