// The "sam-serial" ID-card reader driver: the SAM protocol over a serial port (often a USB-serial bridge).
#pragma once

#include "yici/hal/registry.hpp"

namespace yici::sam {

void registerDriver(hal::DriverRegistry<hal::IdCardReader, hal::IdReaderConfig>& registry);

}  // namespace yici::sam
