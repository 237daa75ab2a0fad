// After an update the new slot is on probation: once the devices had time to come up, the self-test decides
// whether RAUC marks the booted slot good or bad (the bootloader then boots the other slot again).
#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>

#include <chrono>

#include "selftest/self_test.hpp"

namespace yici::selftest {

// Waits `delay`, runs the self-test, then `rauc status mark-good` or `mark-bad` on `worker`.
boost::asio::awaitable<void> markSlot(boost::asio::any_io_executor worker, const Targets& targets,
                                      std::chrono::seconds delay);

}  // namespace yici::selftest
