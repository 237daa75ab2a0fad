// The kiosk as yicid runs it: every component, one member each, built in dependency order (the order of the
// members) and torn down in reverse.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/thread_pool.hpp>

#include <filesystem>
#include <optional>
#include <string>

#include "api/camera_preview.hpp"
#include "api/catalog_api.hpp"
#include "api/ratings_api.hpp"
#include "api/registrations_api.hpp"
#include "api/session_api.hpp"
#include "api/staff_print_api.hpp"
#include "api/status_api.hpp"
#include "api/technician_api.hpp"
#include "api/technician_auth.hpp"
#include "api/tickets_api.hpp"
#include "api/ui_events.hpp"
#include "api/window_api.hpp"
#include "app/camera_frames.hpp"
#include "app/device_slot.hpp"
#include "app/systemd_notify.hpp"
#include "catalog/hall_catalog.hpp"
#include "config/board_config.hpp"
#include "face/face_step.hpp"
#include "hall/device_reporter.hpp"
#include "hall/hall_client.hpp"
#include "hall/outbox_sender.hpp"
#include "http/event_stream.hpp"
#include "http/server.hpp"
#include "http/static_files.hpp"
#include "metrics/metrics.hpp"
#include "prereg/flow.hpp"
#include "prereg/registration_service.hpp"
#include "privacy/vault.hpp"
#include "scan/qr_watcher.hpp"
#include "selftest/self_test.hpp"
#include "session/id_card_metrics.hpp"
#include "session/photo_decoder.hpp"
#include "store/database.hpp"
#include "store/outbox_store.hpp"
#include "store/paper_roll_store.hpp"
#include "store/pin_attempts_store.hpp"
#include "store/queue_store.hpp"
#include "store/rating_store.hpp"
#include "store/registration_store.hpp"
#include "store/ticket_store.hpp"
#include "ticket/ticket_layout.hpp"
#include "ticket/ticket_service.hpp"
#include "yici/hal/camera.hpp"
#include "yici/hal/id_card_reader.hpp"
#include "yici/hal/printer.hpp"
#include "yici/hal/registry.hpp"

namespace yici::app {

// What yicid opens before it builds the kiosk: each of these can fail, and then nothing starts.
struct KioskParts {
    hal::DriverRegistries drivers;  // every driver of this build
    config::BoardConfig board;
    catalog::HallCatalog hall;
    std::filesystem::path data_dir;
    store::Database database;
    std::int64_t newest_ticket_unix = 0;  // the clock may not go back before it
    store::PaperRollState paper_roll;     // the printer's roll as counted so far
    std::filesystem::path key_file;
    Expected<privacy::Vault> vault;   // an error turns pre-registration off; queue tickets still work
    privacy::StaffCards staff_cards;  // whose tap opens the technician login (needs the vault)
    ticket::TicketLayout layout;
    http::StaticFiles ui_files;
    std::optional<hall::HallClient> hall_client;  // nullopt: a hall without a server
    std::string status_token;                     // empty: /health is on loopback and needs none
    std::string selftest_token;                   // empty: POST /selftest only where no token is needed
    std::shared_ptr<boost::asio::ssl::context> status_tls;  // [status] cert_file; null: plain HTTP
};

class Kiosk {
  public:
    Kiosk(boost::asio::io_context& io, KioskParts parts);
    Kiosk(const Kiosk&) = delete;
    Kiosk& operator=(const Kiosk&) = delete;

    // Opens the listeners, starts the devices and the background work, and runs the loop until SIGTERM or
    // SIGINT; then stops everything in order. Returns the process exit code.
    int run();

  private:
    void addDeviceHealth();
    std::shared_ptr<http::Router> uiRouter();  // called while constructing: uses only the members above
    std::shared_ptr<http::Router> statusRouter();
    void startSignals();
    void startDevices();
    bool staffCardTapped(const hal::IdCard& card);
    std::vector<std::string> deviceFaults(bool missing_driver) const;
    void stop(int signal);
    std::unique_ptr<ticket::TicketHandout> makeHandout();
    std::unique_ptr<ticket::PaperRoll> makePaperRoll(const store::PaperRollState& loaded);

    boost::asio::io_context& io_;
    boost::asio::thread_pool store_thread_{1};   // the one thread that touches SQLite
    boost::asio::thread_pool render_thread_{1};  // tickets, photos, PINs, rauc: slow work off the loop
    const config::BoardConfig board_;
    const catalog::HallCatalog hall_;
    const std::filesystem::path data_dir_;
    SystemClock clock_;
    metrics::Registry metrics_;
    api::StatusMetrics status_metrics_{metrics_};
    const session::IdCardMetrics idcard_metrics_{metrics_};

    store::Database database_;
    store::TicketStore ticket_store_{database_};
    store::QueueStore queue_store_{database_};
    store::RegistrationStore registration_store_{database_};
    store::RatingStore rating_store_{database_};
    store::OutboxStore outbox_store_{database_};
    store::PinAttemptStore pin_attempt_store_{database_};
    const std::filesystem::path key_file_;
    Expected<privacy::Vault> vault_;
    std::optional<store::DataKeys> data_keys_;  // used on the store thread only
    ticket::TicketLayout layout_;
    http::StaticFiles ui_files_;
    std::optional<hall::HallClient> hall_client_;

    hal::DriverRegistries drivers_;
    DeviceSlot<hal::Printer> printer_;
    http::EventHub events_;
    api::UiEvents session_events_{events_};
    session::PhotoDecoder photo_decoder_;
    prereg::Flow sessions_;
    DeviceSlot<hal::IdCardReader> reader_;
    DeviceSlot<hal::Camera> camera_;
    api::CameraPreview camera_preview_;
    face::FaceStep face_step_;
    scan::QrWatcher qr_watcher_;
    CameraFrames camera_frames_;

    // The printer's dispenser hands tickets out (null without one), and its paper roll is counted (null
    // without [printer] roll_length_m); before the ticket service that uses them.
    std::unique_ptr<ticket::TicketHandout> handout_;
    store::PaperRollStore paper_roll_store_{database_};
    std::unique_ptr<ticket::PaperRoll> paper_roll_;
    ticket::TicketService tickets_;
    prereg::RegistrationService registrations_;
    api::StatusApi status_;
    api::TechnicianAuth technician_auth_;  // before the tickets API, which checks tokens with it
    const api::CatalogApi catalog_api_;
    const api::TicketsApi tickets_api_;
    const api::SessionApi session_api_;
    const api::RegistrationsApi registrations_api_;
    const api::RatingsApi ratings_api_;
    const api::WindowApi window_api_;
    const api::StaffPrintApi staff_print_api_;
    hall::OutboxSender outbox_sender_;
    hall::DeviceReporter device_reporter_;
    const hal::Health key_health_;
    selftest::Targets self_test_;
    bool staff_card_on_reader_ = false;  // its removal ends no citizen session
    const api::TechnicianApi technician_;

    http::Server ui_server_;
    http::Server status_server_;
    SystemdNotifier systemd_;
    boost::asio::signal_set debug_toggle_{io_, SIGUSR1};
    boost::asio::signal_set signals_{io_, SIGINT, SIGTERM};
};

}  // namespace yici::app
