// QR decoding of camera frames with ZBar (worker thread only). zbar.h puts its C API in namespace zbar for
// C++.
#include "scan/qr_scanner.hpp"

#include <zbar.h>

#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>

#include "base/secure_wipe.hpp"

namespace yici::scan {

void QrScanner::Free::operator()(zbar::zbar_image_scanner_s* scanner) const {
    zbar::zbar_image_scanner_destroy(scanner);
}

QrScanner::QrScanner() : scanner_(zbar::zbar_image_scanner_create()) {
    // QR codes only, their bytes as they are (no guessing of a legacy charset).
    zbar::zbar_image_scanner_set_config(scanner_.get(), zbar::ZBAR_NONE, zbar::ZBAR_CFG_ENABLE, 0);
    zbar::zbar_image_scanner_set_config(scanner_.get(), zbar::ZBAR_QRCODE, zbar::ZBAR_CFG_ENABLE, 1);
    zbar::zbar_image_scanner_set_config(scanner_.get(), zbar::ZBAR_QRCODE, zbar::ZBAR_CFG_BINARY, 1);
}

QrScanner::~QrScanner() = default;

std::vector<std::string> QrScanner::decode(const hal::Frame& frame) {
    if (!frame.wellFormed()) return {};
    // A view on the frame's bytes, read only; ZBar reads 8-bit grey ("Y800"), zeroed after like the frame.
    const cv::Mat image(frame.height, frame.width, CV_8UC3, const_cast<std::uint8_t*>(frame.bgr.data()));
    cv::Mat grey;
    cv::cvtColor(image, grey, cv::COLOR_BGR2GRAY);
    zbar::zbar_image_t* picture = zbar::zbar_image_create();
    zbar::zbar_image_set_format(picture, zbar_fourcc('Y', '8', '0', '0'));
    zbar::zbar_image_set_size(picture, static_cast<unsigned>(grey.cols), static_cast<unsigned>(grey.rows));
    zbar::zbar_image_set_data(picture, grey.data, grey.total(), nullptr);
    std::vector<std::string> texts;
    if (zbar::zbar_scan_image(scanner_.get(), picture) > 0) {
        for (const zbar::zbar_symbol_t* symbol = zbar::zbar_image_first_symbol(picture); symbol != nullptr;
             symbol = zbar::zbar_symbol_next(symbol)) {
            texts.emplace_back(zbar::zbar_symbol_get_data(symbol), zbar::zbar_symbol_get_data_length(symbol));
        }
    }
    zbar::zbar_image_destroy(picture);
    base::secureWipe(grey.data, grey.total());
    return texts;
}

}  // namespace yici::scan
