// Polls the devices' health once a second on the Asio thread (each call reads a cached value).
#include "hall/device_reporter.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

#include <fmt/format.h>

#include <algorithm>

#include "base/async.hpp"
#include "hall/internal/log.hpp"

namespace yici::hall {
namespace asio = boost::asio;

DeviceReporter::DeviceReporter(asio::any_io_executor executor, asio::any_io_executor store_executor,
                               store::OutboxStore& outbox,
                               const std::vector<health::DeviceHealthSource>& devices, const Clock& clock)
    : store_executor_(std::move(store_executor)),
      outbox_(outbox),
      devices_(devices),
      clock_(clock),
      timer_(std::move(executor)) {}

DeviceReporter::~DeviceReporter() {
    *alive_ = false;
}

void DeviceReporter::start() {
    asio::co_spawn(timer_.get_executor(), run(), asio::detached);
}

void DeviceReporter::stop() {
    *alive_ = false;
    timer_.cancel();
}

std::vector<DeviceChange> DeviceReporter::poll() {
    std::vector<DeviceChange> changes;
    for (const auto& device : devices_) {
        hal::Health h = device.health();
        const std::string state = fmt::format("{}/{}", hal::levelName(h.level), h.code);
        auto [it, first] = last_.try_emplace(device.name, state);
        if (!first && it->second == state) continue;
        it->second = state;
        if (first && h.level == hal::HealthLevel::ok) continue;  // a healthy start is not news
        DeviceChange change{.device = device.name, .health = std::move(h), .at = clock_.now(), .cleared = {}};
        // The device's last fault ends with this change.
        const auto open =
            std::ranges::find_if(faults_, [&](const DeviceChange& f) { return f.device == device.name; });
        if (open != faults_.end() && !open->cleared) open->cleared = change.at;
        if (change.health.level != hal::HealthLevel::ok) {
            faults_.push_front(change);
            if (faults_.size() > max_faults) faults_.pop_back();
        }
        if (hook_) hook_(change);
        const hal::Health& queued = change.health;
        const auto since_ms =
            std::chrono::duration_cast<std::chrono::milliseconds>(queued.since.time_since_epoch()).count();
        queued_.push_back(
            Event{.id = fmt::format("device/{}/{}/{}", change.device, since_ms, queued.code),
                  .at = toLocal(change.at).iso8601(),
                  .data = boost::json::serialize(boost::json::object{{"device", change.device},
                                                                     {"health", hal::levelName(queued.level)},
                                                                     {"code", queued.code.name()},
                                                                     {"detail", queued.detail},
                                                                     {"since_ms", since_ms}})});
        changes.push_back(std::move(change));
    }
    return changes;
}

asio::awaitable<void> DeviceReporter::writeQueued() {
    const auto alive = alive_;
    while (!queued_.empty()) {
        auto write = [this, event = queued_.front()] {
            return outbox_.append(event.id, "device_health", event.at, event.data);
        };
        auto written = co_await offload(store_executor_, std::move(write));
        if (!*alive) co_return;
        if (!written) {
            if (!write_failing_)  // once per streak: it is tried again every second
                log()->error("cannot queue the device health change {} ({} waiting, kept): {}",
                             queued_.front().id, queued_.size(), written.error().message);
            write_failing_ = true;
            co_return;
        }
        if (write_failing_) log()->info("device health changes are queued again");
        write_failing_ = false;
        queued_.pop_front();
    }
}

asio::awaitable<void> DeviceReporter::run() {
    const auto alive = alive_;
    while (*alive) {
        poll();
        co_await writeQueued();
        if (!*alive) co_return;
        timer_.expires_after(std::chrono::seconds(1));
        boost::system::error_code ec;
        co_await timer_.async_wait(asio::redirect_error(asio::use_awaitable, ec));
    }
}

}  // namespace yici::hall
