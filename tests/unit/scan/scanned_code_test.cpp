// QR codes shown to the camera: the kiosk's own ticket QR opens its rating, an appointment code fills the
// form, anything else is ignored.
#include "scan/internal/scanned_code.hpp"
#include "scan/qr_frames.hpp"
#include "scan/qr_scanner.hpp"
#include "testing.hpp"
#include "ticket/ticket_layout.hpp"

namespace yici::scan {
namespace {

constexpr std::string_view queue_url = "https://hall.example.cn/q";

}  // namespace

TEST_CASE("a ticket QR of this hall is read as the ticket's number") {
    auto url = ticket::ticketQrUrl(queue_url, "k01", "t-123", "B042", "");
    REQUIRE(url);
    const ScannedCode code = readScannedCode(*url, queue_url);
    CHECK(code.kind == ScannedCode::Kind::ticket);
    CHECK(code.ticket_number == "B042");
    CHECK(code.ticket_id == "t-123");

    SUBCASE("another kiosk of the same hall counts too") {
        auto other = ticket::ticketQrUrl(queue_url, "k02", "t-9", "A001", "R12345");
        REQUIRE(other);
        CHECK(readScannedCode(*other, queue_url).ticket_number == "A001");
    }
}

TEST_CASE("an appointment code is read as such") {
    const ScannedCode code = readScannedCode("YY2026AB01", queue_url);
    CHECK(code.kind == ScannedCode::Kind::appointment);
    CHECK(code.appointment_code == "YY2026AB01");
}

TEST_CASE("foreign or malformed text is ignored") {
    for (std::string_view text :
         {"", "https://evil.example.com/q?n=A001", "https://hall.example.cn/other?n=A001",
          "https://hall.example.cn/q", "https://hall.example.cn/q?n=a001",
          "https://hall.example.cn/q?n=%00%01", "ABC12", "ABC-123456", "http://hall.example.cn/q?n=A001",
          "not a url at all ∞"}) {
        CAPTURE(text);
        CHECK(readScannedCode(text, queue_url).kind == ScannedCode::Kind::unknown);
    }
    CHECK(readScannedCode(std::string(600, 'A'), queue_url).kind == ScannedCode::Kind::unknown);
}

TEST_CASE("the scanner reads a ticket QR held up to the camera") {
    auto url = ticket::ticketQrUrl(queue_url, "k01", "t-7", "C007", "");
    REQUIRE(url);
    QrScanner scanner;
    const auto texts = scanner.decode(testing::frameWithQr(*url));
    REQUIRE(texts.size() == 1);
    CHECK(readScannedCode(texts[0], queue_url).ticket_number == "C007");
}

TEST_CASE("the scanner finds nothing in an empty or malformed frame") {
    QrScanner scanner;
    hal::Frame grey{640, 480, std::vector<std::uint8_t>(640 * 480 * 3, 128), {}};
    CHECK(scanner.decode(grey).empty());
    hal::Frame truncated{640, 480, std::vector<std::uint8_t>(100), {}};
    CHECK(scanner.decode(truncated).empty());
}

}  // namespace yici::scan
