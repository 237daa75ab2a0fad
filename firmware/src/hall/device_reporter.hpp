// Device faults reach the hall like every other record: each change of a device's health level or code is
// written to the outbox as a "device_health" event (a fault at start-up too), and delivered by the
// outbox sender.
#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/steady_timer.hpp>

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "api/status_api.hpp"
#include "store/outbox_store.hpp"
#include "time/local_time.hpp"

namespace yici::hall {

class DeviceReporter {
  public:
    DeviceReporter(boost::asio::any_io_executor executor, boost::asio::any_io_executor store_executor,
                   store::OutboxStore& outbox, const std::vector<api::DeviceHealthSource>& devices,
                   const Clock& clock);
    ~DeviceReporter();
    void start();
    void stop();

  private:
    boost::asio::awaitable<void> run();

    boost::asio::any_io_executor store_executor_;
    store::OutboxStore& outbox_;
    const std::vector<api::DeviceHealthSource>& devices_;
    const Clock& clock_;
    boost::asio::steady_timer timer_;
    std::map<std::string, std::string> last_;  // device → "level/code" last seen
    std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

}  // namespace yici::hall
