// The card photo: 1024 bytes of the vendor's WLT format that only a licensed library decodes. It is an
// optional plug-in loaded at run time ([id_reader] photo_decoder); without it there is no reference
// photo and the face check falls back to staff.
#pragma once

#include <cstdint>
#include <filesystem>
#include <span>
#include <string>
#include <vector>

#include "base/error.hpp"
#include "yici/hal/health.hpp"

namespace yici::session {

// The supported entry point, as vendors' libwlt2bmp ship it:
//   extern "C" int wlt2Bmp(const char* wlt_path, const char* bmp_path);   returns 1 on success
class PhotoDecoder {
  public:
    using Entry = int (*)(const char*, const char*);

    // Loads the library and readies `work_dir` for the vendor's files: made 0700 if missing, refused if
    // another user owns it or it is a link, and emptied of what a crash left there. A missing file, a failing
    // dlopen, a missing symbol or an unusable work dir leaves the decoder unavailable with health `warning`
    // and the reason, never an error that stops the kiosk.
    PhotoDecoder(const std::filesystem::path& library, std::filesystem::path work_dir);
    ~PhotoDecoder();
    PhotoDecoder(const PhotoDecoder&) = delete;
    PhotoDecoder& operator=(const PhotoDecoder&) = delete;

    bool available() const { return entry_ != nullptr; }
    // Blocking (the vendor call does file I/O): run it off the Asio thread. The WLT and BMP files live
    // in the private work dir, in memory, and are wiped and removed before this returns.
    Expected<std::vector<std::uint8_t>> decode(std::span<const std::uint8_t> wlt);
    hal::Health health() const { return health_.get(); }

    // Where the vendor's files go: systemd's RuntimeDirectory= (/run/yici, 0700, removed when yicid
    // stops), else the user's XDG_RUNTIME_DIR, else a per-user folder in /dev/shm; always in memory.
    static std::filesystem::path defaultWorkDir();

  private:
    std::filesystem::path work_dir_;
    void* handle_ = nullptr;
    Entry entry_ = nullptr;
    hal::HealthTracker health_;
};

}  // namespace yici::session
