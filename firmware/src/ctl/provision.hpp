// `yicictl provision`: turns a board template (board-configs/NAME.toml) into one kiosk's configuration: its
// id, the hall server's URL and offline prefix, the TLS files, a status token and a technician PIN, written
// with the permissions yicid (user yici) needs and nobody else gets.
#pragma once

#include <filesystem>
#include <optional>
#include <string>

#include "base/error.hpp"

namespace yici::ctl {

struct ProvisionRequest {
    std::filesystem::path board_template;  // board-configs/rk3568-kiosk.toml
    std::filesystem::path etc_dir = "/etc/yici";
    std::filesystem::path data_dir = "/var/lib/yici";
    std::string kiosk_id;
    std::string hall_url;                                     // empty: keep the template's
    std::string offline_prefix;                               // empty: keep the template's
    std::filesystem::path ca_file, cert_file, key_file;       // copied in; empty: none
    std::filesystem::path status_cert_file, status_key_file;  // the status listener's HTTPS; empty: none
    std::string technician_pin;  // 6-12 digits, stored as its hash; empty: the template's
    std::string group = "yici";  // the group that may read the config and the key
    // Where yicid.service.d/50-board.conf goes; empty: ETC/../systemd/system (/etc/systemd/system).
    std::filesystem::path systemd_dir;
};

struct Provisioned {
    std::filesystem::path board;  // ETC/board.toml
    std::filesystem::path token;  // ETC/status.token
    bool new_token = false;       // false: the token that was there is kept (the hall server knows it)
    std::filesystem::path selftest_token;  // ETC/selftest.token, the technician's; kept when one exists
    std::filesystem::path dropin;          // SYSTEMD/yicid.service.d/50-board.conf
};

// Writes ETC/board.toml (0640), ETC/halls/CATALOG (0640), ETC/status.token and ETC/selftest.token (0640,
// 32 random bytes as hex each, kept when one exists) and the TLS files as ETC/hall-ca.pem, kiosk-cert.pem
// (0644) and kiosk-key.pem (0640); ETC/display.env (0644: the UI's URL and the screen rotation for
// yici-display.service), ETC/device.key (0640, 32 random bytes, kept when one exists: [privacy] key_file, the
// key of the per-day data keys); ETC and ETC/halls are 0750, DATA is created 0700 (yicid makes its files
// there), SYSTEMD/yicid.service.d/50-board.conf (0644: the board's devices and addresses,
// ctl/unit_dropin.hpp). The board config replaces the old one only after it loads; group ownership is `group`
// when it exists (else a line in `warnings`).
Expected<Provisioned> provision(const ProvisionRequest& request, std::string& warnings);

}  // namespace yici::ctl
