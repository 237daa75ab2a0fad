// Device faults reach the hall like every other record: each change of a device's health level or code is
// written to the outbox as a "device_health" event (a fault at start-up too), and delivered by the
// outbox sender. The same changes go to a hook (the UI's event stream) and, when they are faults, to a short
// list in memory for the technician screen.
#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/steady_timer.hpp>

#include <cstddef>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "base/local_time.hpp"
#include "health/device_health.hpp"
#include "store/outbox_store.hpp"
#include "yici/hal/health.hpp"

namespace yici::hall {

// A device's health as it was when its level or code changed.
struct DeviceChange {
    std::string device;
    hal::Health health;
    TimePoint at;  // when the change was seen
    std::optional<TimePoint>
        cleared;  // a fault: when the device next changed (back to ok, or to another fault)
};

class DeviceReporter {
  public:
    using ChangeHook = std::function<void(const DeviceChange&)>;
    static constexpr std::size_t max_faults = 20;

    DeviceReporter(boost::asio::any_io_executor executor, boost::asio::any_io_executor store_executor,
                   store::OutboxStore& outbox, const std::vector<health::DeviceHealthSource>& devices,
                   const Clock& clock);
    ~DeviceReporter();
    void start();
    void stop();

    // Called on the Asio thread for every change, and for a device that is not ok when first seen.
    void onChange(ChangeHook hook) { hook_ = std::move(hook); }
    // Looks at every device once (start() does it every second): remembers and announces what changed
    // since the last look, queues its event for the outbox, and returns it. A healthy first look is not news.
    std::vector<DeviceChange> poll();
    // Writes the queued events to the outbox in order (start() does it after each poll). One that cannot be
    // written (a full disk) stays queued with those after it, for the next time: no change is lost.
    boost::asio::awaitable<void> writeQueued();
    std::size_t queued() const { return queued_.size(); }
    // The changes to a state that is not ok, newest first, at most max_faults; memory only.
    const std::deque<DeviceChange>& recentFaults() const { return faults_; }

  private:
    boost::asio::awaitable<void> run();

    boost::asio::any_io_executor store_executor_;
    store::OutboxStore& outbox_;
    const std::vector<health::DeviceHealthSource>& devices_;
    const Clock& clock_;
    boost::asio::steady_timer timer_;
    std::map<std::string, std::string> last_;  // device → "level/code" last seen
    std::deque<DeviceChange> faults_;
    struct Event {
        std::string id, at, data;
    };
    std::deque<Event> queued_;  // changes not yet in the outbox, oldest first
    bool write_failing_ = false;
    ChangeHook hook_;
    std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

}  // namespace yici::hall
