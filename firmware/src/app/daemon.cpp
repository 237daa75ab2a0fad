// yicid's start: read the board and the catalog, open what must open (store, key, font, UI, hall link), then
// build the kiosk and run it; on a damaged database, the out-of-service listeners instead.
#include "app/daemon.hpp"

#include <algorithm>
#include <cstdio>
#include <variant>

#include "app/kiosk.hpp"
#include "app/log.hpp"
#include "app/out_of_service.hpp"
#include "base/local_time.hpp"
#include "config/status_token.hpp"
#include "privacy/staff_cards.hpp"
#include "register_all.hpp"
#include "store/errors.hpp"
#include "store/paper_roll_store.hpp"
#include "store/schema.hpp"

namespace yici::app {
namespace {

void complain(const Error& error) {
    std::string line = error.message;
    std::replace(line.begin(), line.end(), '\n', ';');
    std::fprintf(stderr, "yicid: %s\n", line.c_str());
}

// A start that cannot go on: 2 for a bad config, 1 for anything else.
struct StartFailure {
    int exit_code;
    Error error;
};

template <class T>
std::expected<T, StartFailure> orExit(Expected<T> value, int exit_code, std::string_view context = {}) {
    if (value) return std::move(*value);
    return std::unexpected(
        StartFailure{exit_code, context.empty() ? value.error() : value.error().withContext(context)});
}

// What both listeners need, whether the kiosk serves or is out of service.
struct Listeners {
    http::StaticFiles ui_files;
    std::string status_token;
    std::string selftest_token;
    std::shared_ptr<boost::asio::ssl::context> status_tls;
};

std::expected<Listeners, StartFailure> openListeners(const config::BoardConfig& board,
                                                     const DaemonOptions& options) {
    auto ui_files = orExit(http::StaticFiles::load(options.ui_dir), 1);
    if (!ui_files) return std::unexpected(ui_files.error());
    std::string token;
    if (!board.status.listen.isLoopback()) {
        // The hall server polls over the network: off loopback, /health and /metrics need the bearer token.
        auto read = orExit(config::readStatusToken(board.status.token_file), 2);
        if (!read) return std::unexpected(read.error());
        token = std::move(*read);
    }
    std::string selftest_token;
    if (!board.status.selftest_token_file.empty()) {
        auto read = orExit(config::readStatusToken(board.status.selftest_token_file), 2);
        if (!read) return std::unexpected(read.error());
        selftest_token = std::move(*read);
    }
    std::shared_ptr<boost::asio::ssl::context> status_tls;
    if (!board.status.cert_file.empty()) {
        auto tls = orExit(
            http::serverTls(board.status.cert_file, board.status.key_file, board.status.client_ca_file), 2,
            "[status] TLS");
        if (!tls) return std::unexpected(tls.error());
        status_tls = std::move(*tls);
    }
    return Listeners{.ui_files = std::move(*ui_files),
                     .status_token = std::move(token),
                     .selftest_token = std::move(selftest_token),
                     .status_tls = std::move(status_tls)};
}

struct OpenedStore {
    store::Database database;
    std::int64_t newest_ticket_unix = 0;
    store::PaperRollState paper_roll;
};

// The database, checked, migrated, and with the tickets a stop cut short kept with an unknown print outcome.
Expected<OpenedStore> openStore(const std::filesystem::path& data_dir) {
    auto database = store::openDatabase(data_dir / "yici.db");
    if (!database) return std::unexpected(database.error());
    store::TicketStore tickets(*database);
    auto kept = tickets.keepInterrupted();
    if (!kept) return std::unexpected(kept.error());
    if (*kept > 0) {
        log()->warn(
            "{} ticket(s) were being printed when yicid stopped; kept in the queue with an unknown "
            "print outcome and reported to the hall",
            *kept);
    }
    auto newest = tickets.newestIssuedUnix();
    if (!newest) return std::unexpected(newest.error());
    auto paper_roll = store::PaperRollStore(*database).load();
    if (!paper_roll) return std::unexpected(paper_roll.error());
    return OpenedStore{std::move(*database), *newest, *paper_roll};
}

std::expected<std::variant<KioskParts, OutOfServiceParts>, StartFailure> openParts(
    boost::asio::io_context& io, const DaemonOptions& options) {
    auto drivers = drivers::allDrivers();
    auto board = orExit(config::loadBoardConfig(options.board, drivers), 2);
    if (!board) return std::unexpected(board.error());
    if (options.ui_listen) board->ui.listen = *options.ui_listen;
    if (options.status_listen) board->status.listen = *options.status_listen;
    // The command line may move a listener: the same rules as in the file hold for it.
    if (auto checked = config::checkListeners(*board); !checked)
        return std::unexpected(StartFailure{2, checked.error()});
    auto hall = orExit(catalog::loadHallCatalog(board->kiosk.hall_catalog), 2);
    if (!hall) return std::unexpected(hall.error());
    setProcessTimezone(board->kiosk.timezone);

    std::error_code ec;
    std::filesystem::create_directories(options.data_dir, ec);
    auto store = openStore(options.data_dir);
    if (!store && store.error().code == store::Errc::store_corrupt) {
        auto listeners = openListeners(*board, options);
        if (!listeners) return std::unexpected(listeners.error());
        return OutOfServiceParts{.board = std::move(*board),
                                 .problem = store.error(),
                                 .ui_files = std::move(listeners->ui_files),
                                 .status_token = std::move(listeners->status_token),
                                 .status_tls = std::move(listeners->status_tls)};
    }
    if (!store) return std::unexpected(StartFailure{1, store.error().withContext("store")});
    // Only the simulator's key lives in the data dir and is made here (it opts in); a board's device key is
    // made by yicictl provision on the config partition.
    const bool sim_key = board->privacy.key_in_data_dir;
    auto key_file = config::deviceKeyFile(*board, options.data_dir);
    auto vault = privacy::Vault::open(key_file, sim_key);
    if (!vault) log()->error("pre-registration is off: {}", vault.error().message);
    auto staff_cards = privacy::readStaffCards(config::staffCardsFile(*board, options.data_dir));
    if (!staff_cards) {
        log()->error("the technician login is off: {}", staff_cards.error().message);
    } else if (staff_cards->empty() && !board->ui.technician_pin_hash.empty()) {
        log()->warn(
            "the technician login waits for a staff card: none is registered (yicictl staff-card add)");
    } else if (!vault && !staff_cards->empty()) {
        log()->error("the technician login is off: staff cards are recognised with the device key");
    }
    auto font = ticket::findCjkFont();
    auto layout = orExit(font ? ticket::TicketLayout::create(*font, board->printer.dots_per_line)
                              : std::unexpected(font.error()),
                         1);
    if (!layout) return std::unexpected(layout.error());
    auto listeners = openListeners(*board, options);
    if (!listeners) return std::unexpected(listeners.error());
    std::optional<hall::HallClient> hall_client;
    if (!board->hall.url.empty()) {
        auto client = orExit(hall::HallClient::create(io.get_executor(), board->hall, board->kiosk.id), 2);
        if (!client) return std::unexpected(client.error());
        hall_client = std::move(*client);
    }
    return KioskParts{.drivers = std::move(drivers),
                      .board = std::move(*board),
                      .hall = std::move(*hall),
                      .data_dir = options.data_dir,
                      .database = std::move(store->database),
                      .newest_ticket_unix = store->newest_ticket_unix,
                      .paper_roll = store->paper_roll,
                      .key_file = std::move(key_file),
                      .vault = std::move(vault),
                      .staff_cards = staff_cards ? std::move(*staff_cards) : privacy::StaffCards{},
                      .layout = std::move(*layout),
                      .ui_files = std::move(listeners->ui_files),
                      .hall_client = std::move(hall_client),
                      .status_token = std::move(listeners->status_token),
                      .selftest_token = std::move(listeners->selftest_token),
                      .status_tls = std::move(listeners->status_tls)};
}

}  // namespace

int runDaemon(const DaemonOptions& options) {
    boost::asio::io_context io(1);
    auto parts = openParts(io, options);
    if (!parts) {
        complain(parts.error().error);
        return parts.error().exit_code;
    }
    if (auto* out_of_service = std::get_if<OutOfServiceParts>(&*parts))
        return runOutOfService(io, std::move(*out_of_service));
    Kiosk kiosk(io, std::move(std::get<KioskParts>(*parts)));
    return kiosk.run();
}

}  // namespace yici::app
