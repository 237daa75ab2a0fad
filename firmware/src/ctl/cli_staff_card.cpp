// yicictl staff-card add --staff ID | remove [--board FILE] [--data-dir DIR]: registers under the hall's
// staff id (or, for a lost card, takes out) the staff member whose ID number is read from stdin (never from
// the command line, which every user can read in /proc), as a card that opens the technician login. Only its
// keyed hash (privacy::Vault::staffCardKey, with the device key) is written; the number is wiped at once.
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <memory>
#include <string>

#include "base/secure_wipe.hpp"
#include "config/board_config.hpp"
#include "ctl/cli.hpp"
#include "privacy/staff_cards.hpp"
#include "privacy/vault.hpp"
#include "register_all.hpp"
#include "yici/hal/id_card_reader.hpp"

namespace yici::ctl {
namespace {

struct StaffCardOptions {
    std::string board = "/etc/yici/board.toml";
    std::string data_dir = "/var/lib/yici";
    std::string staff;  // add: the staff id the hall knows them by
};

int staffCardChange(const StaffCardOptions& o, bool add) {
    auto board = config::loadBoardConfig(o.board, drivers::allDrivers());
    if (!board) {
        std::fprintf(stderr, "%s\n", board.error().message.c_str());
        return 1;
    }
    if (add && !privacy::isStaffId(o.staff)) {
        std::fprintf(stderr,
                     "yicictl: --staff must be the hall's staff id: 1-32 letters, digits, '-' or '_'\n");
        return 2;
    }
    const auto file = config::staffCardsFile(*board, o.data_dir);
    if (file.empty()) {
        std::fprintf(stderr, "yicictl: %s sets no [ui] staff_cards_file (yicictl provision sets it)\n",
                     o.board.c_str());
        return 1;
    }
    // The simulator's key is made here when yicid has not made it yet, as yicid would.
    if (board->privacy.key_in_data_dir) {
        std::error_code ec;
        std::filesystem::create_directories(o.data_dir, ec);
    }
    auto vault =
        privacy::Vault::open(config::deviceKeyFile(*board, o.data_dir), board->privacy.key_in_data_dir);
    if (!vault) {
        std::fprintf(stderr, "yicictl: %s\n", vault.error().message.c_str());
        return 1;
    }
    std::string number;
    std::getline(std::cin, number);
    if (!number.empty() && number.back() == '\r') number.pop_back();
    const bool valid = hal::idCheckDigitValid(number);
    const std::string card = valid ? vault->staffCardKey(number) : std::string();
    base::secureWipe(number);
    if (!valid) {
        std::fprintf(stderr,
                     "yicictl: stdin holds no resident ID number (18 characters, valid check digit)\n");
        return 1;
    }
    auto changed = add ? privacy::addStaffCard(file, card, o.staff) : privacy::removeStaffCard(file, card);
    if (!changed) {
        std::fprintf(stderr, "yicictl: %s\n", changed.error().message.c_str());
        return 1;
    }
    const char* what = add ? (*changed ? "staff card added" : "that staff card was there already")
                           : (*changed ? "staff card removed" : "that staff card was not there");
    std::printf("%s: %s; yicid reads it when it starts (systemctl restart yicid)\n", file.c_str(), what);
    return 0;
}

}  // namespace

void addStaffCardCommands(CLI::App& app, Run& run) {
    CLI::App* staff = app.add_subcommand("staff-card", "the staff cards that open the technician login");
    staff->require_subcommand(1);
    auto o = std::make_shared<StaffCardOptions>();
    for (const bool add : {true, false}) {
        CLI::App* command = staff->add_subcommand(
            add ? "add" : "remove", add ? "register the staff member whose resident ID number is read from "
                                          "stdin (only a keyed hash is kept)"
                                        : "take out the card of the staff member whose resident ID number is "
                                          "read from stdin (a lost card)");
        command->add_option("--board", o->board, "the board config (default /etc/yici/board.toml)")
            ->type_name("FILE");
        command->add_option("--data-dir", o->data_dir, "yicid's data dir (the simulator keeps its key there)")
            ->type_name("DIR");
        if (add) {
            command
                ->add_option("--staff", o->staff,
                             "the staff id the hall knows them by (audited when they confirm a priority)")
                ->type_name("ID")
                ->required();
        }
        command->callback([&run, o, add] { run = [o, add] { return staffCardChange(*o, add); }; });
    }
}

}  // namespace yici::ctl
