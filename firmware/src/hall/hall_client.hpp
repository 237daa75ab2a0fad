// HTTP(S) client for the hall server: POST {hall.url}/api/v1/kiosks/{kiosk_id}/{what}. HTTPS verifies the
// hall's certificate against [hall] ca_file (or the system store) and its host name, and presents the
// kiosk's certificate when [hall] cert_file/key_file are set (mutual TLS). Plain HTTP only with insecure.
#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/ssl/context.hpp>

#include <chrono>
#include <memory>
#include <string>

#include "base/error.hpp"
#include "config/board_config.hpp"
#include "hall/hall_link.hpp"

namespace yici::hall {

class HallClient final : public HallLink {
  public:
    // Checks the URL and loads the TLS files; an error names the file.
    static Expected<HallClient> create(boost::asio::any_io_executor executor,
                                       const config::BoardConfig::Hall& hall, const std::string& kiosk_id);

    // One request on a fresh connection, everything (resolve to last byte) within `timeout`.
    // Errors: hall_timeout, hall_unreachable, hall_tls_error, hall_protocol_error.
    boost::asio::awaitable<Expected<HallResponse>> post(std::string what, std::string body,
                                                        std::chrono::milliseconds timeout,
                                                        std::string idempotency_key) const override;

  private:
    HallClient() = default;
    boost::asio::any_io_executor executor_;
    bool tls_ = false;
    std::string host_, port_, base_path_;  // base_path_: "/prefix/api/v1/kiosks/ID/"
    std::shared_ptr<boost::asio::ssl::context> ssl_;
};

}  // namespace yici::hall
