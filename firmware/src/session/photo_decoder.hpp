// The card photo: 1024 bytes of the vendor's WLT format that only a licensed library decodes. It is an
// optional plug-in loaded at run time ([id_reader] photo_decoder); without it there is no reference
// photo and the face check falls back to staff.
#pragma once

#include <cstdint>
#include <filesystem>
#include <span>
#include <vector>

#include "base/error.hpp"
#include "yici/hal/health.hpp"

namespace yici::session {

// The supported entry point, as vendors' libwlt2bmp ship it:
//   extern "C" int wlt2Bmp(const char* wlt_path, const char* bmp_path);   returns 1 on success
class PhotoDecoder {
  public:
    using Entry = int (*)(const char*, const char*);

    // Loads the library; a missing file, a failing dlopen or a missing symbol leaves the decoder
    // unavailable with health `warning` and the reason, never an error that stops the kiosk.
    explicit PhotoDecoder(const std::filesystem::path& library);
    ~PhotoDecoder();
    PhotoDecoder(const PhotoDecoder&) = delete;
    PhotoDecoder& operator=(const PhotoDecoder&) = delete;

    bool available() const { return entry_ != nullptr; }
    // Blocking (the vendor call does file I/O): run it off the Asio thread. The WLT and BMP files live
    // in a private folder in memory (/dev/shm) and are removed before this returns.
    Expected<std::vector<std::uint8_t>> decode(std::span<const std::uint8_t> wlt);
    hal::Health health() const { return health_.get(); }

  private:
    void* handle_ = nullptr;
    Entry entry_ = nullptr;
    hal::HealthTracker health_;
};

}  // namespace yici::session
