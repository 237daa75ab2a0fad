// yicid wiring: every component is built here, in dependency order, and torn down in reverse.
#include "app/daemon.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <spdlog/spdlog.h>

#include <algorithm>
#include <cstdio>
#include <functional>

#include "api/citizen_api.hpp"
#include "api/prereg_api.hpp"
#include "api/status_api.hpp"
#include "api/technician_api.hpp"
#include "api/ui_events.hpp"
#include "api/window_api.hpp"
#include "app/camera_pipeline.hpp"
#include "app/systemd_notify.hpp"
#include "base/async.hpp"
#include "base/logging.hpp"
#include "base/secure_wipe.hpp"
#include "catalog/hall_catalog.hpp"
#include "config/errors.hpp"
#include "hall/device_reporter.hpp"
#include "hall/hall_client.hpp"
#include "hall/outbox_sender.hpp"
#include "http/event_stream.hpp"
#include "http/static_files.hpp"
#include "prereg/flow.hpp"
#include "privacy/vault.hpp"
#include "register_all.hpp"
#include "selftest/slot_marking.hpp"
#include "session/photo_decoder.hpp"
#include "store/outbox_store.hpp"
#include "store/queue_store.hpp"
#include "store/rating_store.hpp"
#include "store/registration_store.hpp"
#include "store/schema.hpp"
#include "store/ticket_store.hpp"
#include "ticket/ticket_layout.hpp"
#include "ticket/ticket_service.hpp"
#include "yici/hal/camera.hpp"
#include "yici/hal/errors.hpp"

namespace yici::app {
namespace {

YICI_LOG_DEFINE_CATEGORY(logYicid, "yicid")
YICI_LOG_DEFINE_CATEGORY(logPrivacy, "privacy")

namespace asio = boost::asio;
using namespace std::chrono_literals;

void complain(const Error& error) {
    std::string line = error.message;
    std::replace(line.begin(), line.end(), '\n', ';');
    std::fprintf(stderr, "yicid: %s\n", line.c_str());
}

void declareMetrics(metrics::Registry& m, const config::BoardConfig& board,
                    const catalog::HallCatalog& hall) {
    m.counter("yici_tickets_issued_total", "Tickets printed and handed to citizens, by category.");
    m.counter("yici_tickets_voided_total",
              "Tickets committed but voided because printing failed, by category and reason.");
    m.histogram("yici_ticket_issue_seconds",
                "Time from a ticket request to the printer confirming the printed ticket.",
                {0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5});
    m.gauge("yici_device_health", "1 for the current health of each device, 0 for the others.");
    m.gauge("yici_uptime_seconds", "Seconds since yicid started.");
    m.gauge("yici_build_info", "Build and kiosk identity.");
    m.set("yici_build_info",
          {{"version", YICI_VERSION}, {"board", board.file.stem().string()}, {"kiosk_id", board.kiosk.id}},
          1);
    m.counter("yici_idcard_reads_total", "ID-card reads by result (ok, failed).");
    m.gauge("yici_outbox_pending", "Events waiting to be acknowledged by the hall server.");
    m.gauge("yici_outbox_oldest_age_seconds", "Age of the oldest event the hall has not acknowledged.");
    m.counter("yici_outbox_delivered_total", "Events the hall server acknowledged.");
    m.counter("yici_outbox_failures_total", "Failed deliveries to the hall server, by reason.");
    m.histogram("yici_outbox_delivery_seconds", "Time of one events request to the hall server.",
                {0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10});
    m.counter("yici_tickets_numbered_total",
              "Tickets numbered with a hall server configured, by hall or offline.");
    m.counter("yici_registrations_total", "Pre-registrations confirmed, by category and priority.");
    m.counter("yici_ratings_total", "Satisfaction ratings, by score.");
    m.counter("yici_idcard_frame_errors_total",
              "Reader line faults by kind: garbage_bytes, bad_checksum, bad_length, unknown_status, "
              "wrong_reply, timeout.");
    m.histogram("yici_idcard_read_seconds", "Time from the find command to a decoded card.",
                {0.1, 0.2, 0.3, 0.5, 1, 2, 5});
    for (const auto& c : hall.categories) m.add("yici_tickets_issued_total", {{"category", c.id}}, 0);
}

hal::Health unavailable(const Error& error) {
    hal::Health h;
    h.level = hal::HealthLevel::absent;
    h.code = error.code;
    h.detail = error.message;
    h.since = std::chrono::system_clock::now();
    return h;
}

asio::awaitable<void> drainThenStop(asio::io_context& io, const ticket::TicketService& tickets,
                                    hal::Printer* printer) {
    asio::steady_timer timer(io);
    for (int i = 0; i < 100 && tickets.inFlight() > 0; ++i) {  // up to 5 s for tickets being printed
        timer.expires_after(50ms);
        co_await timer.async_wait(asio::use_awaitable);
    }
    if (printer != nullptr) printer->stop();
    io.stop();
}

// Decodes the card photo off the Asio thread and hands it to the session that asked for it.
asio::awaitable<void> decodePhoto(asio::any_io_executor worker, session::PhotoDecoder& decoder,
                                  prereg::Flow& sessions, std::uint64_t serial,
                                  std::vector<std::uint8_t> wlt) {
    auto job = [&decoder, wlt = std::move(wlt)]() mutable {
        auto bmp = decoder.decode(wlt);
        base::secureWipe(wlt);
        return bmp;
    };
    auto bmp = co_await offload(worker, std::move(job));
    if (bmp) sessions.attachPhoto(serial, std::move(*bmp));
}

// Tells systemd's watchdog the event loop is alive. It runs on the loop itself, so a loop that hangs stops
// the pings and systemd restarts yicid (WatchdogSec= in yicid.service).
asio::awaitable<void> watchdogLoop(SystemdNotifier& systemd, std::chrono::microseconds interval) {
    asio::steady_timer timer(co_await asio::this_coro::executor);
    while (true) {
        systemd.notify("WATCHDOG=1");
        timer.expires_after(interval);
        boost::system::error_code ec;
        co_await timer.async_wait(asio::redirect_error(asio::use_awaitable, ec));
        if (ec) co_return;
    }
}

// Erases the personal fields of delivered registrations once they are past retention: at start-up, then
// every ten minutes.
asio::awaitable<void> purgeLoop(asio::any_io_executor store_executor, store::RegistrationStore& registrations,
                                const Clock& clock, std::chrono::hours retention, bool standalone) {
    asio::steady_timer timer(co_await asio::this_coro::executor);
    while (true) {
        const TimePoint now = clock.now();
        auto purge = [&registrations, now, retention, standalone, iso = toLocal(now).iso8601()] {
            const auto now_s =
                std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()).count();
            return registrations.purgeDelivered(now_s, std::chrono::seconds(retention).count(), standalone,
                                                iso);
        };
        auto purged = co_await offload(store_executor, std::move(purge));
        if (!purged) {
            logPrivacy()->error("purging delivered personal data failed: {}", purged.error().message);
        } else if (*purged > 0) {
            logPrivacy()->info("personal data of {} delivered registration(s) erased", *purged);
        }
        timer.expires_after(10min);
        boost::system::error_code ec;
        co_await timer.async_wait(asio::redirect_error(asio::use_awaitable, ec));
        if (ec) co_return;
    }
}

}  // namespace

int runDaemon(const DaemonOptions& options) {
    auto board = config::loadBoardConfig(options.board);
    if (!board) {
        complain(board.error());
        return 2;
    }
    if (options.ui_listen) {
        if (!options.ui_listen->isLoopback()) {
            complain(Error{config::Errc::config_invalid,
                           "--ui-listen must be a loopback address (the citizen API is local only)"});
            return 2;
        }
        board->ui.listen = *options.ui_listen;
    }
    if (options.status_listen) board->status.listen = *options.status_listen;
    auto hall = catalog::loadHallCatalog(board->kiosk.hall_catalog);
    if (!hall) {
        complain(hall.error());
        return 2;
    }
    setProcessTimezone(board->kiosk.timezone);
    auto& log = logYicid();

    std::error_code ec;
    std::filesystem::create_directories(options.data_dir, ec);
    auto database = store::openDatabase(options.data_dir / "yici.db");
    if (!database) {
        complain(database.error().withContext("store"));
        return 1;
    }
    store::TicketStore ticket_store(*database);
    store::QueueStore queue_store(*database);
    store::RegistrationStore registration_store(*database);
    store::RatingStore rating_store(*database);
    store::OutboxStore outbox_store(*database);
    const auto key_file =
        board->privacy.key_file.empty() ? options.data_dir / "pii.key" : board->privacy.key_file;
    auto vault = privacy::Vault::open(key_file);
    if (!vault) {
        log->error("pre-registration is off: {}", vault.error().message);  // queue tickets still work
    }
    if (auto voided = ticket_store.voidInterrupted(); !voided) {
        complain(voided.error().withContext("store"));
        return 1;
    } else if (*voided > 0) {
        log->warn("{} ticket(s) were being printed when yicid stopped; voided as interrupted_by_restart",
                  *voided);
    }
    auto font = ticket::findCjkFont();
    auto layout = font ? ticket::TicketLayout::create(*font, board->printer.dots_per_line)
                       : std::unexpected(font.error());
    if (!layout) {
        complain(layout.error());
        return 1;
    }
    auto ui_files = http::StaticFiles::load(options.ui_dir);
    if (!ui_files) {
        complain(ui_files.error());
        return 1;
    }

    asio::io_context io(1);
    asio::thread_pool store_thread(1);
    asio::thread_pool render_thread(1);
    SystemClock clock;
    metrics::Registry metrics;
    declareMetrics(metrics, *board, *hall);

    hal::DriverRegistries drivers;
    drivers::registerAll(drivers);
    std::unique_ptr<hal::Printer> printer;
    hal::Health printer_missing = unavailable(Error{hal::Errc::not_configured, "printer driver is none"});
    if (board->printer.driver != "none") {
        auto created = drivers.printers.create(board->printer.driver, io.get_executor(), board->printer);
        if (created) {
            printer = std::move(*created);
        } else {
            printer_missing = unavailable(created.error());
            log->error("printer: {}", created.error().message);
        }
    }

    http::EventHub events(io.get_executor());
    api::UiEvents session_events(events);
    session::PhotoDecoder photo_decoder(board->id_reader.photo_decoder);
    prereg::Flow sessions(io.get_executor(), std::chrono::seconds(board->ui.idle_timeout_s), session_events,
                          clock, *hall);
    std::unique_ptr<hal::IdCardReader> reader;
    hal::Health reader_missing = unavailable(Error{hal::Errc::not_configured, "id_reader driver is none"});
    if (board->id_reader.driver != "none") {
        auto created =
            drivers.id_readers.create(board->id_reader.driver, io.get_executor(), board->id_reader);
        if (created) {
            reader = std::move(*created);
        } else {
            reader_missing = unavailable(created.error());
            log->error("id_reader: {}", created.error().message);
        }
    }

    std::unique_ptr<hal::Camera> camera;
    hal::Health camera_missing = unavailable(Error{hal::Errc::not_configured, "camera driver is none"});
    if (board->camera.driver != "none") {
        auto created = drivers.cameras.create(board->camera.driver, io.get_executor(), board->camera);
        if (created) {
            camera = std::move(*created);
        } else {
            camera_missing = unavailable(created.error());
            log->error("camera: {}", created.error().message);
        }
    }

    CameraPipeline camera_pipeline(io.get_executor(), cameraPipelineOptions(board->face, hall->queue_url),
                                   camera.get(), sessions, events);
    sessions.onFaceStep([&camera_pipeline](std::uint64_t serial) { camera_pipeline.faceStep(serial); });

    std::optional<hall::HallClient> hall_client;
    if (!board->hall.url.empty()) {
        auto client = hall::HallClient::create(io.get_executor(), board->hall, board->kiosk.id);
        if (!client) {
            complain(client.error());
            return 2;
        }
        hall_client = std::move(*client);
    }
    ticket::TicketService tickets({.store_executor = store_thread.get_executor(),
                                   .render_executor = render_thread.get_executor(),
                                   .store = &ticket_store,
                                   .hall = &*hall,
                                   .printer = printer.get(),
                                   .layout = &*layout,
                                   .metrics = &metrics,
                                   .clock = &clock,
                                   .kiosk_id = board->kiosk.id,
                                   .hall_client = hall_client ? &*hall_client : nullptr,
                                   .hall_timeout = std::chrono::milliseconds(board->hall.ticket_timeout_ms),
                                   .offline_prefix = board->hall.offline_prefix});
    prereg::RegistrationService registrations({.store_executor = store_thread.get_executor(),
                                               .registrations = &registration_store,
                                               .tickets = &ticket_store,
                                               .vault = vault ? &*vault : nullptr,
                                               .ticket_service = &tickets,
                                               .hall = &*hall,
                                               .sessions = &sessions,
                                               .clock = &clock,
                                               .metrics = &metrics});
    api::StatusApi status;  // its device list is filled below; the citizen API shows it too
    const api::CitizenApi citizen{.store_executor = store_thread.get_executor(),
                                  .store = &ticket_store,
                                  .hall = &*hall,
                                  .tickets = &tickets,
                                  .clock = &clock,
                                  .kiosk_id = board->kiosk.id,
                                  .sessions = &sessions,
                                  .events = &events,
                                  .registrations = &registrations,
                                  .ratings = &rating_store,
                                  .metrics = &metrics,
                                  .devices = &status.devices,
                                  .idle_timeout_s = board->ui.idle_timeout_s,
                                  .technician = !board->ui.technician_pin.empty()};
    const api::WindowApi window_api{store_thread.get_executor(), &queue_store, &*hall, &clock};
    status.kiosk_id = board->kiosk.id;
    status.version = YICI_VERSION;
    status.started = std::chrono::steady_clock::now();
    status.metrics = &metrics;
    // The hall server polls over the network: off loopback, /health and /metrics need the bearer token.
    if (!board->status.listen.isLoopback()) {
        if (board->status.token_file.empty()) {
            complain(Error{config::Errc::config_invalid, "[status] listen " + board->status.listen.text() +
                                                             " is not loopback: set [status] token_file"});
            return 2;
        }
        auto token = api::readStatusToken(board->status.token_file);
        if (!token) {
            complain(token.error());
            return 2;
        }
        status.token = std::move(*token);
    }
    hall::OutboxSender outbox_sender(io.get_executor(), {.store_executor = store_thread.get_executor(),
                                                         .outbox = &outbox_store,
                                                         .registrations = &registration_store,
                                                         .vault = vault ? &*vault : nullptr,
                                                         .client = hall_client ? &*hall_client : nullptr,
                                                         .metrics = &metrics});
    hall::DeviceReporter device_reporter(io.get_executor(), store_thread.get_executor(), outbox_store,
                                         status.devices, clock);
    device_reporter.onChange([&events](const hall::DeviceChange& change) {
        events.publish("device", api::deviceJson(change.device, change.health));
    });
    status.outbox = [&outbox_sender, linked = hall_client.has_value(),
                     overdue_s = board->hall.outbox_degraded_after_s] {
        const hall::OutboxHealth h = outbox_sender.health();
        // Without a hall server nothing is delivered, so waiting is not a fault.
        return health::OutboxStatus{h.pending, h.oldest_age_s, linked && h.oldest_age_s > overdue_s};
    };
    status.devices.push_back(
        {"printer", [&] { return printer ? printer->health() : printer_missing; }, true});
    if (board->id_reader.driver != "none") {
        status.devices.push_back(
            {"id_reader", [&] { return reader ? reader->health() : reader_missing; }, false});
    }
    // The privacy key is what pre-registration needs: without it the kiosk still issues plain tickets.
    hal::Health key_health;
    if (vault) {
        key_health.level = hal::HealthLevel::ok;
        key_health.code = hal::Errc::ok;
        key_health.detail = "personal fields are encrypted with " + key_file.string();
        key_health.since = std::chrono::system_clock::now();
    } else {
        key_health = unavailable(vault.error());
    }
    status.devices.push_back({"privacy_key", [key_health] { return key_health; }, false});
    selftest::Targets self_test{.tickets = &tickets,
                                .id_reader = {},
                                .privacy_key = [key_health] { return key_health; },
                                .camera_last_frame = {},
                                .hall = hall_client ? &*hall_client : nullptr,
                                .clock = &clock};
    if (board->id_reader.driver != "none")
        self_test.id_reader = [&] { return reader ? reader->health() : reader_missing; };
    if (board->camera.driver != "none")
        self_test.camera_last_frame = [&camera_pipeline] { return camera_pipeline.lastFrameAt(); };
    status.self_test = [&self_test] { return selftest::run(self_test); };
    if (!board->id_reader.photo_decoder.empty()) {
        status.devices.push_back({"photo_decoder", [&] { return photo_decoder.health(); }, false});
    }
    if (board->camera.driver != "none") {
        status.devices.push_back(
            {"camera", [&] { return camera ? camera->health() : camera_missing; }, false});
        status.devices.push_back({"face", [&] { return camera_pipeline.faceHealth(); }, false});
    }
    if (reader) {
        status.collectors.push_back([&reader](metrics::Registry& m) {
            const auto c = reader->counters();
            m.set("yici_idcard_reads_total", {{"result", "ok"}}, static_cast<double>(c.reads_ok));
            m.set("yici_idcard_reads_total", {{"result", "failed"}}, static_cast<double>(c.reads_failed));
            for (const auto& [kind, n] :
                 {std::pair{"garbage_bytes", c.garbage_bytes}, std::pair{"bad_checksum", c.bad_checksum},
                  std::pair{"bad_length", c.bad_length}, std::pair{"unknown_status", c.unknown_status},
                  std::pair{"wrong_reply", c.wrong_reply}, std::pair{"timeout", c.timeouts}}) {
                m.set("yici_idcard_frame_errors_total", {{"kind", kind}}, static_cast<double>(n));
            }
        });
    }

    api::TechnicianAuth technician_auth(board->ui.technician_pin,
                                        [] { return std::chrono::steady_clock::now(); });
    const api::TechnicianApi technician{.auth = &technician_auth,
                                        .status = &status,
                                        .devices = &device_reporter,
                                        .tickets = &tickets,
                                        .clock = &clock};

    auto ui_router = std::make_shared<http::Router>();
    api::addCitizenRoutes(*ui_router, citizen);
    api::addTechnicianRoutes(*ui_router, technician);
    api::addPreRegistrationRoutes(*ui_router, citizen);
    api::addWindowRoutes(*ui_router, window_api);
    ui_router->addStream("/api/v1/camera/preview.mjpg",
                         [&camera_pipeline](boost::beast::tcp_stream& stream, const http::Request& r) {
                             return camera_pipeline.servePreview(stream, r);
                         });
    ui_router->fallback([&ui_files](const http::Request& r) -> asio::awaitable<http::Response> {
        co_return ui_files->serve(r);
    });
    auto status_router = std::make_shared<http::Router>();
    api::addStatusRoutes(*status_router, status);

    http::Server ui_server(io.get_executor(), ui_router, {"ui", 16 * 1024, 30s, 16});
    http::Server status_server(io.get_executor(), status_router, {"status", 1024, 10s, 32});
    auto listening = ui_server.listen(board->ui.listen);
    if (listening) listening = status_server.listen(board->status.listen);
    if (!listening) {
        complain(listening.error());
        return 1;
    }

    // SIGUSR1 toggles debug logging at run time, for a technician chasing a fault without a restart.
    asio::signal_set debug_toggle(io, SIGUSR1);
    const auto configured_level = spdlog::get_level();
    std::function<void(const boost::system::error_code&, int)> toggle =
        [&](const boost::system::error_code& error, int) {
            if (error) return;
            const bool to_debug = spdlog::get_level() != spdlog::level::debug;
            spdlog::set_level(to_debug ? spdlog::level::debug : configured_level);
            log->info("log level now {}",
                      to_debug ? "debug" : spdlog::level::to_string_view(configured_level));
            debug_toggle.async_wait(toggle);
        };
    debug_toggle.async_wait(toggle);

    SystemdNotifier systemd;
    asio::signal_set signals(io, SIGINT, SIGTERM);
    signals.async_wait([&](const boost::system::error_code& error, int signal) {
        if (error) return;
        log->info("signal {}: stopping", signal);
        systemd.notify("STOPPING=1");
        ui_server.close();
        status_server.close();
        debug_toggle.cancel();
        events.close();
        if (reader) reader->stop();
        if (camera) camera->stop();
        camera_pipeline.stop();
        outbox_sender.stop();
        device_reporter.stop();
        sessions.end("shutdown");
        asio::co_spawn(io, drainThenStop(io, tickets, printer.get()), asio::detached);
    });

    asio::co_spawn(io,
                   purgeLoop(store_thread.get_executor(), registration_store, clock,
                             std::chrono::hours(board->privacy.retention_h), board->hall.url.empty()),
                   asio::detached);
    if (const auto interval = systemd.watchdogInterval()) {
        log->info("systemd watchdog: a ping every {} ms from the event loop",
                  std::chrono::duration_cast<std::chrono::milliseconds>(*interval).count());
        asio::co_spawn(io, watchdogLoop(systemd, *interval), asio::detached);
    }
    if (board->update.mark_slot) {
        asio::co_spawn(io,
                       selftest::markSlot(render_thread.get_executor(), self_test,
                                          std::chrono::seconds(board->update.mark_after_s)),
                       asio::detached);
    }
    // Ready once the loop runs: the listeners are open and every device has been started.
    asio::post(io, [&systemd] { systemd.notify("READY=1"); });
    device_reporter.start();
    outbox_sender.start();
    if (printer) printer->start();
    if (reader) {
        reader->start({[&](const hal::IdCard& card, std::chrono::steady_clock::duration took) {
                           metrics.observe("yici_idcard_read_seconds",
                                           std::chrono::duration<double>(took).count());
                           const std::uint64_t serial = sessions.cardPresent(card);
                           if (photo_decoder.available()) {
                               asio::co_spawn(io,
                                              decodePhoto(render_thread.get_executor(), photo_decoder,
                                                          sessions, serial, card.photo_wlt),
                                              asio::detached);
                           }
                       },
                       [&] { sessions.cardRemoved(); }, [&](ErrorCode code) { sessions.cardError(code); }});
    }
    if (camera) camera->start(camera_pipeline.frameHandler());
    log->info("yicid {} for kiosk {} ({}): UI http://{}/ status http://{}/health, data {}", YICI_VERSION,
              board->kiosk.id, hall->name_en, board->ui.listen.text(), board->status.listen.text(),
              options.data_dir.string());
    io.run();
    // Let the coroutines that were cut short unwind (their I/O is closed, so they fail fast) while the
    // printer and the ticket service they point to still exist.
    if (printer) printer->stop();
    if (reader) reader->stop();
    if (camera) camera->stop();
    io.restart();
    io.run_for(300ms);
    store_thread.join();
    render_thread.join();
    log->info("stopped");
    return 0;
}

}  // namespace yici::app
