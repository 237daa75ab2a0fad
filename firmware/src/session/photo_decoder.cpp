// dlopen of the vendor's WLT decoder; files only in memory, removed at once.
#include "session/photo_decoder.hpp"

#include <dlfcn.h>
#include <fcntl.h>
#include <unistd.h>

#include <fmt/format.h>
#include <atomic>
#include <fstream>
#include <iterator>

#include "session/errors.hpp"
#include "yici/hal/errors.hpp"

namespace yici::session {

PhotoDecoder::PhotoDecoder(const std::filesystem::path& library) {
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
    health_.set(hal::HealthLevel::ok, hal::Errc::ok, library.filename().string());
}

PhotoDecoder::~PhotoDecoder() {
    if (handle_ != nullptr) ::dlclose(handle_);
}

Expected<std::vector<std::uint8_t>> PhotoDecoder::decode(std::span<const std::uint8_t> wlt) {
    if (entry_ == nullptr) return fail(health_.get().code, health_.get().detail);
    static std::atomic<unsigned> sequence{0};
    const std::filesystem::path dir =
        std::filesystem::exists("/dev/shm") ? "/dev/shm" : std::filesystem::temp_directory_path();
    const std::string stem = fmt::format("yici-photo-{}-{}", ::getpid(), sequence++);
    const auto wlt_path = dir / (stem + ".wlt");
    const auto bmp_path = dir / (stem + ".bmp");
    // Personal data: a new file that only this user can read.
    const int fd = ::open(wlt_path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0) return fail(Errc::photo_decoder_failed, fmt::format("cannot create {}", wlt_path.string()));
    const bool written = ::write(fd, wlt.data(), wlt.size()) == static_cast<ssize_t>(wlt.size());
    ::close(fd);
    if (!written) {
        std::error_code ignored;
        std::filesystem::remove(wlt_path, ignored);
        return fail(Errc::photo_decoder_failed, "cannot write the photo for the decoder");
    }
    const int rc = entry_(wlt_path.c_str(), bmp_path.c_str());
    std::vector<std::uint8_t> bmp;
    {
        std::ifstream in(bmp_path, std::ios::binary);
        bmp.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    }
    std::error_code ec;
    std::filesystem::remove(wlt_path, ec);
    std::filesystem::remove(bmp_path, ec);
    if (rc != 1 || bmp.size() < 54 || bmp[0] != 'B' || bmp[1] != 'M') {
        health_.set(hal::HealthLevel::warning, Errc::photo_decoder_failed,
                    fmt::format("wlt2Bmp returned {}", rc));
        return fail(Errc::photo_decoder_failed, fmt::format("wlt2Bmp returned {} and no BMP", rc));
    }
    health_.set(hal::HealthLevel::ok, hal::Errc::ok, health_.get().detail);
    return bmp;
}

}  // namespace yici::session
