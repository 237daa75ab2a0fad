// Marking the booted RAUC slot after an update, from the firmware's own checks.
#include "selftest/slot_marking.hpp"

#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <fstream>
#include <utility>

#include "base/async.hpp"
#include "base/command.hpp"
#include "selftest/internal/log.hpp"

namespace yici::selftest {
namespace {

std::string readConfirmation(const std::filesystem::path& file) {
    std::ifstream in(file);
    std::string line;
    std::getline(in, line);
    return line;
}
}  // namespace

std::optional<BootedSlot> bootedSlot(std::string_view rauc_status) {
    const auto start = rauc_status.find('{');
    const auto end = rauc_status.rfind('}');
    if (start == std::string_view::npos || end == std::string_view::npos || end < start) return std::nullopt;
    boost::system::error_code ec;
    const boost::json::value status = boost::json::parse(rauc_status.substr(start, end - start + 1), ec);
    const auto* slots = status.is_object() ? status.as_object().if_contains("slots") : nullptr;
    if (ec || slots == nullptr || !slots->is_array()) return std::nullopt;
    for (const auto& entry : slots->as_array()) {
        if (!entry.is_object()) continue;
        for (const auto& [name, slot] : entry.as_object()) {
            const auto* state = slot.is_object() ? slot.as_object().if_contains("state") : nullptr;
            if (state == nullptr || !state->is_string() || state->as_string() != "booted") continue;
            const auto* boot = slot.as_object().if_contains("boot_status");
            return BootedSlot{std::string(name),
                              boot != nullptr && boot->is_string() && boot->as_string() == "good"};
        }
    }
    return std::nullopt;
}

SlotVerdict decideSlot(const BootedSlot& slot, bool confirmed, bool firmware_works) {
    if (slot.good && confirmed) return SlotVerdict::leave;
    if (firmware_works) return SlotVerdict::mark_good;
    return slot.good ? SlotVerdict::keep_good : SlotVerdict::mark_bad;
}

boost::asio::awaitable<void> markSlot(SlotChecks checks, std::chrono::seconds delay) {
    namespace asio = boost::asio;
    asio::steady_timer timer(co_await asio::this_coro::executor);
    timer.expires_after(delay);
    boost::system::error_code ec;
    co_await timer.async_wait(asio::redirect_error(asio::use_awaitable, ec));
    if (ec) co_return;
    auto& logger = log();
    // rauc and the confirmation file on a thread of their own, never the Asio thread.
    asio::thread_pool rauc_thread(1);
    auto ask = [file = checks.confirmed_file] {
        return std::pair{base::captureCommand({"rauc", "status", "--output-format=json"}),
                         readConfirmation(file)};
    };
    const auto [status, confirmed_before] = co_await offload(rauc_thread.get_executor(), std::move(ask));
    const auto slot = status.exit == 0 ? bootedSlot(status.output) : std::nullopt;
    if (!slot) {
        logger->error("rauc status (exit {}) names no booted slot: the slot is not marked: {}", status.exit,
                      status.output.substr(0, 300));
        co_return;
    }
    const std::string confirmation = fmt::format("{} {}", slot->name, checks.version);
    const bool confirmed = confirmed_before == confirmation;
    const std::vector<std::string> firmware = checks.firmware_faults();
    const std::vector<std::string> devices = checks.device_faults();
    const SlotVerdict verdict = decideSlot(*slot, confirmed, firmware.empty());
    if (verdict == SlotVerdict::leave) {
        logger->info("slot {} is good and runs {}: a routine start, nothing to mark", slot->name,
                     checks.version);
        co_return;
    }
    if (!devices.empty())
        logger->warn("device faults, not the firmware's (they do not decide the slot): {}",
                     fmt::join(devices, "; "));
    if (verdict == SlotVerdict::keep_good) {
        logger->error("firmware faults ({}); slot {} is already good and is not marked bad",
                      fmt::join(firmware, "; "), slot->name);
        co_return;
    }
    const bool good = verdict == SlotVerdict::mark_good;
    auto mark = [good, file = checks.confirmed_file, confirmation] {
        const int exit = base::runCommand({"rauc", "status", good ? "mark-good" : "mark-bad"});
        if (exit == 0 && good) std::ofstream(file) << confirmation << "\n";
        return exit;
    };
    const int exit = co_await offload(rauc_thread.get_executor(), std::move(mark));
    if (exit != 0) {
        logger->error("rauc status {} failed (exit {}): the slot keeps its state",
                      good ? "mark-good" : "mark-bad", exit);
    } else if (good) {
        logger->info("firmware {} works: rauc marked slot {} good", checks.version, slot->name);
    } else {
        logger->error(
            "firmware faults ({}): rauc marked slot {} bad; the next boot falls back to the other slot",
            fmt::join(firmware, "; "), slot->name);
    }
}

}  // namespace yici::selftest
