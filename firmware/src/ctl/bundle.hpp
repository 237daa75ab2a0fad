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
};

// Signature (rauc info), then board and version against this firmware's; prints what the bundle is.
int verifyBundle(const std::string& bundle, const BundleCheck& check);
// Verifies, then `rauc install`. An http(s) URL is downloaded (curl) into /var/tmp first and removed after.
int installBundle(const std::string& source, const BundleCheck& check);

}  // namespace yici::ctl
