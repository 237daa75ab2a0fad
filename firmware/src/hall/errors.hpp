// The hall link's codes.
#pragma once

#include <string_view>

#include "base/error_code.hpp"

namespace yici::hall {

enum class Errc {
    hall_timeout,
    hall_tls_error,
    hall_unreachable,
    hall_protocol_error,
    hall_http_error,     // the hall answered a status other than 200
    hall_bad_answer,     // the hall's answer is not the acks we asked for
    hall_acked_nothing,  // the hall acknowledged none of a batch
};

constexpr std::string_view errorModule(Errc) {
    return "hall";
}

constexpr std::string_view errorName(Errc code) {
    switch (code) {
        case Errc::hall_timeout:
            return "hall_timeout";
        case Errc::hall_tls_error:
            return "hall_tls_error";
        case Errc::hall_unreachable:
            return "hall_unreachable";
        case Errc::hall_protocol_error:
            return "hall_protocol_error";
        case Errc::hall_http_error:
            return "hall_http_error";
        case Errc::hall_bad_answer:
            return "hall_bad_answer";
        case Errc::hall_acked_nothing:
            return "hall_acked_nothing";
    }
    return {};
}

}  // namespace yici::hall
