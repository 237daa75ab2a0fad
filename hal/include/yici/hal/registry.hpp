// Drivers registered by the names board configs use ("escpos", "sam-serial", "opencv"): the registry is the
// one list of valid driver names, and each driver checks the part of the config that is its own.
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
#include "yici/hal/driver_config.hpp"
#include "yici/hal/errors.hpp"
#include "yici/hal/id_card_reader.hpp"
#include "yici/hal/printer.hpp"

namespace yici::hal {

template <class Device, class Config>
class DriverRegistry {
  public:
    using Factory =
        std::function<Expected<std::unique_ptr<Device>>(boost::asio::any_io_executor, const Config&)>;
    // The problems of a config for this driver; empty when the driver can run with it.
    using Check = std::function<std::vector<ConfigProblem>(const Config&)>;

    void add(std::string name, Factory factory, Check check = {}) {
        factories_.insert_or_assign(std::move(name), Entry{std::move(factory), std::move(check)});
    }

    bool contains(std::string_view name) const { return factories_.find(name) != factories_.end(); }

    std::vector<std::string> names() const {
        std::vector<std::string> out;
        for (const auto& entry : factories_) out.push_back(entry.first);
        return out;
    }

    // What a board config would have to change for config.driver to run ("none" needs nothing).
    std::vector<ConfigProblem> check(const Config& config) const {
        if (config.driver == "none") return unknownOptions(config.options, {});
        auto it = factories_.find(config.driver);
        if (it == factories_.end()) {
            std::string known;
            for (const auto& entry : factories_) known += entry.first + ", ";
            known = known.empty() ? "none" : known.substr(0, known.size() - 2) + " or none";
            return {{"driver", "'" + config.driver + "' is not a driver in this build: use " + known}};
        }
        return it->second.check ? it->second.check(config) : std::vector<ConfigProblem>{};
    }

    Expected<std::unique_ptr<Device>> create(std::string_view name, boost::asio::any_io_executor executor,
                                             const Config& config) const {
        auto it = factories_.find(name);
        if (it == factories_.end()) {
            return fail(Errc::driver_unavailable,
                        "no driver named '" + std::string(name) + "' in this build");
        }
        // A driver is never built from a config it refuses: its factory may rely on its check.
        if (it->second.check) {
            if (const auto problems = it->second.check(config); !problems.empty()) {
                return fail(Errc::driver_config_invalid, std::string(name) + ": " + problems.front().key +
                                                             ": " + problems.front().message);
            }
        }
        return it->second.create(std::move(executor), config);
    }

  private:
    struct Entry {
        Factory create;
        Check check;
    };
    std::map<std::string, Entry, std::less<>> factories_;
};

struct DriverRegistries {
    DriverRegistry<Printer, PrinterConfig> printers;
    DriverRegistry<IdCardReader, IdReaderConfig> id_readers;
    DriverRegistry<Camera, CameraConfig> cameras;
};

}  // namespace yici::hal
