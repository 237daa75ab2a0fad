// yicictl's side of RAUC update bundles: create one from a root filesystem image, verify one (signature, and
// board and version when a board config is at hand), and install one (file or URL) into the other slot.
// Blocking: they run rauc and curl and wait (yicictl, never yicid's Asio thread).
#pragma once

#include <filesystem>
#include <string>

namespace yici::ctl {

struct BundleSpec {
    std::string compatible;        // [update] compatible of the board it is for
    std::string version;           // X.Y.Z
    std::filesystem::path rootfs;  // the ext4 image for the rootfs slot
    std::filesystem::path cert, key;
    std::filesystem::path keyring;  // optional: rauc checks the new signature against it
    std::string format = "verity";  // verity (boards) or plain (kernels without device-mapper)
    std::filesystem::path out;
};

// Writes the manifest beside a link to the image and runs `rauc bundle`; 0, or 1/2 with the reason on stderr.
int createBundle(const BundleSpec& spec);

struct BundleCheck {
    std::filesystem::path board;  // the board config whose [update] compatible must match; empty: not checked
    std::filesystem::path rauc_conf;  // rauc's system.conf (its keyring); empty: rauc's default
    std::filesystem::path keyring;    // or a CA certificate given directly
    bool allow_downgrade = false;
    // Where a bundle from a URL is downloaded: a partition of its own, never the database's
    // (docs/flashing.md).
    std::filesystem::path download_dir = "/var/cache/yici/bundles";
};

// RAUC's pre-install handler (firmware/systemd/rauc-pre-install) lets an older version through only while
// this file exists; `install --allow-downgrade` makes it for its one install, as root.
inline constexpr const char* downgrade_marker = "/run/yici-install/allow-downgrade";
// yicid's database folder, which a download must not be able to fill.
inline constexpr const char* database_dir = "/var/lib/yici";

// Signature (rauc info), then board and version against this firmware's; prints what the bundle is.
int verifyBundle(const std::string& bundle, const BundleCheck& check);
// Verifies, then `rauc install` (with the downgrade marker while it runs, when allowed). An https:// URL is
// downloaded (curl, https only, at most 1 GiB) into download_dir first and removed after; http:// is refused.
int installBundle(const std::string& source, const BundleCheck& check);

}  // namespace yici::ctl
