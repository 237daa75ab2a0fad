// yicictl store check | recover [--board FILE] [--data-dir DIR] [--margin N]: the technician's way out of a
// damaged database (yicid then stays up, out of service; docs/architecture.md, "Storage").
//   check    PRAGMA integrity_check on DATA_DIR/yici.db, read-only: exit 0 sound, 1 damaged.
//   recover  copies every row SQLite can still read into a new file with the latest schema, moves today's
//            ticket counters past every number it holds plus a margin (rows on a lost page are not known,
//            and a number must never be issued twice), checks the new file, keeps the damaged one as
//            yici.db.damaged-STAMP and puts the new one in its place. yicid is restarted after it.
#include <sys/stat.h>
#include <unistd.h>

#include <fmt/format.h>

#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>

#include "base/local_time.hpp"
#include "ctl/cli.hpp"
#include "ctl/kiosk_config.hpp"
#include "store/errors.hpp"
#include "store/integrity.hpp"
#include "store/salvage.hpp"

namespace yici::ctl {
namespace {

namespace fs = std::filesystem;

struct StoreOptions {
    std::string board = "/etc/yici/board.toml";
    std::string data_dir = "/var/lib/yici";
    int margin = 50;
};

int storeCheck(const StoreOptions& o) {
    const fs::path file = fs::path(o.data_dir) / "yici.db";
    if (auto sound = store::checkDatabase(file, store::CheckDepth::full); !sound) {
        std::fprintf(stderr, "%s\n", sound.error().message.c_str());
        if (sound.error().code == store::Errc::store_corrupt)
            std::fprintf(stderr, "yicictl store recover rebuilds it (the damaged file is kept)\n");
        return 1;
    }
    std::printf("%s: sound (PRAGMA integrity_check: ok)\n", file.c_str());
    return 0;
}

// The damaged file and its WAL and shared-memory files, kept under a name of their own.
void keepDamaged(const fs::path& file, const std::string& stamp) {
    for (const char* suffix : {"", "-wal", "-shm"}) {
        const fs::path from = file.string() + suffix;
        std::error_code ec;
        if (fs::exists(from, ec))
            fs::rename(from, fmt::format("{}.damaged-{}{}", file.string(), stamp, suffix));
    }
}

int storeRecover(const StoreOptions& o) {
    const auto loaded = loadKioskConfig(o.board);
    if (!loaded) return 1;
    const auto& [board, hall] = *loaded;
    std::vector<std::string> letters;  // every letter this kiosk numbers with, even if the file lost them all
    for (const auto& category : hall.categories) {
        letters.emplace_back(1, category.letter);
        if (!board.hall.offline_prefix.empty())
            letters.push_back(board.hall.offline_prefix + category.letter);
    }
    setProcessTimezone(board.kiosk.timezone);  // "today" is the hall's day
    const fs::path file = fs::path(o.data_dir) / "yici.db";
    auto sound = store::checkDatabase(file, store::CheckDepth::full);
    if (sound) {
        std::printf("%s: sound (PRAGMA integrity_check: ok); nothing to recover\n", file.c_str());
        return 0;
    }
    if (sound.error().code != store::Errc::store_corrupt) {
        std::fprintf(stderr, "%s\n", sound.error().message.c_str());
        return 1;
    }
    std::printf("%s\n", sound.error().message.c_str());
    struct stat original {};
    if (::stat(file.c_str(), &original) != 0) {
        std::fprintf(stderr, "yicictl: cannot read %s\n", file.c_str());
        return 1;
    }
    const LocalTime now = toLocal(std::chrono::system_clock::now());
    const std::string stamp = fmt::format("{}T{:02}{:02}{:02}", now.compactDate(), now.minute_of_day / 60,
                                          now.minute_of_day % 60, now.second);
    const fs::path fresh = file.string() + ".recovered-" + stamp;
    auto salvaged = store::salvageDatabase(file, fresh);
    if (!salvaged) {
        std::fprintf(stderr, "yicictl: %s\n", salvaged.error().message.c_str());
        return 1;
    }
    for (const auto& table : *salvaged) {
        std::printf("  %-16s %6lld rows copied", table.name.c_str(), static_cast<long long>(table.copied));
        if (table.refused > 0) std::printf(", %lld refused", static_cast<long long>(table.refused));
        if (!table.problem.empty())
            std::printf("; the rows of its damaged pages are lost (%s)", table.problem.c_str());
        std::printf("\n");
    }
    {
        auto db = store::Database::open(fresh);
        if (!db) {
            std::fprintf(stderr, "yicictl: %s\n", db.error().message.c_str());
            return 1;
        }
        auto moved = store::restoreNumbering(*db, now.date(), o.margin, letters);
        if (!moved) {
            std::fprintf(stderr, "yicictl: %s\n", moved.error().message.c_str());
            return 1;
        }
        for (const auto& line : *moved) std::printf("  today's numbers %s\n", line.c_str());
    }
    if (auto checked = store::checkDatabase(fresh, store::CheckDepth::full); !checked) {
        std::fprintf(stderr, "yicictl: the recovered file fails its own check: %s\n",
                     checked.error().message.c_str());
        return 1;
    }
    // yicid (user yici) owns the database: the new file gets the old one's owner and mode.
    if (::chown(fresh.c_str(), original.st_uid, original.st_gid) != 0 ||
        ::chmod(fresh.c_str(), original.st_mode & 07777) != 0) {
        std::fprintf(stderr, "yicictl: cannot give %s the owner and mode of %s\n", fresh.c_str(),
                     file.c_str());
        return 1;
    }
    keepDamaged(file, stamp);
    std::error_code ec;  // the empty WAL and shared-memory files its read-only check left beside it
    for (const char* suffix : {"-wal", "-shm"}) fs::remove(fresh.string() + suffix, ec);
    fs::rename(fresh, file);
    std::printf(
        "%s recovered; the damaged file is kept as %s.damaged-%s. Restart yicid: systemctl restart "
        "yicid\n",
        file.c_str(), file.c_str(), stamp.c_str());
    return 0;
}

}  // namespace

void addStoreCommands(CLI::App& app, Run& run) {
    CLI::App* group = app.add_subcommand("store", "the kiosk's database: check it, recover a damaged one");
    group->require_subcommand(1);
    auto o = std::make_shared<StoreOptions>();
    CLI::App* check =
        group->add_subcommand("check", "PRAGMA integrity_check, read-only: exit 1 when damaged");
    CLI::App* recover = group->add_subcommand(
        "recover", "rebuild a damaged database from what can still be read; numbering never repeats");
    for (CLI::App* command : {check, recover}) {
        command->add_option("--data-dir", o->data_dir, "yicid's data dir (default /var/lib/yici)")
            ->type_name("DIR");
    }
    recover->add_option("--board", o->board, "the board config, for the hall's time zone and letters")
        ->type_name("FILE");
    recover
        ->add_option(
            "--margin", o->margin,
            "numbers skipped today past the highest one found, for the rows of lost pages (default 50)")
        ->check(CLI::Range(0, 999));
    check->callback([&run, o] { run = [o] { return storeCheck(*o); }; });
    recover->callback([&run, o] { run = [o] { return storeRecover(*o); }; });
}

}  // namespace yici::ctl
