// RAUC update bundles for yicictl: create, verify, install (see bundle.hpp).
#include "ctl/bundle.hpp"

#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <boost/json/parse.hpp>

#include <fmt/format.h>

#include <charconv>
#include <cstdio>
#include <fstream>
#include <optional>
#include <string_view>
#include <system_error>
#include <vector>

#include "base/command.hpp"
#include "config/board_config.hpp"
#include "register_all.hpp"

namespace yici::ctl {

namespace {

namespace fs = std::filesystem;

// "1.2.3" as {1, 2, 3}; parts that are not numbers count as 0.
std::vector<long> versionParts(std::string_view version) {
    std::vector<long> parts;
    while (!version.empty()) {
        const auto dot = version.find('.');
        const std::string_view part = version.substr(0, dot);
        long n = 0;
        std::from_chars(part.data(), part.data() + part.size(), n);
        parts.push_back(n);
        if (dot == std::string_view::npos) break;
        version.remove_prefix(dot + 1);
    }
    while (!parts.empty() && parts.back() == 0) parts.pop_back();
    return parts;
}

bool plainVersion(std::string_view version) {
    return !version.empty() && version.find_first_not_of("0123456789.") == std::string_view::npos &&
           version.front() != '.' && version.back() != '.';
}

// RAUC's own reason among what it printed: the first line that is neither one of its progress messages nor
// OpenSSL's error stack ("80DF…:error:…"); else the last line.
std::string rejection(const std::string& output) {
    std::string last;
    std::size_t at = 0;
    while (at < output.size()) {
        auto end = output.find('\n', at);
        if (end == std::string::npos) end = output.size();
        const std::string line = output.substr(at, end - at);
        at = end + 1;
        if (line.empty()) continue;
        last = line;
        const auto colon = line.find(":error:");
        const bool openssl_stack =
            colon != std::string::npos && colon >= 8 && line.find_first_not_of("0123456789ABCDEF") == colon;
        if (!line.starts_with("rauc-Message") && !openssl_stack) return line;
    }
    return last;
}

struct Manifest {
    std::string compatible, version;
};

// rauc info checks the signature; its JSON names the bundle's board and version.
std::optional<Manifest> signedManifest(const std::string& bundle, const BundleCheck& check) {
    std::vector<std::string> info{"rauc", "info", "--output-format=json"};
    if (!check.rauc_conf.empty()) info.push_back("--conf=" + check.rauc_conf.string());
    if (!check.keyring.empty()) info.push_back("--keyring=" + check.keyring.string());
    info.push_back(bundle);
    const auto checked = base::captureCommand(info);
    const auto json_at = checked.output.find('{');
    boost::system::error_code ec;
    const auto value = checked.exit == 0 && json_at != std::string::npos
                           ? boost::json::parse(checked.output.substr(json_at), ec)
                           : boost::json::value();
    const auto* manifest = ec ? nullptr : value.if_object();
    if (manifest == nullptr) {
        std::fprintf(stderr, "yicictl: %s refused: %s\n", bundle.c_str(), rejection(checked.output).c_str());
        return std::nullopt;
    }
    const auto text = [&](const char* key) {
        const auto* v = manifest->if_contains(key);
        return v != nullptr && v->is_string() ? std::string(v->as_string()) : std::string();
    };
    return Manifest{text("compatible"), text("version")};
}

}  // namespace

int createBundle(const BundleSpec& spec) {
    if (spec.compatible.empty() || !plainVersion(spec.version) ||
        (spec.format != "verity" && spec.format != "plain") || spec.cert.empty() || spec.key.empty() ||
        spec.out.empty()) {
        std::fprintf(stderr,
                     "yicictl: bundle create needs --compatible, --version X.Y.Z, --rootfs, --cert, --key, "
                     "--out, and --format verity|plain\n");
        return 2;
    }
    std::error_code ec;
    const auto size = fs::file_size(spec.rootfs, ec);
    if (ec || size <= 4096) {  // rauc refuses a squashfs of 4096 bytes or less
        std::fprintf(stderr, "yicictl: %s: %s\n", spec.rootfs.c_str(),
                     ec ? ec.message().c_str() : "too small for a root filesystem image");
        return 2;
    }
    const fs::path out = fs::absolute(spec.out);
    fs::create_directories(out.parent_path(), ec);
    std::string dir = (out.parent_path() / ".yici-bundle-XXXXXX").string();
    if (::mkdtemp(dir.data()) == nullptr) {
        std::fprintf(stderr, "yicictl: cannot make a folder beside %s\n", out.c_str());
        return 1;
    }
    // The image is linked, not copied (it can be 1.5 GB), when it is on the same filesystem.
    fs::create_hard_link(spec.rootfs, fs::path(dir) / "rootfs.ext4", ec);
    if (ec) fs::copy_file(spec.rootfs, fs::path(dir) / "rootfs.ext4", ec);
    std::ofstream(fs::path(dir) / "manifest.raucm") << fmt::format(
        "[update]\ncompatible={}\nversion={}\n\n[bundle]\nformat={}\n\n[image.rootfs]\n"
        "filename=rootfs.ext4\n",
        spec.compatible, spec.version, spec.format);
    int result = 1;
    if (ec) {
        std::fprintf(stderr, "yicictl: cannot copy %s: %s\n", spec.rootfs.c_str(), ec.message().c_str());
    } else {
        fs::remove(out, ec);
        std::vector<std::string> bundle{"rauc", "bundle", "--cert=" + spec.cert.string(),
                                        "--key=" + spec.key.string()};
        if (!spec.keyring.empty()) bundle.push_back("--keyring=" + spec.keyring.string());
        bundle.push_back(dir);
        bundle.push_back(out.string());
        const auto made = base::captureCommand(bundle);
        if (made.exit != 0) {
            std::fprintf(stderr, "yicictl: rauc bundle failed: %s\n", rejection(made.output).c_str());
        } else {
            std::printf("%s: %s %s (%s), %ju bytes\n", out.c_str(), spec.compatible.c_str(),
                        spec.version.c_str(), spec.format.c_str(),
                        static_cast<std::uintmax_t>(fs::file_size(out, ec)));
            result = 0;
        }
    }
    fs::remove_all(dir, ec);
    return result;
}

int verifyBundle(const std::string& bundle, const BundleCheck& check) {
    std::string ours;
    if (!check.board.empty()) {
        auto board = config::loadBoardConfig(check.board, drivers::allDrivers());
        if (!board) {
            std::fprintf(stderr, "%s\n", board.error().message.c_str());
            return 2;
        }
        ours = board->update.compatible;
        if (ours.empty()) {
            std::fprintf(stderr,
                         "yicictl: %s has no [update] compatible: this board takes no update bundles\n",
                         check.board.c_str());
            return 2;
        }
    }
    const auto manifest = signedManifest(bundle, check);
    if (!manifest) return 1;
    std::printf("%s: signature ok, for '%s', version %s\n", bundle.c_str(), manifest->compatible.c_str(),
                manifest->version.c_str());
    if (ours.empty()) return 0;
    if (manifest->compatible != ours) {
        std::fprintf(stderr, "yicictl: %s is for '%s', this board is '%s': not installed\n", bundle.c_str(),
                     manifest->compatible.c_str(), ours.c_str());
        return 1;
    }
    if (versionParts(manifest->version) < versionParts(YICI_VERSION) && !check.allow_downgrade) {
        std::fprintf(stderr,
                     "yicictl: %s has version %s, older than the installed %s: not installed "
                     "(--allow-downgrade installs it anyway)\n",
                     bundle.c_str(), manifest->version.c_str(), YICI_VERSION);
        return 1;
    }
    return 0;
}

namespace {

// The marker for RAUC's pre-install handler, for one install: made when a downgrade is allowed, and never
// left behind (a stale one would let a swapped bundle through later).
class DowngradeMarker {
  public:
    explicit DowngradeMarker(bool allow) {
        std::error_code ec;
        fs::remove(downgrade_marker, ec);
        if (!allow) return;
        const fs::path dir = fs::path(downgrade_marker).parent_path();
        fs::create_directories(dir, ec);
        fs::permissions(dir, fs::perms::owner_all, ec);
        made_ = !ec && std::ofstream(downgrade_marker).good();
    }
    ~DowngradeMarker() {
        std::error_code ec;
        fs::remove(downgrade_marker, ec);
    }
    DowngradeMarker(const DowngradeMarker&) = delete;
    DowngradeMarker& operator=(const DowngradeMarker&) = delete;
    bool made() const { return made_; }

  private:
    bool made_ = false;
};

int installFile(const std::string& bundle, const BundleCheck& check) {
    if (const int verified = verifyBundle(bundle, check); verified != 0) return verified;
    const DowngradeMarker marker(check.allow_downgrade);
    if (check.allow_downgrade && !marker.made()) {
        std::fprintf(stderr, "yicictl: cannot make %s (root only): RAUC would refuse an older version\n",
                     downgrade_marker);
        return 1;
    }
    std::printf("installing %s into the slot that is not running\n", bundle.c_str());
    std::fflush(stdout);
    const int installed = base::runCommand({"rauc", "install", bundle});
    if (installed != 0) {
        std::fprintf(stderr, "yicictl: rauc install failed (exit %d): the running slot is unchanged\n",
                     installed);
        return 1;
    }
    std::printf(
        "installed: reboot to start it. After the boot yicid runs its self-test and marks the slot good, or "
        "bad, and the board goes back to the old one\n");
    return 0;
}

// The download folder, made 0700 if missing; a reason when it is unusable or shares the database's
// filesystem.
std::optional<std::string> downloadDirProblem(const fs::path& dir) {
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (ec || !fs::is_directory(dir)) return fmt::format("cannot make the download folder {}", dir.string());
    fs::permissions(dir, fs::perms::owner_all, ec);
    struct stat download {
    }, database{};
    if (::stat(dir.c_str(), &download) == 0 && ::stat(database_dir, &database) == 0 &&
        download.st_dev == database.st_dev) {
        return fmt::format(
            "the download folder {} is on the same filesystem as the database ({}): a large download could "
            "fill it. Give --download-dir a folder on another partition",
            dir.string(), database_dir);
    }
    return std::nullopt;
}

}  // namespace

int installBundle(const std::string& source, const BundleCheck& check) {
    if (source.starts_with("http://")) {
        std::fprintf(
            stderr,
            "yicictl: %s refused: bundles are downloaded over https:// only (copy a file to the kiosk "
            "to install it from there)\n",
            source.c_str());
        return 1;
    }
    if (!source.starts_with("https://")) return installFile(source, check);
    if (const auto problem = downloadDirProblem(check.download_dir)) {
        std::fprintf(stderr, "yicictl: %s\n", problem->c_str());
        return 1;
    }
    std::string file = (check.download_dir / "yici-bundle-XXXXXX.raucb").string();
    const int fd = ::mkstemps(file.data(), 6);
    if (fd < 0) {
        std::fprintf(stderr, "yicictl: cannot make a file in %s for the download\n",
                     check.download_dir.c_str());
        return 1;
    }
    ::close(fd);
    std::printf("downloading %s\n", source.c_str());
    std::fflush(stdout);
    // https only, redirects included; a server that announces more than a bundle can be is cut off at once.
    const auto got = base::captureCommand({"curl", "--fail", "--silent", "--show-error", "--location",
                                           "--proto", "=https", "--proto-redir", "=https", "--max-filesize",
                                           "1G", "--max-time", "900", "-o", file, source});
    int result = 1;
    if (got.exit != 0) {
        std::fprintf(stderr, "yicictl: cannot download %s: %s\n", source.c_str(),
                     rejection(got.output).c_str());
    } else {
        result = installFile(file, check);
    }
    ::unlink(file.c_str());
    return result;
}

}  // namespace yici::ctl
