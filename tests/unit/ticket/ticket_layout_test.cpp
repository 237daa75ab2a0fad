// The printed ticket: its QR code scans back to the ticket URL, and it fits the paper.
#include <doctest/doctest.h>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cstdlib>
#include <opencv2/wechat_qrcode.hpp>

#include "ticket/errors.hpp"
#include "ticket/ticket_layout.hpp"

using namespace yici;

namespace {

cv::Mat toImage(const hal::Raster& r) {
    cv::Mat img(r.height, r.width, CV_8UC1, cv::Scalar(255));
    for (int y = 0; y < r.height; ++y)
        for (int x = 0; x < r.width; ++x)
            if (r.dot(x, y)) img.at<std::uint8_t>(y, x) = 0;
    return img;
}

ticket::TicketContent content(std::string qr) {
    ticket::TicketContent c;
    c.hall_name_zh = "永嘉县行政审批服务中心";
    c.hall_name_en = "Yongjia County Administrative Approval Service Center";
    c.category_zh = "不动产登记";
    c.category_en = "Real estate";
    c.number = "B012";
    c.windows = "4/5/6/7";
    c.waiting_ahead = 3;
    c.est_wait_low_min = 20;
    c.est_wait_high_min = 30;
    c.issued_at_local = "2026-11-27 14:03";
    c.place = "一楼大厅入口";
    c.missed_rule_zh = "过号请重新取号";
    c.missed_rule_en = "A missed number needs a new ticket";
    c.service_phone = "0577-12345";
    c.qr_text = std::move(qr);
    return c;
}

}  // namespace

TEST_CASE("the ticket URL carries kiosk, ticket and number as query parameters") {
    auto url = ticket::ticketQrUrl("https://yjzwfw.example.gov.cn/queue", "yongjia-hall-k01", "20261127-B012",
                                   "B012");
    REQUIRE(url.has_value());
    CHECK(*url == "https://yjzwfw.example.gov.cn/queue?k=yongjia-hall-k01&t=20261127-B012&n=B012");
}

TEST_CASE("a rendered ticket is as wide as the paper and its QR code decodes") {
    auto font = ticket::findCjkFont();
    REQUIRE(font.has_value());
    auto layout = ticket::TicketLayout::create(*font, 576);
    REQUIRE(layout.has_value());
    const std::string url = "https://yjzwfw.example.gov.cn/queue?k=yongjia-hall-k01&t=20261127-B012&n=B012";
    auto raster = layout->render(content(url));
    REQUIRE(raster.has_value());
    CHECK(raster->width == 576);
    CHECK(raster->height > 500);
    CHECK(raster->height < 1400);
    // Debian builds OpenCV without QUIRC, so cv::QRCodeDetector finds but cannot decode; the contrib
    // WeChat decoder (no model files needed) reads what a phone reads.
    cv::wechat_qrcode::WeChatQRCode detector;
    const cv::Mat image = toImage(*raster);
    if (const char* out = std::getenv("YICI_TEST_TICKET_PNG")) cv::imwrite(out, image);
    CHECK(detector.detectAndDecode(image) == std::vector<std::string>{url});
}

TEST_CASE("a pre-registered priority ticket adds the item, the code and the masked holder, and still scans") {
    auto layout = ticket::TicketLayout::create(*ticket::findCjkFont(), 576);
    auto url = ticket::ticketQrUrl("https://q.example.gov.cn/q", "k01", "20261127-B012", "B012", "K7M2QX");
    REQUIRE(url.has_value());
    CHECK(*url == "https://q.example.gov.cn/q?k=k01&t=20261127-B012&n=B012&r=K7M2QX");
    auto plain = layout->render(content(*url));
    auto registered = content(*url);
    registered.priority = queue::Priority::elderly;
    registered.service_zh = "不动产转移登记（存量房买卖）";
    registered.service_en = "Transfer registration (resale home)";
    registered.registration_code = "K7M2QX";
    registered.holder_masked = "张* 330102********1234";
    auto raster = layout->render(registered);
    REQUIRE(raster.has_value());
    CHECK(raster->height > plain->height + 150);  // five more lines, a rule and the big priority line
    cv::wechat_qrcode::WeChatQRCode detector;
    CHECK(detector.detectAndDecode(toImage(*raster)) == std::vector<std::string>{*url});
}

TEST_CASE(
    "a pre-registration ticket prints the one-time list: every missing material, where to get it, the "
    "phone") {
    auto layout = ticket::TicketLayout::create(*ticket::findCjkFont(), 576);
    auto registered = content("https://q.example.gov.cn/q?n=B012&r=K7M2QX");
    registered.service_zh = "有限责任公司设立登记";
    registered.service_en = "Limited company registration";
    registered.registration_code = "K7M2QX";
    registered.to_bring = {
        {"章程", "Articles of association", "浙江政务服务网下载范本"},
        {"住所（经营场所）使用证明",
         "Proof of business premises, signed and sealed by the owner or the landlord",
         "产权人或出租方提供，须加盖公章并由法定代表人签字确认后提交原件与复印件各一份"},
        {"近期二寸免冠照片", "Recent 2-inch bareheaded photo", ""},
        {"不动产权证书（或房屋所有权证、土地使用权证）", "Real estate title certificate", ""},
    };
    auto raster = layout->render(registered);
    REQUIRE(raster.has_value());
    const std::vector<std::string>& lines = layout->lines();
    auto at = [&](std::string_view text) {
        return std::find(lines.begin(), lines.end(), text) - lines.begin();
    };
    CHECK(at("预登记码 K7M2QX") < at("一次性告知：请补齐以下材料"));
    CHECK(at("□ 章程") == at("一次性告知：请补齐以下材料") + 2);
    CHECK(at("Articles of association") == at("□ 章程") + 1);
    CHECK(at("获取：浙江政务服务网下载范本") == at("□ 章程") + 2);
    CHECK(at("□ 近期二寸免冠照片") < static_cast<long>(lines.size()));
    CHECK(at("咨询电话 Service phone: 0577-12345") > at("□ 近期二寸免冠照片"));
    // A long line is wrapped to the paper, none of it lost: its parts join back into it.
    CHECK(at("Proof of business premises, signed and sealed by the owner or") ==
          at("□ 住所（经营场所）使用证明") + 1);
    CHECK(at("the landlord") == at("□ 住所（经营场所）使用证明") + 2);
    std::string joined;
    for (auto i = at("the landlord") + 1; i < at("□ 近期二寸免冠照片"); ++i) joined += lines[i];
    CHECK(joined == "获取：产权人或出租方提供，须加盖公章并由法定代表人签字确认后提交原件与复印件各一份");
    // The box stays with its name: a long Chinese name breaks between characters, not after the box.
    const auto box =
        std::ranges::find_if(lines, [](const std::string& l) { return l.starts_with("□ 不动产"); });
    REQUIRE(box != lines.end());
    CHECK(*box + *(box + 1) == "□ 不动产权证书（或房屋所有权证、土地使用权证）");
    CHECK(raster->width == 576);
    cv::wechat_qrcode::WeChatQRCode detector;
    CHECK(detector.detectAndDecode(toImage(*raster)).size() == 1);
    // Without a missing material there is no list.
    registered.to_bring.clear();
    REQUIRE(layout->render(registered).has_value());
    CHECK(std::ranges::find(layout->lines(), "一次性告知：请补齐以下材料") == layout->lines().end());
}

TEST_CASE(
    "every ticket says it is valid today, the hall's rule for a missed number, where to go and its phone") {
    auto layout = ticket::TicketLayout::create(*ticket::findCjkFont(), 576);
    auto c = content("https://q.example.gov.cn/q?n=B012");
    REQUIRE(layout->render(c).has_value());
    auto has = [&](std::string_view text) {
        return std::ranges::find(layout->lines(), text) != layout->lines().end();
    };
    CHECK(has("请到 4/5/6/7 号窗口办理"));
    CHECK(has("当日有效 · 过号请重新取号"));
    CHECK(has("Valid today only · A missed number needs a new ticket"));
    CHECK(has("咨询电话 Service phone: 0577-12345"));
    CHECK(has("2026-11-27 14:03  一楼大厅入口"));  // where the kiosk stands, not its id
    c.location_zh = "二楼B区";
    c.location_en = "2nd floor, zone B";
    REQUIRE(layout->render(c).has_value());
    CHECK(has("请到二楼B区 4/5/6/7 号窗口办理"));
    CHECK(has("Please go to window 4/5/6/7, 2nd floor, zone B"));
}

TEST_CASE("the same ticket renders to the same dots every time") {
    auto layout = ticket::TicketLayout::create(*ticket::findCjkFont(), 576);
    auto a = layout->render(content("x"));
    auto b = layout->render(content("x"));
    CHECK(a->bits == b->bits);
    auto c = layout->render(content("y"));
    CHECK(a->bits != c->bits);
}

TEST_CASE("a font without Chinese characters is refused at start-up, not on the first ticket") {
    auto bad = ticket::TicketLayout::create("/nonexistent/font.ttf", 576);
    REQUIRE_FALSE(bad.has_value());
    CHECK(bad.error().code == ticket::Errc::font_error);
}

TEST_CASE("a test print is as wide as the paper and its QR code decodes") {
    auto layout = ticket::TicketLayout::create(*ticket::findCjkFont(), 576);
    const ticket::TestTicketContent test{
        .hall_name_zh = "永嘉县行政审批服务中心",
        .hall_name_en = "Yongjia County Administrative Approval Service Center",
        .kiosk_id = "yongjia-hall-k01",
        .printed_at_local = "2026-11-27 14:03:05",
        .qr_text = "yici-test-print yongjia-hall-k01 2026-11-27T14:03:05+08:00"};
    auto raster = layout->renderTest(test);
    REQUIRE(raster.has_value());
    CHECK(raster->width == 576);
    CHECK(raster->height > 400);
    const cv::Mat image = toImage(*raster);
    if (const char* out = std::getenv("YICI_TEST_PRINT_PNG")) cv::imwrite(out, image);
    cv::wechat_qrcode::WeChatQRCode detector;
    CHECK(detector.detectAndDecode(image) == std::vector<std::string>{test.qr_text});
}
