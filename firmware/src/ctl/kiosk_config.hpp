// A board config and the hall catalog it names, loaded as yicictl's commands need them both.
#pragma once

#include <optional>
#include <string>

#include "catalog/hall_catalog.hpp"
#include "config/board_config.hpp"

namespace yici::ctl {

struct KioskConfig {
    config::BoardConfig board;
    catalog::HallCatalog hall;
};

// Both, or nullopt after printing the first error (file:line: key: message) to stderr.
std::optional<KioskConfig> loadKioskConfig(const std::string& board_file);

}  // namespace yici::ctl
