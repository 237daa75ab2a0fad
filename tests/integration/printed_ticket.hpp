// Checking what the virtual printer printed: the PNG against the raster the kiosk must have sent, dot for
// dot, for the ticket the API answered with.
#pragma once

#include <boost/json/object.hpp>
#include <opencv2/core.hpp>

#include <string>
#include <vector>

#include "ticket/ticket_layout.hpp"
#include "yici/hal/raster.hpp"

namespace yici::itest {

boost::json::object parseObject(const std::string& body);
std::string str(const boost::json::object& o, const char* key);

// What a pre-registered ticket adds to the paper.
struct RegistrationPrint {
    std::string code;
    std::string holder_masked;
    ticket::Claim claim = ticket::Claim::none;  // the priority claim the ticket says staff will check
    std::vector<std::string> missing = {};      // material ids: the one-time list printed under the code
};

// The raster for this API ticket on the test hall (tests/data/always-open-hall.toml, kiosk itest-k01); a
// reprint (补打) at `reprinted_at` ("2026-11-27 10:05") when given.
hal::Raster expectedTicket(const boost::json::object& ticket, const RegistrationPrint* registration = nullptr,
                           const std::string& reprinted_at = "");
bool sameDots(const cv::Mat& png, const hal::Raster& raster);

}  // namespace yici::itest
