// Satisfaction ratings: one per ticket, stored with its audit row and queued for the hall.
#pragma once

#include <string>
#include <vector>

#include "store/database.hpp"

namespace yici::store {

struct Rating {
    std::string ticket_id;
    std::string window;  // the window that called the ticket
    int score = 5;       // 1–5
    std::vector<std::string> reasons;
    std::string rated_at;
};

class RatingStore {
  public:
    explicit RatingStore(Database& db) : db_(&db) {}
    // Fails with "already_rated" when the ticket has a rating.
    Expected<void> add(const Rating& rating);

  private:
    Database* db_;
};

}  // namespace yici::store
