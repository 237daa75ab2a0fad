// Reads QR codes in camera frames. Debian's OpenCV 4.6 is built without QUIRC, so cv::QRCodeDetector finds
// codes but cannot decode them; the contrib WeChat detector decodes them and needs no model files.
// Slow (tens of ms a frame): call it on a worker thread, never on the Asio thread.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "yici/hal/camera.hpp"

namespace cv::wechat_qrcode {
class WeChatQRCode;
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
    std::unique_ptr<cv::wechat_qrcode::WeChatQRCode> detector_;
};

}  // namespace yici::scan
