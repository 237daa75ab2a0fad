// POST /api/v1/ratings {"ticket", "score", "reasons"}: the citizen rates the service of a ticket called
// today.
#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/json/array.hpp>

#include "base/local_time.hpp"
#include "http/router.hpp"
#include "metrics/metrics.hpp"
#include "store/rating_store.hpp"
#include "store/ticket_store.hpp"

namespace yici::api {

// yici_ratings_total{score}: the ratings given, counted here (tickets and registrations count themselves).
metrics::Counter ratingsCounter(metrics::Registry& registry);

struct RatingsApi {
    boost::asio::any_io_executor store_executor;  // the ticket is looked up and the rating stored there
    store::TicketStore& tickets;
    store::RatingStore& ratings;
    const Clock& clock;
    metrics::Counter rated;  // ratingsCounter()
};

void addRatingRoutes(http::Router& router, const RatingsApi& api);

// The reasons a citizen can tick when rating, with their texts (also in GET /api/v1/catalog).
boost::json::array ratingReasons();

boost::asio::awaitable<http::Response> handleRatingsPost(const RatingsApi& api, const http::Request& request);

}  // namespace yici::api
