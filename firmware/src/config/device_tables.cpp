// The board's device tables: shared keys, driver options, and the registry's verdict on each.
#include "config/internal/device_tables.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <initializer_list>

namespace yici::config {
namespace {

// Every key of the table that is not one of `shared` goes to the driver, as written.
void readOptions(TomlReader& r, const toml::table& t, std::string_view section,
                 std::initializer_list<std::string_view> shared, hal::DriverOptions& out) {
    for (const auto& [key, node] : t) {
        const std::string_view name = key.str();
        if (std::find(shared.begin(), shared.end(), name) != shared.end()) continue;
        if (const auto* s = node.as_string()) {
            out.insert_or_assign(std::string(name), s->get());
        } else if (const auto* i = node.as_integer()) {
            out.insert_or_assign(std::string(name), std::to_string(i->get()));
        } else if (const auto* b = node.as_boolean()) {
            out.insert_or_assign(std::string(name), b->get() ? "true" : "false");
        } else if (const auto* f = node.as_floating_point()) {
            out.insert_or_assign(std::string(name), fmt::format("{}", f->get()));
        } else {
            r.error(&node, TomlReader::join(section, name), "must be a string, a number or true/false");
        }
    }
}

// Reports what the named driver finds wrong, at the line of the key it names. A key "dispenser.K" is key K of
// the [dispenser] table: the printer's driver drives its presenter too.
void reportProblems(TomlReader& r, const toml::table& root, const toml::table& t, std::string_view section,
                    const std::vector<hal::ConfigProblem>& problems) {
    constexpr std::string_view dispenser = "dispenser.";
    for (const auto& p : problems) {
        const toml::table* in = &t;
        std::string_view key = p.key;
        if (key.starts_with(dispenser) && root["dispenser"].as_table() != nullptr) {
            in = root["dispenser"].as_table();
            key.remove_prefix(dispenser.size());
        }
        const toml::node* at = in->get(key);
        r.error(at != nullptr ? at : in, in == &t ? TomlReader::join(section, p.key) : p.key, p.message);
    }
}

// The table's driver, which must be one the registry has, and that driver's verdict on the table.
template <class Config, class Registry>
void readDriver(TomlReader& r, const toml::table& root, const toml::table& t, std::string_view section,
                Config& config, const Registry& registry) {
    if (auto v = r.string(t, section, "driver", Need::required)) {
        config.driver = *v;
        reportProblems(r, root, t, section, registry.check(config));
    }
}

void readIdReader(TomlReader& r, const toml::table& root, BoardConfig& c,
                  const hal::DriverRegistries& drivers) {
    const toml::table* t = r.table(root, "", "id_reader", Need::optional);
    if (t == nullptr) return;
    // photo_decoder is the firmware's (the vendor's WLT plug-in), not the reader driver's.
    readOptions(r, *t, "id_reader",
                {"driver", "device", "poll_interval_ms", "command_timeout_ms", "photo_decoder"},
                c.id_reader.options);
    if (auto v = r.string(*t, "id_reader", "photo_decoder", Need::optional); v && !v->empty()) {
        c.photo_decoder = c.file.parent_path() / *v;
    }
    if (auto v = r.integer(*t, "id_reader", "poll_interval_ms", Need::optional, 100, 5000)) {
        c.id_reader.poll_interval_ms = static_cast<int>(*v);
    }
    if (auto v = r.integer(*t, "id_reader", "command_timeout_ms", Need::optional, 200, 10000)) {
        c.id_reader.command_timeout_ms = static_cast<int>(*v);
    }
    if (auto v = r.string(*t, "id_reader", "device", Need::optional)) c.id_reader.device = *v;
    readDriver(r, root, *t, "id_reader", c.id_reader, drivers.id_readers);
}

// [dispenser]: the printer's presenter. Its driver is the printer driver's to check (one device, two roles).
void readDispenser(TomlReader& r, const toml::table& root, hal::DispenserConfig& c) {
    const toml::table* t = r.table(root, "", "dispenser", Need::optional);
    if (t == nullptr) return;
    readOptions(r, *t, "dispenser", {"driver", "take_timeout_s", "retract"}, c.options);
    if (auto v = r.string(*t, "dispenser", "driver", Need::required)) c.driver = *v;
    if (auto v = r.integer(*t, "dispenser", "take_timeout_s", Need::optional, 5, 250))
        c.take_timeout_s = static_cast<int>(*v);
    if (auto v = r.boolean(*t, "dispenser", "retract", Need::optional)) c.retract = *v;
}

void readPrinter(TomlReader& r, const toml::table& root, BoardConfig& c,
                 const hal::DriverRegistries& drivers) {
    const toml::table* t = r.table(root, "", "printer", Need::required);
    if (t == nullptr) return;
    readOptions(r, *t, "printer", {"driver", "uri", "dots_per_line", "roll_length_m", "roll_warning_ratio"},
                c.printer.options);
    if (auto v = r.number(*t, "printer", "roll_length_m", Need::optional, 1, 2000))
        c.printer.roll_length_m = *v;
    if (auto v = r.number(*t, "printer", "roll_warning_ratio", Need::optional, 0.01, 0.9))
        c.printer.roll_warning_ratio = *v;
    if (auto v = r.string(*t, "printer", "uri", Need::optional)) c.printer.uri = *v;
    if (auto v = r.integer(*t, "printer", "dots_per_line", Need::optional, 64, 2048)) {
        if (*v % 8 == 0) {
            c.printer.dots_per_line = static_cast<int>(*v);
        } else {
            r.error(nodeOf(t, "dots_per_line"), "printer.dots_per_line", "must be a multiple of 8");
        }
    }
    readDispenser(r, root, c.printer.dispenser);
    readDriver(r, root, *t, "printer", c.printer, drivers.printers);
}

void readCamera(TomlReader& r, const toml::table& root, BoardConfig& c,
                const hal::DriverRegistries& drivers) {
    const toml::table* t = r.table(root, "", "camera", Need::optional);
    if (t == nullptr) return;
    readOptions(r, *t, "camera", {"driver", "source", "width", "height", "fps", "frame_timeout_ms"},
                c.camera.options);
    // A relative file, folder or glob is found next to the config, like every other path in it.
    if (auto v = r.string(*t, "camera", "source", Need::optional); v && !v->empty()) {
        c.camera.source = (c.file.parent_path() / *v).string();
    }
    if (auto v = r.integer(*t, "camera", "width", Need::optional, 32, 4096))
        c.camera.width = static_cast<int>(*v);
    if (auto v = r.integer(*t, "camera", "height", Need::optional, 32, 4096))
        c.camera.height = static_cast<int>(*v);
    if (auto v = r.integer(*t, "camera", "fps", Need::optional, 1, 30)) c.camera.fps = static_cast<int>(*v);
    if (auto v = r.integer(*t, "camera", "frame_timeout_ms", Need::optional, 200, 60000)) {
        // Shorter than two frame intervals, a healthy camera would flap between ok and critical.
        const int least = 2 * ((1000 + c.camera.fps - 1) / c.camera.fps);
        if (*v >= least) {
            c.camera.frame_timeout_ms = static_cast<int>(*v);
        } else {
            r.error(nodeOf(t, "frame_timeout_ms"), "camera.frame_timeout_ms",
                    fmt::format("must be at least two frame intervals: {} ms or more at fps = {}", least,
                                c.camera.fps));
        }
    }
    readDriver(r, root, *t, "camera", c.camera, drivers.cameras);
}

}  // namespace

void readDevices(TomlReader& r, const toml::table& root, BoardConfig& c,
                 const hal::DriverRegistries& drivers) {
    readIdReader(r, root, c, drivers);
    readPrinter(r, root, c, drivers);
    readCamera(r, root, c, drivers);
}

}  // namespace yici::config
