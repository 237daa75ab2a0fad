// `yicictl provision`: a board template filled in for one kiosk, written with yicid's permissions.
#include "ctl/provision.hpp"

#include <grp.h>
#include <sodium.h>
#include <unistd.h>

#include <fmt/format.h>
#include <toml++/toml.h>

#include <fstream>
#include <sstream>

#include "config/board_config.hpp"
#include "ctl/errors.hpp"
#include "ctl/unit_dropin.hpp"
#include "privacy/pin_hash.hpp"
#include "register_all.hpp"

namespace yici::ctl {
namespace {

namespace fs = std::filesystem;

// Writes `text` to `file` with `mode` through a temporary file and a rename, so a kiosk never sees half a
// file.
Expected<void> writeFile(const fs::path& file, const std::string& text, fs::perms mode,
                         std::optional<gid_t> group) {
    const fs::path staged = file.string() + ".new";
    {
        std::ofstream out(staged, std::ios::binary | std::ios::trunc);
        out << text;
        out.flush();
        if (!out) return fail(Errc::provision_failed, "cannot write " + staged.string());
    }
    std::error_code ec;
    fs::permissions(staged, mode, ec);
    if (!ec && group && ::chown(staged.c_str(), static_cast<uid_t>(-1), *group) != 0)
        ec = std::error_code(errno, std::generic_category());
    if (!ec) fs::rename(staged, file, ec);
    if (ec) return fail(Errc::provision_failed, fmt::format("{}: {}", file.string(), ec.message()));
    return {};
}

Expected<std::string> readWhole(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in) return fail(Errc::provision_failed, "cannot read " + file.string());
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

std::string newToken() {
    unsigned char bytes[32];
    randombytes_buf(bytes, sizeof(bytes));
    char hex[sizeof(bytes) * 2 + 1];
    sodium_bin2hex(hex, sizeof(hex), bytes, sizeof(bytes));
    sodium_memzero(bytes, sizeof(bytes));
    return hex;
}

}  // namespace

Expected<Provisioned> provision(const ProvisionRequest& r, std::string& warnings) {
    if (sodium_init() < 0) return fail(Errc::provision_failed, "libsodium failed to initialise");
    if (r.kiosk_id.empty()) return fail(Errc::provision_failed, "--kiosk-id is required");
    auto board = config::loadBoardConfig(r.board_template, drivers::allDrivers());
    if (!board) return std::unexpected(board.error());
    auto text = readWhole(r.board_template);
    if (!text) return std::unexpected(text.error());
    toml::table doc;
    try {
        doc = toml::parse(*text, r.board_template.string());
    } catch (const toml::parse_error& e) {
        return fail(Errc::provision_failed, std::string(e.description()));
    }

    std::optional<gid_t> group;
    if (const ::group* g = ::getgrnam(r.group.c_str())) {
        group = g->gr_gid;
    } else {
        warnings += fmt::format("group '{}' does not exist: files keep this user's group\n", r.group);
    }
    std::error_code ec;
    fs::create_directories(r.etc_dir / "halls", ec);
    if (!ec) fs::create_directories(r.data_dir, ec);
    if (!ec) fs::permissions(r.data_dir, fs::perms::owner_all, ec);
    // The config folders: readable by the yici group only (the key and the token are in there).
    constexpr auto folder = fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec;
    for (const fs::path& dir : {r.etc_dir, r.etc_dir / "halls"}) {
        if (!ec) fs::permissions(dir, folder, ec);
        if (!ec && group && ::chown(dir.c_str(), static_cast<uid_t>(-1), *group) != 0)
            ec = std::error_code(errno, std::generic_category());
    }
    if (ec)
        return fail(Errc::provision_failed, fmt::format("cannot create {} or {}: {}", r.etc_dir.string(),
                                                        r.data_dir.string(), ec.message()));
    constexpr auto shared = fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read;
    constexpr auto public_file = shared | fs::perms::others_read;

    // The hall catalog goes next to the board config, where the template's relative path points.
    const fs::path catalog = r.etc_dir / "halls" / board->kiosk.hall_catalog.filename();
    auto catalog_text = readWhole(board->kiosk.hall_catalog);
    if (!catalog_text) return std::unexpected(catalog_text.error());
    if (auto ok = writeFile(catalog, *catalog_text, shared, group); !ok) return std::unexpected(ok.error());
    doc["kiosk"].as_table()->insert_or_assign("id", r.kiosk_id);
    doc["kiosk"].as_table()->insert_or_assign("hall_catalog",
                                              (fs::path("halls") / catalog.filename()).string());

    auto* hall = doc["hall"].as_table();
    if (hall == nullptr) {
        doc.insert("hall", toml::table{});
        hall = doc["hall"].as_table();
    }
    if (!r.hall_url.empty()) hall->insert_or_assign("url", r.hall_url);
    if (!r.offline_prefix.empty()) hall->insert_or_assign("offline_prefix", r.offline_prefix);
    auto* status = doc["status"].as_table();
    if (status == nullptr) {
        doc.insert("status", toml::table{});
        status = doc["status"].as_table();
    }
    // The TLS files, copied in under fixed names; the board config points at the copies.
    for (const auto& [table, key, from, name, mode] :
         {std::tuple{hall, "ca_file", r.ca_file, "hall-ca.pem", public_file},
          std::tuple{hall, "cert_file", r.cert_file, "kiosk-cert.pem", public_file},
          std::tuple{hall, "key_file", r.key_file, "kiosk-key.pem", shared},
          std::tuple{status, "cert_file", r.status_cert_file, "status-cert.pem", public_file},
          std::tuple{status, "key_file", r.status_key_file, "status-key.pem", shared}}) {
        if (from.empty()) continue;
        auto bytes = readWhole(from);
        if (!bytes) return std::unexpected(bytes.error());
        const fs::path to = r.etc_dir / name;
        if (auto ok = writeFile(to, *bytes, mode, group); !ok) return std::unexpected(ok.error());
        sodium_memzero(bytes->data(), bytes->size());
        table->insert_or_assign(key, to.string());
    }

    Provisioned done{.board = r.etc_dir / "board.toml",
                     .token = r.etc_dir / "status.token",
                     .selftest_token = r.etc_dir / "selftest.token",
                     .dropin = {}};
    if (!fs::exists(done.token)) {
        if (auto ok = writeFile(done.token, newToken() + "\n", shared, group); !ok)
            return std::unexpected(ok.error());
        done.new_token = true;
    }
    // The technician's own token for POST /selftest (yicictl selftest --token-file ETC/selftest.token): the
    // hall's polling token cannot print tickets.
    if (!fs::exists(done.selftest_token)) {
        if (auto ok = writeFile(done.selftest_token, newToken() + "\n", shared, group); !ok)
            return std::unexpected(ok.error());
    }
    // The device key that wraps the per-day data keys: on the config partition, apart from the database;
    // kept when one exists (it opens the records still waiting for the hall).
    const fs::path device_key = r.etc_dir / "device.key";
    if (!fs::exists(device_key)) {
        std::string key(32, '\0');
        randombytes_buf(key.data(), key.size());
        auto ok = writeFile(device_key, key, shared, group);
        sodium_memzero(key.data(), key.size());
        if (!ok) return std::unexpected(ok.error());
    }
    auto* privacy = doc["privacy"].as_table();
    if (privacy == nullptr) {
        doc.insert("privacy", toml::table{});
        privacy = doc["privacy"].as_table();
    }
    privacy->insert_or_assign("key_file", device_key.string());
    status->insert_or_assign("token_file", done.token.string());
    status->insert_or_assign("selftest_token_file", done.selftest_token.string());
    if (!r.technician_pin.empty()) {
        auto* ui = doc["ui"].as_table();
        if (ui == nullptr) {
            doc.insert("ui", toml::table{});
            ui = doc["ui"].as_table();
        }
        auto hash = privacy::hashPin(r.technician_pin);
        if (!hash) return std::unexpected(hash.error());
        ui->erase("technician_pin");
        ui->insert_or_assign("technician_pin_hash", *hash);
        // Beside the device key; yicictl staff-card add registers the cards whose tap opens the login.
        ui->insert_or_assign("staff_cards_file", (r.etc_dir / "staff-cards").string());
    }

    std::ostringstream out;
    out << "# Written by yicictl provision from " << r.board_template.filename().string() << " for kiosk "
        << r.kiosk_id << ".\n"
        << toml::toml_formatter(doc) << "\n";
    // Checked before it replaces anything: a bad PIN or URL leaves the old config in place.
    const fs::path staged = r.etc_dir / "board.toml.check";
    if (auto ok = writeFile(staged, out.str(), shared, group); !ok) return std::unexpected(ok.error());
    auto checked = config::loadBoardConfig(staged, drivers::allDrivers());
    if (!checked) {
        fs::remove(staged, ec);
        return std::unexpected(checked.error());
    }
    // The kiosk display's settings follow the board config (firmware/systemd/yici-display.env).
    const std::string display = fmt::format(
        "# Written by yicictl provision from the board config; read by yici-display.service.\n"
        "YICI_UI_URL=http://{}/\nYICI_ROTATE={}\n",
        checked->ui.listen.text(), checked->display.rotate);
    if (auto ok = writeFile(r.etc_dir / "display.env", display, public_file, std::nullopt); !ok)
        return std::unexpected(ok.error());
    // yicid.service opens only the devices and addresses this board config names.
    const fs::path systemd_dir =
        r.systemd_dir.empty() ? (r.etc_dir / "..").lexically_normal() / "systemd" / "system" : r.systemd_dir;
    done.dropin = systemd_dir / "yicid.service.d" / "50-board.conf";
    fs::create_directories(done.dropin.parent_path(), ec);
    if (ec) return fail(Errc::provision_failed, fmt::format("{}: {}", done.dropin.string(), ec.message()));
    checked->file = done.board;
    if (auto ok = writeFile(done.dropin, boardDropIn(*checked, warnings), public_file, std::nullopt); !ok)
        return std::unexpected(ok.error());
    fs::rename(staged, done.board, ec);
    if (ec) return fail(Errc::provision_failed, fmt::format("{}: {}", done.board.string(), ec.message()));
    return done;
}

}  // namespace yici::ctl
