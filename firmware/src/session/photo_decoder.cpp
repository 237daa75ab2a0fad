// dlopen of the vendor's WLT decoder; its files only in a private folder in memory, removed at once.
#include "session/photo_decoder.hpp"

#include <dlfcn.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fmt/format.h>
#include <atomic>
#include <cerrno>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <optional>
#include <string_view>

#include "base/secure_wipe.hpp"

#include "session/errors.hpp"
#include "yici/hal/errors.hpp"

namespace yici::session {

namespace {

// Why `dir` cannot hold card photos, or nothing: it is made 0700 when missing; a link, another user's
// folder or one others can enter is refused (a name in a shared /dev/shm can be taken first).
std::optional<std::string> privateDirProblem(const std::filesystem::path& dir) {
    if (::mkdir(dir.c_str(), 0700) != 0 && errno != EEXIST)
        return fmt::format("cannot create {}", dir.string());
    struct stat info {};
    if (::lstat(dir.c_str(), &info) != 0 || !S_ISDIR(info.st_mode))
        return fmt::format("{} is not a folder", dir.string());
    if (info.st_uid != ::geteuid()) return fmt::format("{} belongs to another user", dir.string());
    if ((info.st_mode & 077) != 0 && ::chmod(dir.c_str(), 0700) != 0)
        return fmt::format("{} cannot be made private", dir.string());
    return std::nullopt;
}

// Overwrites and removes a file the vendor wrote (a tmpfs page is freed, not cleared, on unlink).
void wipeAndRemove(const std::filesystem::path& file) {
    const int fd = ::open(file.c_str(), O_WRONLY | O_NOFOLLOW | O_CLOEXEC);
    if (fd >= 0) {
        struct stat info {};
        if (::fstat(fd, &info) == 0 && S_ISREG(info.st_mode) && info.st_size > 0) {
            const std::vector<char> zeros(static_cast<std::size_t>(info.st_size), 0);
            [[maybe_unused]] const auto written = ::write(fd, zeros.data(), zeros.size());
        }
        ::close(fd);
    }
    std::error_code ignored;
    std::filesystem::remove(file, ignored);
}

}  // namespace

std::filesystem::path PhotoDecoder::defaultWorkDir() {
    // systemd sets RUNTIME_DIRECTORY to a colon-separated list; yicid.service has one.
    if (const char* runtime = std::getenv("RUNTIME_DIRECTORY"); runtime != nullptr && *runtime != '\0') {
        const std::string_view list(runtime);
        return std::filesystem::path(list.substr(0, list.find(':'))) / "photo";
    }
    if (const char* xdg = std::getenv("XDG_RUNTIME_DIR"); xdg != nullptr && *xdg != '\0')
        return std::filesystem::path(xdg) / "yici-photo";
    return fmt::format("/dev/shm/yici-photo-{}", ::geteuid());
}

PhotoDecoder::PhotoDecoder(const std::filesystem::path& library, std::filesystem::path work_dir)
    : work_dir_(std::move(work_dir)) {
    if (library.empty()) {
        health_.set(hal::HealthLevel::absent, hal::Errc::not_configured,
                    "no photo_decoder in the board config");
        return;
    }
    std::error_code ec;
    if (!std::filesystem::exists(library, ec)) {
        health_.set(hal::HealthLevel::warning, Errc::photo_decoder_missing,
                    fmt::format("{} does not exist", library.string()));
        return;
    }
    handle_ = ::dlopen(library.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (handle_ == nullptr) {
        health_.set(hal::HealthLevel::warning, Errc::photo_decoder_unloadable, ::dlerror());
        return;
    }
    entry_ = reinterpret_cast<Entry>(::dlsym(handle_, "wlt2Bmp"));
    if (entry_ == nullptr) {
        health_.set(hal::HealthLevel::warning, Errc::photo_decoder_unloadable,
                    fmt::format("{} has no wlt2Bmp", library.string()));
        return;
    }
    if (const auto problem = privateDirProblem(work_dir_)) {
        entry_ = nullptr;
        health_.set(hal::HealthLevel::warning, Errc::photo_decoder_unloadable,
                    fmt::format("no private folder for the photo: {}", *problem));
        return;
    }
    // A crash (ours or the vendor library's) between writing and removing left a photo behind.
    for (const auto& entry : std::filesystem::directory_iterator(work_dir_, ec)) wipeAndRemove(entry.path());
    health_.set(hal::HealthLevel::ok, hal::Errc::ok, library.filename().string());
}

PhotoDecoder::~PhotoDecoder() {
    if (handle_ != nullptr) ::dlclose(handle_);
}

Expected<std::vector<std::uint8_t>> PhotoDecoder::decode(std::span<const std::uint8_t> wlt) {
    if (entry_ == nullptr) return fail(health_.get().code, health_.get().detail);
    static std::atomic<unsigned> sequence{0};
    const std::string stem = fmt::format("photo-{}", sequence++);
    const auto wlt_path = work_dir_ / (stem + ".wlt");
    const auto bmp_path = work_dir_ / (stem + ".bmp");
    // Personal data: a new file that only this user can read.
    const int fd = ::open(wlt_path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0) return fail(Errc::photo_decoder_failed, fmt::format("cannot create {}", wlt_path.string()));
    const bool written = ::write(fd, wlt.data(), wlt.size()) == static_cast<ssize_t>(wlt.size());
    ::close(fd);
    if (!written) {
        wipeAndRemove(wlt_path);
        return fail(Errc::photo_decoder_failed, "cannot write the photo for the decoder");
    }
    const int rc = entry_(wlt_path.c_str(), bmp_path.c_str());
    std::vector<std::uint8_t> bmp;
    {
        std::ifstream in(bmp_path, std::ios::binary);
        bmp.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    }
    wipeAndRemove(wlt_path);
    wipeAndRemove(bmp_path);
    if (rc != 1 || bmp.size() < 54 || bmp[0] != 'B' || bmp[1] != 'M') {
        health_.set(hal::HealthLevel::warning, Errc::photo_decoder_failed,
                    fmt::format("wlt2Bmp returned {}", rc));
        base::secureWipe(bmp);
        return fail(Errc::photo_decoder_failed, fmt::format("wlt2Bmp returned {} and no BMP", rc));
    }
    health_.set(hal::HealthLevel::ok, hal::Errc::ok, health_.get().detail);
    return bmp;
}

}  // namespace yici::session
