// The board config (board-configs/*.toml): which devices this kiosk has and how it talks to the world.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "base/error.hpp"
#include "base/listen_address.hpp"
#include "yici/hal/camera.hpp"
#include "yici/hal/id_card_reader.hpp"
#include "yici/hal/printer.hpp"
#include "yici/hal/registry.hpp"

namespace yici::config {

using base::ListenAddress;

struct BoardConfig {
    std::filesystem::path file;

    struct Kiosk {
        std::string id;
        std::string timezone = "Asia/Shanghai";
        std::filesystem::path hall_catalog;  // resolved against the config file's folder
        // The board keeps the time while off (a real-time clock). Without one, tickets wait until the clock
        // was synchronised, which systemd-timesyncd says by creating clock_synchronized_file.
        bool rtc = true;
        std::filesystem::path clock_synchronized_file = "/run/systemd/timesync/synchronized";
    } kiosk;

    struct Ui {
        ListenAddress listen{"127.0.0.1", 8080};
        int idle_timeout_s = 60;
        std::string
            technician_pin_hash;  // argon2id (privacy/pin_hash.hpp); empty: the technician screen is off
        // The staff cards whose tap opens the technician login (privacy/staff_cards.hpp): required with a
        // PIN, unless key_in_data_dir (the simulator keeps them in the data dir, beside its key).
        std::filesystem::path staff_cards_file;
    } ui;

    struct Status {
        ListenAddress listen{"0.0.0.0", 9180};
        std::filesystem::path token_file;
        std::filesystem::path selftest_token_file;  // the technician's token for POST /selftest
        std::filesystem::path cert_file, key_file;  // HTTPS; required off loopback unless insecure
        std::filesystem::path client_ca_file;       // optional: mutual TLS, clients signed by this CA only
        bool insecure = false;                      // plain HTTP off loopback (a closed management network)
    } status;

    struct Hall {
        std::string url;
        int ticket_timeout_ms = 800;
        int offline_backoff_ms = 5000;  // after a hall failure, tickets are numbered offline this long
        std::filesystem::path ca_file;
        std::filesystem::path cert_file;
        std::filesystem::path key_file;
        bool insecure = false;
        int outbox_degraded_after_s = 300;  // /health turns degraded when an event waits longer
        std::string offline_prefix;  // "K1": offline numbers are K1A001, never the hall's or another kiosk's
        // The hall LAN ("10.20.0.0/24", canonical): the only addresses besides loopback and the hall server's
        // that yicid may reach or be reached from (yicid.service's IPAddressAllow=, written by yicictl
        // provision). The hall's poller, its DNS server and a network printer are in here.
        std::vector<std::string> subnets;
    } hall;

    hal::IdReaderConfig id_reader;
    std::filesystem::path photo_decoder;  // [id_reader] photo_decoder: the vendor's WLT decoder (optional)
    hal::PrinterConfig printer;
    hal::CameraConfig camera;

    struct Face {
        std::filesystem::path detector_model;
        std::filesystem::path recognizer_model;
        double match_threshold = 0.363;
    } face;

    // The screen as mounted: yicictl provision writes it to /etc/yici/display.env for the kiosk display.
    struct Display {
        int rotate = 0;  // clockwise degrees: 0, 90, 180 or 270 (a portrait kiosk on a landscape panel: 90)
    } display;

    // Signed A/B updates (RAUC, docs/flashing.md).
    struct Update {
        std::string compatible;  // the RAUC compatible of this board; bundles for another are refused
        // After start-up, run the self-test and tell RAUC: mark-good when it passes, mark-bad (the bootloader
        // then falls back to the other slot) when it fails. Off on boards without RAUC (the simulator).
        bool mark_slot = false;
        int mark_after_s = 20;  // time for the devices to come up before the self-test
    } update;

    struct Privacy {
        int retention_h = 24;      // after the hall acknowledged a registration
        int max_retention_h = 72;  // after it was made, delivered or not
        // The device key (yicictl provision); required unless key_in_data_dir (the simulator only: pii.key
        // in the data dir, created on first start).
        std::filesystem::path key_file;
        bool key_in_data_dir = false;
    } privacy;
};

// Reads and checks a board config against every rule yicid holds it to (the drivers it names come from
// `drivers`, and each checks its own keys); the error lists every problem as "FILE:LINE: KEY: message".
Expected<BoardConfig> loadBoardConfig(const std::filesystem::path& file,
                                      const hal::DriverRegistries& drivers);
Expected<BoardConfig> parseBoardConfig(std::string_view text, const std::filesystem::path& file,
                                       const hal::DriverRegistries& drivers);

// Where the device key and the staff cards are: where the board config says (the config partition), or in
// `data_dir` for the simulator (key_in_data_dir).
std::filesystem::path deviceKeyFile(const BoardConfig& c, const std::filesystem::path& data_dir);
std::filesystem::path staffCardsFile(const BoardConfig& c, const std::filesystem::path& data_dir);

// The rules for the two listeners, for the file and yicid's --ui-listen/--status-listen alike: the citizen
// API only on loopback; off loopback, /health and /metrics need [status] token_file.
std::vector<hal::ConfigProblem> listenerProblems(const BoardConfig& c);
Expected<void> checkListeners(const BoardConfig& c);

// True when `name` is a zoneinfo name this system knows ("Asia/Shanghai").
bool isKnownTimezone(std::string_view name);

}  // namespace yici::config
