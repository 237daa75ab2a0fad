// yicictl devices [--sys DIR]: what a kiosk could use, with the board config line for each.
#include <cstdio>
#include <memory>
#include <string>

#include "ctl/cli.hpp"
#include "ctl/device_scan.hpp"

namespace yici::ctl {
namespace {

int devices(const std::string& sys, const std::string& sim) {
    auto found = scanDevices(sys);
    for (auto& virtual_device : scanSimulator(sim)) found.push_back(std::move(virtual_device));
    if (found.empty()) {
        std::printf("no ID-card reader bridge, USB printer, camera or USB serial port found\n");
        return 0;
    }
    std::printf("%-10s %-17s %-10s %s\n", "KIND", "DEVICE", "USB", "WHAT");
    for (const auto& d : found) {
        std::printf("%-10s %-17s %-10s %s\n", d.kind.c_str(), d.path.c_str(), d.usb_id.c_str(),
                    d.what.c_str());
        if (!d.config.empty()) std::printf("%-10s   %s\n", "", d.config.c_str());
    }
    return 0;
}

}  // namespace

void addDevicesCommand(CLI::App& app, Run& run) {
    CLI::App* command = app.add_subcommand(
        "devices",
        "list USB-serial bridges of ID-card readers, USB printers and cameras, with the board config "
        "line for each");
    auto sys = std::make_shared<std::string>("/sys");
    command->add_option("--sys", *sys, "the sysfs to look in")->type_name("DIR")->capture_default_str();
    auto sim = std::make_shared<std::string>("/tmp/yici-devsim");
    command->add_option("--sim", *sim, "where a running yici-devsim keeps its reader and camera links")
        ->type_name("DIR")
        ->capture_default_str();
    command->callback([&run, sys, sim] { run = [sys, sim] { return devices(*sys, *sim); }; });
}

}  // namespace yici::ctl
