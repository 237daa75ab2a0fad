// The kiosk's one SQLite database: its schema as numbered migrations, and opening it migrated.
#pragma once

#include <filesystem>
#include <span>
#include <string_view>

#include "store/database.hpp"

namespace yici::store {

// One migration per step; never edit a released step, append a new one.
std::span<const std::string_view> schemaMigrations();

// Checks the database file (store_corrupt when damaged, untouched), opens (creating) it and brings it to
// the latest schema.
Expected<Database> openDatabase(const std::filesystem::path& file);

}  // namespace yici::store
