// The board's device tables ([id_reader], [printer], [camera]): the keys every driver shares, read here, and
// the driver's own keys, checked by the driver the table names.
#pragma once

#include <toml++/toml.h>

#include "config/board_config.hpp"
#include "config/toml_reader.hpp"
#include "yici/hal/registry.hpp"

namespace yici::config {

void readDevices(TomlReader& r, const toml::table& root, BoardConfig& c,
                 const hal::DriverRegistries& drivers);

}  // namespace yici::config
