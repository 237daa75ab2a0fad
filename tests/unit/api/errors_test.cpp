// Every module's error codes: distinct snake_case names that do not change, and for each code a decision on
// what the citizen is told (its own text, or technician-only with the generic 500).
#include <doctest/doctest.h>

#include <algorithm>
#include <cstddef>
#include <map>
#include <regex>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "api/errors.hpp"
#include "base/error.hpp"
#include "base/error_code.hpp"
#include "config/errors.hpp"
#include "ctl/errors.hpp"
#include "face/internal/errors.hpp"
#include "hall/errors.hpp"
#include "http/errors.hpp"
#include "prereg/errors.hpp"
#include "privacy/errors.hpp"
#include "session/errors.hpp"
#include "store/errors.hpp"
#include "ticket/errors.hpp"
#include "yici/hal/errors.hpp"

using namespace yici;

namespace {

// Values are 0, 1, 2, ... in order and errorName() is "" past the last (base/error_code.hpp).
template <class E>
void addCodes(std::vector<ErrorCode>& codes) {
    for (int i = 0; !errorName(static_cast<E>(i)).empty(); ++i) codes.emplace_back(static_cast<E>(i));
}

// Every enum of every module. A module that adds an enum adds it here.
std::vector<ErrorCode> allCodes() {
    std::vector<ErrorCode> codes;
    addCodes<base::Errc>(codes);
    addCodes<hal::Errc>(codes);
    addCodes<http::Errc>(codes);
    addCodes<config::Errc>(codes);
    addCodes<store::Errc>(codes);
    addCodes<privacy::Errc>(codes);
    addCodes<hall::Errc>(codes);
    addCodes<session::Errc>(codes);
    addCodes<face::Errc>(codes);
    addCodes<ticket::Errc>(codes);
    addCodes<prereg::Errc>(codes);
    addCodes<api::Errc>(codes);
    addCodes<ctl::Errc>(codes);
    return codes;
}

// The codes the citizen is told about in their own words (before issue #15 the 53 rows of the table):
// each must keep its own text; every other code is technician-only.
const std::map<std::string_view, unsigned> citizen_statuses = {
    {"bad_request", 400},
    {"idempotency_key_required", 400},
    {"unknown_service", 404},
    {"not_found", 404},
    {"camera_preview_off", 409},
    {"camera_preview_busy", 409},
    {"method_not_allowed", 405},
    {"payload_too_large", 413},
    {"misdirected_request", 421},
    {"unsupported_media_type", 415},
    {"foreign_origin", 403},
    {"category_closed", 409},
    {"card_select_failed", 409},
    {"card_read_failed", 409},
    {"wrong_card", 409},
    {"card_expired", 409},
    {"card_number_invalid", 409},
    {"ticket_voided", 409},
    {"ticket_printing", 409},
    {"no_session", 409},
    {"flow_step_invalid", 409},
    {"card_required", 409},
    {"mobile_invalid", 400},
    {"field_invalid", 400},
    {"appointment_code_invalid", 400},
    {"registration_in_progress", 409},
    {"registration_unavailable", 503},
    {"unknown_ticket", 404},
    {"ticket_not_served", 409},
    {"already_rated", 409},
    {"rating_invalid", 400},
    {"privacy_record_unreadable", 503},
    {"unknown_registration", 404},
    {"queue_empty", 409},
    {"no_priority_claim", 409},
    {"ticket_already_called", 409},
    {"nothing_to_complete", 409},
    {"ticket_numbers_exhausted", 409},
    {"printer_out_of_paper", 503},
    {"printer_cover_open", 503},
    {"printer_jam", 503},
    {"printer_error", 503},
    {"printer_offline", 503},
    {"printer_unreachable", 503},
    {"printer_disconnected", 503},
    {"printer_timeout", 503},
    {"printer_protocol_error", 503},
    {"printer_not_connected", 503},
    {"printer_no_status", 503},
    {"printer_unsupported", 503},
    {"dispenser_jam", 503},
    {"dispenser_error", 503},
    {"id_reader_not_connected", 503},
    {"id_reader_unreachable", 503},
    {"id_reader_timeout", 503},
    {"camera_not_found", 503},
    {"camera_stopped", 503},
    {"camera_no_frames", 503},
    {"ticket_in_slot", 409},
    {"reprint_no_such_ticket", 404},
    {"reprint_not_printed", 409},
    {"ticket_render_failed", 503},
    {"clock_not_synchronized", 503},
    {"clock_behind", 503},
    {"driver_unavailable", 503},
    {"storage_full", 503},
    {"storage_io_error", 503},
    {"storage_error", 503},
    {"store_corrupt", 503},
    {"technician_disabled", 404},
    {"technician_pin_wrong", 401},
    {"technician_locked", 429},
    {"staff_card_required", 409},
    {"technician_login_required", 401},
    {"priority_needs_technician", 403},
};

bool hasChinese(std::string_view text) {
    return std::any_of(text.begin(), text.end(),
                       [](char c) { return static_cast<unsigned char>(c) >= 0xe0; });
}

}  // namespace

TEST_CASE("every error code of every module has a distinct, non-empty snake_case name") {
    const std::regex snake_case("[a-z][a-z0-9]*(_[a-z0-9]+)*");
    std::set<std::string_view> names;
    for (const ErrorCode code : allCodes()) {
        const std::string name(code.name());
        CHECK_MESSAGE(std::regex_match(name, snake_case), code.module(), ": '", name, "'");
        CHECK_MESSAGE(names.insert(code.name()).second, name, " is declared by two enums");
    }
    CHECK(names.size() == allCodes().size());
}

TEST_CASE("the wire names are contracts: /health, the API's JSON, metrics and logs keep every one") {
    // Renaming or dropping a code breaks the hall, the UI and the technician's scripts.
    std::set<std::string_view> names;
    for (const ErrorCode code : allCodes()) names.insert(code.name());
    for (const auto& [name, status] : citizen_statuses) CHECK_MESSAGE(names.contains(name), name);
    for (const std::string_view name : {"ok",
                                        "not_started",
                                        "not_configured",
                                        "config_bad_uri",
                                        "config_bad_listen",
                                        "config_invalid",
                                        "config_unreadable",
                                        "bad_log_level",
                                        "printer_paper_near_end",
                                        "printer_unconfirmed",
                                        "storage_too_new",
                                        "privacy_key_unavailable",
                                        "hall_timeout",
                                        "hall_tls_error",
                                        "hall_unreachable",
                                        "hall_protocol_error",
                                        "hall_http_error",
                                        "hall_bad_answer",
                                        "hall_acked_nothing",
                                        "listen_failed",
                                        "ui_missing",
                                        "internal_error",
                                        "photo_decoder_missing",
                                        "photo_decoder_unloadable",
                                        "photo_decoder_failed",
                                        "face_model_missing",
                                        "face_model_unusable",
                                        "face_cascade_missing",
                                        "face_cascade_unusable",
                                        "face_detect_failed",
                                        "face_frame_malformed",
                                        "match_failed",
                                        "match_needs_yunet",
                                        "face_match_needs_yunet",
                                        "font_missing",
                                        "font_error",
                                        "provision_failed"})
        CHECK_MESSAGE(names.contains(name), name);
}

TEST_CASE("every code the citizen is told about has its status and a Chinese and an English sentence") {
    std::size_t own = 0;
    for (const ErrorCode code : allCodes()) {
        const auto wanted = citizen_statuses.find(code.name());
        const std::optional<api::CitizenMessage> m = api::findCitizenMessage(code);
        if (wanted == citizen_statuses.end()) {
            CHECK_MESSAGE(!m.has_value(), code.name(), " has a citizen text but is not in the list");
            continue;
        }
        ++own;
        REQUIRE_MESSAGE(m.has_value(), code.name(), " lost its citizen text");
        CHECK_MESSAGE(m->code == code, code.name());
        CHECK_MESSAGE(m->status == wanted->second, code.name());
        CHECK_MESSAGE(hasChinese(m->zh), code.name());
        CHECK_MESSAGE(!m->en.empty(), code.name());
        CHECK_MESSAGE(!hasChinese(m->en), code.name());
    }
    CHECK(own == citizen_statuses.size());
}

TEST_CASE("a technician-only code gives the citizen the generic 500 text and keeps its own code") {
    const http::ErrorText& generic = http::internal_error;
    for (const ErrorCode code : std::vector<ErrorCode>{
             config::Errc::config_invalid, ctl::Errc::provision_failed, face::Errc::face_model_missing,
             store::Errc::storage_too_new, hal::Errc::printer_paper_near_end}) {
        const api::CitizenMessage m = api::citizenMessage(code);
        CHECK_MESSAGE(m.code == code, code.name());
        CHECK(m.status == 500);
        CHECK(m.zh == generic.zh);
        CHECK(m.en == generic.en);
    }
}
