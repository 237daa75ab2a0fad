// Drivers registered by the names board configs use ("escpos", "sam-serial", "opencv").
#pragma once

#include <boost/asio/any_io_executor.hpp>

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "base/error.hpp"
#include "yici/hal/camera.hpp"
#include "yici/hal/errors.hpp"
#include "yici/hal/id_card_reader.hpp"
#include "yici/hal/printer.hpp"

namespace yici::hal {

template <class Device, class Config>
class DriverRegistry {
  public:
    using Factory =
        std::function<Expected<std::unique_ptr<Device>>(boost::asio::any_io_executor, const Config&)>;

    void add(std::string name, Factory factory) {
        factories_.insert_or_assign(std::move(name), std::move(factory));
    }

    bool contains(std::string_view name) const { return factories_.find(name) != factories_.end(); }

    std::vector<std::string> names() const {
        std::vector<std::string> out;
        for (const auto& entry : factories_) out.push_back(entry.first);
        return out;
    }

    Expected<std::unique_ptr<Device>> create(std::string_view name, boost::asio::any_io_executor executor,
                                             const Config& config) const {
        auto it = factories_.find(name);
        if (it == factories_.end()) {
            return fail(Errc::driver_unavailable,
                        "no driver named '" + std::string(name) + "' in this build");
        }
        return it->second(std::move(executor), config);
    }

  private:
    std::map<std::string, Factory, std::less<>> factories_;
};

struct DriverRegistries {
    DriverRegistry<Printer, PrinterConfig> printers;
    DriverRegistry<IdCardReader, IdReaderConfig> id_readers;
    DriverRegistry<Camera, CameraConfig> cameras;
};

}  // namespace yici::hal
