// Classifies scanned QR text with Boost.URL; nothing here trusts the text's length or characters.
#include "scan/internal/scanned_code.hpp"

#include <boost/url/parse.hpp>
#include <boost/url/url_view.hpp>

#include <algorithm>

#include "prereg/validation.hpp"

namespace yici::scan {
namespace {

constexpr std::size_t max_text = 512;  // a ticket URL is far shorter; longer text is not ours

bool validTicketNumber(std::string_view n) {
    return n.size() >= 2 && n.size() <= 12 && std::all_of(n.begin(), n.end(), [](char c) {
               return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z');
           });
}

bool sameQueuePage(const boost::urls::url_view& scanned, const boost::urls::url_view& queue) {
    return scanned.scheme() == queue.scheme() &&
           scanned.encoded_host_and_port() == queue.encoded_host_and_port() &&
           scanned.encoded_path() == queue.encoded_path();
}

}  // namespace

ScannedCode readScannedCode(std::string_view text, std::string_view queue_url) {
    ScannedCode code;
    if (text.empty() || text.size() > max_text) return code;
    if (prereg::validAppointmentCode(text)) {
        code.kind = ScannedCode::Kind::appointment;
        code.appointment_code = std::string(text);
        return code;
    }
    auto scanned = boost::urls::parse_uri(text);
    auto queue = boost::urls::parse_uri(queue_url);
    if (!scanned || !queue || !sameQueuePage(*scanned, *queue)) return code;
    std::string number, id;
    for (const auto& param : scanned->params()) {
        if (param.key == "n") number = param.value;
        if (param.key == "t") id = param.value;
    }
    if (!validTicketNumber(number) || id.size() > 64) return code;
    code.kind = ScannedCode::Kind::ticket;
    code.ticket_number = std::move(number);
    code.ticket_id = std::move(id);
    return code;
}

std::string_view kindName(ScannedCode::Kind kind) {
    switch (kind) {
        case ScannedCode::Kind::ticket:
            return "ticket";
        case ScannedCode::Kind::appointment:
            return "appointment";
        case ScannedCode::Kind::unknown:
            break;
    }
    return "unknown";
}

}  // namespace yici::scan
