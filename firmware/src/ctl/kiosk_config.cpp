// Loading a board config with every driver of this build, then its hall catalog.
#include "ctl/kiosk_config.hpp"

#include <cstdio>

#include "register_all.hpp"

namespace yici::ctl {

std::optional<KioskConfig> loadKioskConfig(const std::string& board_file) {
    auto board = config::loadBoardConfig(board_file, drivers::allDrivers());
    if (!board) {
        std::fprintf(stderr, "%s\n", board.error().message.c_str());
        return std::nullopt;
    }
    auto hall = catalog::loadHallCatalog(board->kiosk.hall_catalog);
    if (!hall) {
        std::fprintf(stderr, "%s\n", hall.error().message.c_str());
        return std::nullopt;
    }
    return KioskConfig{std::move(*board), std::move(*hall)};
}

}  // namespace yici::ctl
