// The face step's BMP reader (the card photo) and JPEG writer (the preview), checked against OpenCV's codecs.
#include <doctest/doctest.h>

#include <opencv2/imgcodecs.hpp>

#include <string_view>

#include "face/internal/picture_codec.hpp"

namespace yici::face {
namespace {

// A 102x126 photo-sized picture, not one colour, so that a flipped or shifted decode shows.
cv::Mat cardSizedPicture() {
    cv::Mat picture(126, 102, CV_8UC3);
    for (int y = 0; y < picture.rows; ++y) {
        for (int x = 0; x < picture.cols; ++x) {
            picture.at<cv::Vec3b>(y, x) = {static_cast<uchar>(x * 2), static_cast<uchar>(y * 2), 90};
        }
    }
    return picture;
}

}  // namespace

TEST_CASE("a card photo BMP decodes to the same pixels, the right way up") {
    const cv::Mat picture = cardSizedPicture();
    std::vector<uchar> bmp;
    REQUIRE(cv::imencode(".bmp", picture, bmp));
    const cv::Mat decoded = decodeBmp(bmp);
    REQUIRE(decoded.size() == picture.size());
    CHECK(cv::norm(decoded, picture, cv::NORM_INF) == 0);
}

TEST_CASE("what is not a BMP decodes to nothing") {
    const std::string_view garbage = "BM but nothing that follows makes a picture";
    CHECK(decodeBmp({reinterpret_cast<const std::uint8_t*>(garbage.data()), garbage.size()}).empty());
    CHECK(decodeBmp({}).empty());
    std::vector<uchar> png;
    REQUIRE(cv::imencode(".png", cardSizedPicture(), png));
    CHECK(decodeBmp(png).empty());
}

TEST_CASE("the preview JPEG decodes to the picture it was made of") {
    const cv::Mat picture = cardSizedPicture();
    const std::vector<std::uint8_t> jpeg = encodeJpeg(picture, 70);
    REQUIRE(jpeg.size() > 2);
    CHECK(jpeg[0] == 0xff);
    CHECK(jpeg[1] == 0xd8);
    const cv::Mat decoded = cv::imdecode(jpeg, cv::IMREAD_COLOR);
    REQUIRE(decoded.size() == picture.size());
    CHECK(cv::norm(decoded, picture, cv::NORM_L1) / static_cast<double>(picture.total() * 3) < 6.0);
    CHECK(encodeJpeg(cv::Mat(), 70).empty());
    CHECK(encodeJpeg(cv::Mat(8, 8, CV_8UC1), 70).empty());
}

}  // namespace yici::face
