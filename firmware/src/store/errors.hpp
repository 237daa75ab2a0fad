// The storage codes: SQLite failures and the refusals of the stores.
#pragma once

#include <string_view>

#include "base/error_code.hpp"

namespace yici::store {

enum class Errc {
    storage_full,      // the disk is full (SQLITE_FULL)
    storage_io_error,  // the disk failed (SQLITE_IOERR)
    storage_error,     // any other SQLite failure
    storage_too_new,   // the database was written by a newer yicid
    store_corrupt,     // the database file is damaged (SQLITE_CORRUPT, SQLITE_NOTADB, a failed check)
    already_rated,
    ticket_numbers_exhausted,  // a category used all of today's numbers
};

constexpr std::string_view errorModule(Errc) {
    return "store";
}

constexpr std::string_view errorName(Errc code) {
    switch (code) {
        case Errc::storage_full:
            return "storage_full";
        case Errc::storage_io_error:
            return "storage_io_error";
        case Errc::storage_error:
            return "storage_error";
        case Errc::storage_too_new:
            return "storage_too_new";
        case Errc::store_corrupt:
            return "store_corrupt";
        case Errc::already_rated:
            return "already_rated";
        case Errc::ticket_numbers_exhausted:
            return "ticket_numbers_exhausted";
    }
    return {};
}

}  // namespace yici::store
