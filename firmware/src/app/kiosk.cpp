// The kiosk's components wired together; the order of construction is the order of Kiosk's members.
#include "app/kiosk.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/post.hpp>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <utility>

#include "app/background_tasks.hpp"
#include "app/log.hpp"
#include "app/server_options.hpp"
#include "catalog/schedule.hpp"
#include "prereg/retention.hpp"
#include "selftest/slot_marking.hpp"
#include "yici/hal/errors.hpp"

namespace yici::app {
namespace {

namespace asio = boost::asio;
using namespace std::chrono_literals;

// The privacy key is what pre-registration needs: without it the kiosk still issues plain tickets.
hal::Health keyHealth(const Expected<privacy::Vault>& vault, const std::filesystem::path& key_file) {
    if (!vault) return unavailable(vault.error());
    hal::Health h;
    h.level = hal::HealthLevel::ok;
    h.code = hal::Errc::ok;
    h.detail = "personal fields are encrypted with " + key_file.string();
    h.since = std::chrono::system_clock::now();
    return h;
}

template <class T>
T* orNull(std::optional<T>& value) {
    return value ? &*value : nullptr;
}

}  // namespace

Kiosk::Kiosk(asio::io_context& io, KioskParts parts)
    : io_(io),
      board_(std::move(parts.board)),
      hall_(std::move(parts.hall)),
      data_dir_(std::move(parts.data_dir)),
      database_(std::move(parts.database)),
      key_file_(std::move(parts.key_file)),
      vault_(std::move(parts.vault)),
      data_keys_(vault_ ? std::optional<store::DataKeys>(std::in_place, database_, *vault_) : std::nullopt),
      layout_(std::move(parts.layout)),
      ui_files_(std::move(parts.ui_files)),
      hall_client_(std::move(parts.hall_client)),
      drivers_(std::move(parts.drivers)),
      printer_(openDevice(drivers_.printers, "printer", io.get_executor(), board_.printer)),
      events_(io.get_executor()),
      photo_decoder_(board_.photo_decoder, session::PhotoDecoder::defaultWorkDir()),
      sessions_(io.get_executor(), std::chrono::seconds(board_.ui.idle_timeout_s), session_events_, clock_,
                hall_),
      reader_(openDevice(drivers_.id_readers, "id_reader", io.get_executor(), board_.id_reader)),
      camera_(openDevice(drivers_.cameras, "camera", io.get_executor(), board_.camera)),
      camera_preview_(io.get_executor(), [this] { return atFaceStep(sessions_, face_step_.serial()); }),
      face_step_(
          io.get_executor(), faceCheckOptions(board_.face), face::FaceStep::step_timeout, session_events_,
          {.current = [this](std::uint64_t serial) { return atFaceStep(sessions_, serial); },
           .decided =
               [this](std::uint64_t serial, const face::StepDecision& d) {
                   if (auto ok = sessions_.faceChecked(serial, {d.decision, d.score}); !ok)
                       log()->info("face check result not used: {}", ok.error().message);
               },
           .preview =
               [this](std::shared_ptr<const std::string> jpeg) { camera_preview_.show(std::move(jpeg)); },
           .photo = [this] { return sessions_.photoBmp(); }}),
      qr_watcher_(io.get_executor(), hall_.queue_url, session_events_),
      camera_frames_(sessions_, face_step_, qr_watcher_),
      handout_(makeHandout()),
      paper_roll_(makePaperRoll(parts.paper_roll)),
      tickets_({.store_executor = store_thread_.get_executor(),
                .render_executor = render_thread_.get_executor(),
                .store = ticket_store_,
                .hall = hall_,
                .printer = printer_.get(),
                .handout = handout_.get(),
                .paper = paper_roll_.get(),
                .layout = layout_,
                .metrics = metrics_,
                .clock = clock_,
                .kiosk_id = board_.kiosk.id,
                .hall_client = orNull(hall_client_),
                .hall_timeout = std::chrono::milliseconds(board_.hall.ticket_timeout_ms),
                .hall_backoff = std::chrono::milliseconds(board_.hall.offline_backoff_ms),
                .offline_prefix = board_.hall.offline_prefix,
                .clock_check = {.rtc = board_.kiosk.rtc,
                                .synchronized_file = board_.kiosk.clock_synchronized_file,
                                .newest_ticket_unix = parts.newest_ticket_unix},
                .data_dir = data_dir_}),
      registrations_({.store_executor = store_thread_.get_executor(),
                      .registrations = registration_store_,
                      .tickets = ticket_store_,
                      .data_keys = data_keys_ ? &*data_keys_ : nullptr,
                      .ticket_service = tickets_,
                      .hall = hall_,
                      .sessions = sessions_,
                      .clock = clock_,
                      .metrics = metrics_}),
      status_{.metrics = status_metrics_},
      technician_auth_(board_.ui.technician_pin_hash, std::move(parts.staff_cards),
                       [] { return std::chrono::steady_clock::now(); }),
      catalog_api_{
          .store_executor = store_thread_.get_executor(),
          .store = ticket_store_,
          .hall = hall_,
          .clock = clock_,
          .kiosk_id = board_.kiosk.id,
          .idle_timeout_s = board_.ui.idle_timeout_s,
          .technician = technician_auth_,
          .devices = status_.devices},  // filled by addDeviceHealth; the citizen screen shows them too
      tickets_api_{.hall = hall_,
                   .clock = clock_,
                   .tickets = tickets_,
                   .registrations = registrations_,
                   .technician = technician_auth_},
      session_api_{.sessions = sessions_, .hall = hall_, .clock = clock_},
      registrations_api_{.registrations = registrations_, .hall = hall_, .events = events_},
      ratings_api_{.store_executor = store_thread_.get_executor(),
                   .tickets = ticket_store_,
                   .ratings = rating_store_,
                   .clock = clock_,
                   .rated = api::ratingsCounter(metrics_)},
      window_api_{.store_executor = store_thread_.get_executor(),
                  .queue = queue_store_,
                  .hall = hall_,
                  .clock = clock_,
                  .status = status_},
      staff_print_api_{.status = status_, .tickets = tickets_, .paper = paper_roll_.get()},
      outbox_sender_(io.get_executor(), {.store_executor = store_thread_.get_executor(),
                                         .outbox = outbox_store_,
                                         .registrations = registration_store_,
                                         .data_keys = data_keys_ ? &*data_keys_ : nullptr,
                                         .client = orNull(hall_client_),
                                         .metrics = metrics_}),
      device_reporter_(io.get_executor(), store_thread_.get_executor(), outbox_store_, status_.devices,
                       clock_),
      key_health_(keyHealth(vault_, key_file_)),
      self_test_{.tickets = &tickets_,
                 .id_reader = {},
                 .privacy_key = [h = key_health_] { return h; },
                 .camera_last_frame = {},
                 .hall = orNull(hall_client_),
                 .clock = &clock_},
      technician_{.store_executor = store_thread_.get_executor(),
                  .check_executor = render_thread_.get_executor(),
                  .attempts = pin_attempt_store_,
                  .auth = technician_auth_,
                  .status = status_,
                  .devices = device_reporter_,
                  .tickets = tickets_,
                  .clock = clock_,
                  .desk = window_api_,
                  .paper = paper_roll_.get()},
      ui_server_(io.get_executor(), uiRouter(), uiServerOptions()),
      status_server_(io.get_executor(), statusRouter(), statusServerOptions(parts.status_tls)) {
    status_metrics_.build_info.set(
        {{"version", YICI_VERSION}, {"board", board_.file.stem().string()}, {"kiosk_id", board_.kiosk.id}},
        1);
    sessions_.onFaceStep([this](std::uint64_t serial) {
        face_step_.begin(serial, camera_.health().level == hal::HealthLevel::ok);
    });
    status_.kiosk_id = board_.kiosk.id;
    status_.version = YICI_VERSION;
    status_.started = std::chrono::steady_clock::now();
    status_.token = std::move(parts.status_token);
    status_.selftest_token = std::move(parts.selftest_token);
    status_.outbox = [this, linked = hall_client_.has_value(),
                      overdue_s = board_.hall.outbox_degraded_after_s] {
        return hall::outboxStatus(outbox_sender_.health(), linked, overdue_s);
    };
    status_.self_test = [this] { return selftest::run(self_test_); };
    device_reporter_.onChange([this](const hall::DeviceChange& change) {
        session_events_.deviceChanged(change.device, change.health);
    });
    addDeviceHealth();
}

std::unique_ptr<ticket::TicketHandout> Kiosk::makeHandout() {
    hal::TicketDispenser* dispenser = printer_ ? printer_->dispenser() : nullptr;
    if (dispenser == nullptr) return nullptr;
    return std::make_unique<ticket::TicketHandout>(ticket::TicketHandout::Deps{
        .dispenser = *dispenser,
        .executor = io_.get_executor(),
        .store_executor = store_thread_.get_executor(),
        .store = ticket_store_,
        .metrics = metrics_,
        .clock = clock_,
        .take_timeout = std::chrono::seconds(board_.printer.dispenser.take_timeout_s),
        .retract = board_.printer.dispenser.retract,
        .changed = [this](std::string_view number, ticket::HandoutState state) {
            events_.publish("ticket_handout",
                            {{"number", number}, {"state", ticket::handoutStateName(state)}});
        }});
}

std::unique_ptr<ticket::PaperRoll> Kiosk::makePaperRoll(const store::PaperRollState& loaded) {
    if (board_.printer.roll_length_m <= 0) return nullptr;
    return std::make_unique<ticket::PaperRoll>(
        ticket::PaperRoll::Deps{.store_executor = store_thread_.get_executor(),
                                .store = paper_roll_store_,
                                .metrics = metrics_,
                                .clock = clock_,
                                .length_m = board_.printer.roll_length_m,
                                .warning_ratio = board_.printer.roll_warning_ratio,
                                .loaded = loaded});
}

void Kiosk::addDeviceHealth() {
    status_.devices.push_back({"printer", [this] { return printer_.health(); }, true});
    if (handout_) status_.devices.push_back({"dispenser", [this] { return handout_->health(); }, true});
    if (paper_roll_)
        status_.devices.push_back({"paper_roll", [this] { return paper_roll_->health(); }, false});
    if (reader_.configured()) {
        status_.devices.push_back({"id_reader", [this] { return reader_.health(); }, false});
        self_test_.id_reader = [this] { return reader_.health(); };
    }
    status_.devices.push_back({"privacy_key", [h = key_health_] { return h; }, false});
    status_.devices.push_back({"clock", [this] { return tickets_.clockHealth(); }, true});
    status_.devices.push_back({"storage", [this] { return tickets_.storageHealth(); }, true});
    // The hall file's calendar: the technician sees when it runs out; citizens are told nothing.
    status_.devices.push_back(
        {"calendar", [this] { return catalog::calendarHealth(hall_, toLocal(clock_.now())); }, false});
    if (!board_.photo_decoder.empty()) {
        status_.devices.push_back({"photo_decoder", [this] { return photo_decoder_.health(); }, false});
    }
    if (camera_.configured()) {
        status_.devices.push_back({"camera", [this] { return camera_.health(); }, false});
        // The face check follows the camera: without frames every check goes to staff.
        status_.devices.push_back({"face",
                                   [this] {
                                       hal::Health camera = camera_.health();
                                       if (camera.usable()) return face_step_.health();
                                       camera.detail = "no camera frames: every face check goes to staff (" +
                                                       camera.detail + ")";
                                       return camera;
                                   },
                                   false});
        self_test_.camera_last_frame = [this] { return camera_frames_.lastFrameAt(); };
    }
    if (reader_) {
        status_.collectors.push_back([this] { idcard_metrics_.copy(reader_->counters()); });
    }
}

std::shared_ptr<http::Router> Kiosk::uiRouter() {
    auto router = std::make_shared<http::Router>();
    api::addCatalogRoutes(*router, catalog_api_);
    api::addTicketRoutes(*router, tickets_api_);
    api::addSessionRoutes(*router, session_api_);
    api::addRegistrationRoutes(*router, registrations_api_);
    api::addRatingRoutes(*router, ratings_api_);
    api::addEventRoutes(*router, events_);
    api::addTechnicianRoutes(*router, technician_);
    api::addCameraRoutes(*router, camera_preview_);
    router->fallback(
        [this](const http::Request& r) -> asio::awaitable<http::Response> { co_return ui_files_.serve(r); });
    return router;
}

std::shared_ptr<http::Router> Kiosk::statusRouter() {
    auto router = std::make_shared<http::Router>();
    api::addStatusRoutes(*router, status_);
    api::addWindowRoutes(*router, window_api_);
    api::addStaffPrintRoutes(*router, staff_print_api_);
    return router;
}

int Kiosk::run() {
    auto listening = ui_server_.listen(board_.ui.listen);
    if (listening) listening = status_server_.listen(board_.status.listen);
    if (!listening) {
        log()->error("{}", listening.error().message);
        return 1;
    }

    startSignals();
    asio::co_spawn(
        io_,
        prereg::purgeLoop(store_thread_.get_executor(), registration_store_,
                          data_keys_ ? &*data_keys_ : nullptr, clock_,
                          {std::chrono::hours(board_.privacy.retention_h),
                           std::chrono::hours(board_.privacy.max_retention_h), board_.hall.url.empty()},
                          prereg::purgedCounter(metrics_)),
        asio::detached);
    if (const auto interval = systemd_.watchdogInterval()) {
        log()->info("systemd watchdog: a ping every {} ms from the event loop",
                    std::chrono::duration_cast<std::chrono::milliseconds>(*interval).count());
        asio::co_spawn(io_, watchdogLoop(systemd_, *interval), asio::detached);
    }
    if (board_.update.mark_slot) {
        // Firmware faults are what this build controls: a device the board names whose driver it lacks (a
        // config, store or listener that failed would have stopped yicid before). Device faults are reported.
        selftest::SlotChecks checks{.confirmed_file = data_dir_ / "slot-confirmed",
                                    .version = YICI_VERSION,
                                    .firmware_faults = [this] { return deviceFaults(true); },
                                    .device_faults = [this] { return deviceFaults(false); }};
        asio::co_spawn(
            io_, selftest::markSlot(std::move(checks), std::chrono::seconds(board_.update.mark_after_s)),
            asio::detached);
    }
    // Ready once the loop runs: the listeners are open and every device has been started.
    asio::post(io_, [this] { systemd_.notify("READY=1"); });
    startDevices();
    log()->info("yicid {} for kiosk {} ({}): UI http://{}/ status {}://{}/health, data {}", YICI_VERSION,
                board_.kiosk.id, hall_.name_en, board_.ui.listen.text(),
                board_.status.cert_file.empty() ? "http" : "https", board_.status.listen.text(),
                data_dir_.string());
    io_.run();
    // Let the coroutines that were cut short unwind (their I/O is closed, so they fail fast) while the
    // printer and the ticket service they point to still exist.
    if (printer_) printer_->stop();
    if (reader_) reader_->stop();
    if (camera_) camera_->stop();
    io_.restart();
    io_.run_for(300ms);
    store_thread_.join();
    render_thread_.join();
    log()->info("stopped");
    return 0;
}

void Kiosk::startSignals() {
    // SIGUSR1 toggles debug logging at run time, for a technician chasing a fault without a restart.
    struct Toggle {
        Kiosk* kiosk;
        spdlog::level::level_enum configured;
        void operator()(const boost::system::error_code& error, int) const {
            if (error) return;
            const bool to_debug = spdlog::get_level() != spdlog::level::debug;
            spdlog::set_level(to_debug ? spdlog::level::debug : configured);
            log()->info("log level now {}", to_debug ? "debug" : spdlog::level::to_string_view(configured));
            kiosk->debug_toggle_.async_wait(*this);
        }
    };
    debug_toggle_.async_wait(Toggle{this, spdlog::get_level()});
    signals_.async_wait([this](const boost::system::error_code& error, int signal) {
        if (!error) stop(signal);
    });
}

// The devices that are not ok, as "NAME: LEVEL CODE": those whose driver is missing (`missing_driver`), or
// the others.
std::vector<std::string> Kiosk::deviceFaults(bool missing_driver) const {
    std::vector<std::string> faults;
    for (const auto& device : status_.devices) {
        const hal::Health h = device.health();
        if (h.level == hal::HealthLevel::ok || (h.code == hal::Errc::driver_unavailable) != missing_driver)
            continue;
        faults.push_back(fmt::format("{}: {} {}", device.name, hal::levelName(h.level), h.code));
    }
    return faults;
}

// A registered staff card opens the technician login for a minute and never a citizen session.
bool Kiosk::staffCardTapped(const hal::IdCard& card) {
    staff_card_on_reader_ = vault_ && technician_auth_.tapStaffCard(vault_->staffCardKey(card.id_number));
    if (!staff_card_on_reader_) return false;
    log()->info("a staff card was tapped: the technician PIN may be typed for {} s",
                api::TechnicianAuth::card_time.count());
    events_.publish("staff_card",
                    boost::json::object{{"expires_in_s", api::TechnicianAuth::card_time.count()}});
    return true;
}

void Kiosk::startDevices() {
    device_reporter_.start();
    outbox_sender_.start();
    if (printer_) printer_->start();
    if (handout_) asio::co_spawn(io_, handout_->clearLeftover(), asio::detached);
    if (reader_) {
        reader_->start({[this](const hal::IdCard& card, std::chrono::steady_clock::duration took) {
                            idcard_metrics_.observeRead(took);
                            if (staffCardTapped(card)) return;
                            const std::uint64_t serial = sessions_.cardPresent(card);
                            if (photo_decoder_.available()) {
                                asio::co_spawn(io_,
                                               decodePhoto(render_thread_.get_executor(), photo_decoder_,
                                                           sessions_, serial, card.photo_wlt),
                                               asio::detached);
                            }
                        },
                        [this] {
                            // A staff card leaving the reader is no citizen's card leaving.
                            if (!std::exchange(staff_card_on_reader_, false)) sessions_.cardRemoved();
                        },
                        [this](ErrorCode code) { sessions_.cardError(code); }});
    }
    if (camera_) camera_->start(camera_frames_.handler());
}

void Kiosk::stop(int signal) {
    log()->info("signal {}: stopping", signal);
    systemd_.notify("STOPPING=1");
    ui_server_.close();
    status_server_.close();
    debug_toggle_.cancel();
    events_.close();
    if (reader_) reader_->stop();
    if (camera_) camera_->stop();
    face_step_.stop();
    qr_watcher_.stop();
    camera_preview_.stop();
    outbox_sender_.stop();
    device_reporter_.stop();
    sessions_.end("shutdown");
    asio::co_spawn(io_, drainThenStop(io_, tickets_, printer_.get()), asio::detached);
}

}  // namespace yici::app
