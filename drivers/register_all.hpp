// Every driver this build has, registered under the names board configs use.
#pragma once

#include "yici/hal/registry.hpp"

namespace yici::drivers {

void registerAll(hal::DriverRegistries& registries);

}  // namespace yici::drivers
