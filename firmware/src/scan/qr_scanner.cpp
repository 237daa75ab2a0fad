// QR decoding of camera frames with OpenCV's WeChat detector (worker thread only).
#include "scan/qr_scanner.hpp"

#include <opencv2/core.hpp>
#include <opencv2/wechat_qrcode.hpp>

namespace yici::scan {

QrScanner::QrScanner() : detector_(std::make_unique<cv::wechat_qrcode::WeChatQRCode>()) {}

QrScanner::~QrScanner() = default;

std::vector<std::string> QrScanner::decode(const hal::Frame& frame) {
    if (!frame.wellFormed()) return {};
    // A view on the frame's bytes; the detector only reads them.
    const cv::Mat image(frame.height, frame.width, CV_8UC3, const_cast<std::uint8_t*>(frame.bgr.data()));
    try {
        return detector_->detectAndDecode(image);
    } catch (const cv::Exception&) {
        return {};
    }
}

}  // namespace yici::scan
