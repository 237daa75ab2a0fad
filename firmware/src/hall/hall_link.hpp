// The seam to the hall server, a boundary we do not own: one POST with a deadline. HallClient talks HTTP(S);
// tests script the answers (tests/unit/fakes/fake_hall.hpp).
#pragma once

#include <boost/asio/awaitable.hpp>

#include <chrono>
#include <string>

#include "base/error.hpp"

namespace yici::hall {

struct HallResponse {
    unsigned status = 0;
    std::string body;
};

class HallLink {
  public:
    virtual ~HallLink() = default;

    // POST {hall.url}/api/v1/kiosks/{kiosk_id}/{what}, everything within `timeout`, with an `Idempotency-Key`
    // header when `idempotency_key` is not empty (the hall answers the same key with the same result).
    // Errors: hall_timeout, hall_unreachable, hall_tls_error, hall_protocol_error.
    virtual boost::asio::awaitable<Expected<HallResponse>> post(std::string what, std::string body,
                                                                std::chrono::milliseconds timeout,
                                                                std::string idempotency_key) const = 0;
};

}  // namespace yici::hall
