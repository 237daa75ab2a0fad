// Every driver this build has, registered under the names board configs use.
#pragma once

#include "yici/hal/registry.hpp"

namespace yici::drivers {

void registerAll(hal::DriverRegistries& registries);
// A registry with every driver of this build: what board configs are checked against.
hal::DriverRegistries allDrivers();

}  // namespace yici::drivers
