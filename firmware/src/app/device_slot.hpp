// One device of the board as yicid holds it: the driver that opened, or the health that says why there is
// none.
#pragma once

#include <boost/asio/any_io_executor.hpp>

#include <chrono>
#include <memory>
#include <string>
#include <string_view>

#include "base/error.hpp"
#include "yici/hal/errors.hpp"
#include "yici/hal/health.hpp"
#include "yici/hal/registry.hpp"

namespace yici::app {

// The health shown for a device that is not there: absent, with the reason.
hal::Health unavailable(const Error& error);
void logDeviceUnavailable(std::string_view kind, const Error& error);

template <class Device>
class DeviceSlot {
  public:
    DeviceSlot(bool configured, std::unique_ptr<Device> device, hal::Health missing)
        : configured_(configured), device_(std::move(device)), missing_(std::move(missing)) {}

    // The board names a driver for this device (it may still have failed to open).
    bool configured() const { return configured_; }
    Device* get() const { return device_.get(); }
    Device* operator->() const { return device_.get(); }
    explicit operator bool() const { return device_ != nullptr; }
    hal::Health health() const { return device_ ? device_->health() : missing_; }

  private:
    bool configured_;
    std::unique_ptr<Device> device_;
    hal::Health missing_;
};

// Opens the board's driver for one kind of device ("printer", "id_reader", "camera"). A board without one
// (driver "none") or a driver that fails to open leaves the slot empty with its reason: the kiosk serves on
// with what it has.
template <class Device, class Config>
DeviceSlot<Device> openDevice(const hal::DriverRegistry<Device, Config>& registry, std::string_view kind,
                              boost::asio::any_io_executor executor, const Config& config) {
    if (config.driver == "none") {
        return {false, nullptr,
                unavailable(Error{hal::Errc::not_configured, std::string(kind) + " driver is none"})};
    }
    auto created = registry.create(config.driver, std::move(executor), config);
    if (!created) {
        logDeviceUnavailable(kind, created.error());
        return {true, nullptr, unavailable(created.error())};
    }
    return {true, std::move(*created), {}};
}

}  // namespace yici::app
