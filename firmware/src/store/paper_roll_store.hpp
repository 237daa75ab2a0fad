// The paper roll in the printer, as the database keeps it (table paper_roll): what was printed on it since
// staff put it in. Runs on the store thread.
#pragma once

#include <cstdint>
#include <string_view>

#include "base/error.hpp"
#include "store/database.hpp"

namespace yici::store {

struct PaperRollState {
    std::int64_t used_rows = 0;     // dot rows fed: images and the feed after them
    std::int64_t cuts = 0;          // tickets cut off it
    std::int64_t started_unix = 0;  // when staff confirmed it as new; 0: never
    bool operator==(const PaperRollState&) const = default;
};

class PaperRollStore {
  public:
    explicit PaperRollStore(Database& db) : db_(&db) {}
    // All zero before anything was printed.
    Expected<PaperRollState> load();
    // One print of `rows` dot rows came out and was cut.
    Expected<void> printed(std::int64_t rows);
    // Staff put in a new roll at `at_unix` (`at` ISO 8601): the count starts again, audited under `by`.
    Expected<void> replaced(std::int64_t at_unix, std::string_view at, std::string_view by);

  private:
    Database* db_;
};

}  // namespace yici::store
