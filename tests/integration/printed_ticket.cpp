// Expected ticket rasters, rendered with the kiosk's own layout code from the API's answer.
#include "printed_ticket.hpp"

#include <doctest/doctest.h>

#include <boost/json/parse.hpp>

#include <filesystem>

#include "catalog/hall_catalog.hpp"
#include "harness.hpp"
#include "queue/priority.hpp"
#include "ticket/ticket_layout.hpp"

namespace yici::itest {

namespace json = boost::json;

json::object parseObject(const std::string& body) {
    boost::system::error_code ec;
    auto value = json::parse(body, ec);
    REQUIRE_MESSAGE(!ec, body);
    REQUIRE(value.is_object());
    return value.as_object();
}

std::string str(const json::object& o, const char* key) {
    return std::string(o.at(key).as_string());
}

hal::Raster expectedTicket(const json::object& t, const RegistrationPrint* registration,
                           const std::string& reprinted_at) {
    auto hall = catalog::loadHallCatalog(std::filesystem::path(paths().source_dir) /
                                         "tests/data/always-open-hall.toml");
    REQUIRE(hall.has_value());
    const auto* category = hall->category(str(t, "category"));
    REQUIRE(category != nullptr);
    const std::string issued = str(t, "issued_at");
    ticket::TicketContent c;
    c.hall_name_zh = hall->name_zh;
    c.hall_name_en = hall->name_en;
    c.category_zh = category->name_zh;
    c.category_en = category->name_en;
    c.number = str(t, "number");
    c.windows = str(t, "window");
    c.waiting_ahead = static_cast<int>(t.at("waiting_ahead").as_int64());
    c.est_wait_low_min = static_cast<int>(t.at("est_wait_range").as_array().at(0).as_int64());
    c.est_wait_high_min = static_cast<int>(t.at("est_wait_range").as_array().at(1).as_int64());
    c.issued_at_local = issued.substr(0, 10) + " " + issued.substr(11, 5);
    c.location_zh = category->location_zh;
    c.location_en = category->location_en;
    c.place = hall->kiosk_places.at("itest-k01").first;
    c.missed_rule_zh = hall->missed_rule_zh;
    c.missed_rule_en = hall->missed_rule_en;
    c.service_phone = hall->service_phone;
    c.offline = t.at("offline").as_bool();
    const auto priority = queue::priorityFrom(str(t, "priority"));
    REQUIRE(priority.has_value());
    c.priority = *priority;
    const std::string code = registration != nullptr ? registration->code : "";
    c.qr_text = *ticket::ticketQrUrl(hall->queue_url, "itest-k01", str(t, "id"), str(t, "number"), code);
    if (registration != nullptr) {
        const auto* service = hall->service(str(t, "service_id"));
        REQUIRE(service != nullptr);
        c.service_zh = service->name_zh;
        c.service_en = service->name_en;
        c.registration_code = registration->code;
        c.holder_masked = registration->holder_masked;
        c.claim = registration->claim;
        for (const auto& id : registration->missing) {
            const catalog::Material& m = hall->materials.at(id);
            c.to_bring.push_back({m.name_zh, m.name_en, m.where_zh});
        }
    }
    c.reprinted_at_local = reprinted_at;
    auto layout = ticket::TicketLayout::create(*ticket::findCjkFont(), 576);
    auto raster = layout->render(c);
    REQUIRE(raster.has_value());
    return *raster;
}

bool sameDots(const cv::Mat& png, const hal::Raster& r) {
    if (png.cols != r.width || png.rows < r.height) return false;
    for (int y = 0; y < r.height; ++y)
        for (int x = 0; x < r.width; ++x)
            if ((png.at<std::uint8_t>(y, x) < 128) != r.dot(x, y)) return false;
    return true;
}

}  // namespace yici::itest
