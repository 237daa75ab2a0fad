// Reads QR codes in camera frames with ZBar. (Debian's OpenCV 4.6 has no QUIRC, and its contrib WeChat
// decoder comes in one package with Qt, HDF5 and tesseract, a third of the board's root filesystem.)
// Slow (tens of ms a frame): call it on a worker thread, never on the Asio thread.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "yici/hal/camera.hpp"

namespace zbar {
struct zbar_image_scanner_s;
}

namespace yici::scan {

class QrScanner {
  public:
    QrScanner();
    ~QrScanner();
    QrScanner(const QrScanner&) = delete;
    QrScanner& operator=(const QrScanner&) = delete;

    // The texts of the QR codes in the frame; empty when there are none or the frame is malformed.
    std::vector<std::string> decode(const hal::Frame& frame);

  private:
    struct Free {
        void operator()(zbar::zbar_image_scanner_s* scanner) const;
    };
    std::unique_ptr<zbar::zbar_image_scanner_s, Free> scanner_;
};

}  // namespace yici::scan
