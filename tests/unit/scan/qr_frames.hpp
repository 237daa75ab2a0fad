// Camera frames with a QR code in them, for the scanner's tests.
#pragma once

#include <doctest/doctest.h>
#include <qrencode.h>

#include <opencv2/imgproc.hpp>

#include <string>

#include "yici/hal/camera.hpp"

namespace yici::testing {

// A 640x480 grey frame with `text` as a QR code of 6-pixel modules near the middle, as a camera might see
// a ticket held up to it (slightly blurred).
inline hal::Frame frameWithQr(const std::string& text) {
    cv::Mat image(480, 640, CV_8UC3, cv::Scalar(170, 170, 170));
    QRcode* qr = QRcode_encodeString(text.c_str(), 0, QR_ECLEVEL_M, QR_MODE_8, 1);
    REQUIRE(qr != nullptr);
    const int module = 6;
    const int size = (qr->width + 8) * module;
    cv::Mat code(size, size, CV_8UC3, cv::Scalar(255, 255, 255));
    for (int row = 0; row < qr->width; ++row)
        for (int col = 0; col < qr->width; ++col)
            if ((qr->data[row * qr->width + col] & 1) != 0)
                cv::rectangle(code, cv::Rect((col + 4) * module, (row + 4) * module, module, module),
                              cv::Scalar(0, 0, 0), cv::FILLED);
    QRcode_free(qr);
    code.copyTo(image(cv::Rect(200, 60, size, size)));
    cv::GaussianBlur(image, image, cv::Size(3, 3), 0);
    hal::Frame frame{image.cols, image.rows, {}, {}};
    frame.bgr.assign(image.data, image.data + image.total() * 3);
    return frame;
}

}  // namespace yici::testing
