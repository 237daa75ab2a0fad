// Prometheus text format 0.0.4 as the hall server's scraper reads it.
#include <doctest/doctest.h>

#include "metrics/metrics.hpp"

TEST_CASE("counters, gauges and histograms render in Prometheus text format") {
    yici::metrics::Registry m;
    const auto issued = m.counter("yici_tickets_issued_total", "Tickets printed.");
    const auto issue_seconds = m.histogram("yici_ticket_issue_seconds", "Issue time.", {0.05, 0.01});
    const auto health = m.gauge("yici_device_health", "Health.");
    issued.add({{"category", "tax"}});
    issued.add({{"category", "tax"}});
    issue_seconds.observe(0.02);
    issue_seconds.observe(0.5);
    health.set({{"device", "printer"}, {"detail", "say \"hi\"\n"}}, 1);
    const std::string text = m.render();
    CHECK(text.find(
              "# TYPE yici_tickets_issued_total counter\nyici_tickets_issued_total{category=\"tax\"} 2\n") !=
          std::string::npos);
    CHECK(text.find("yici_ticket_issue_seconds_bucket{le=\"0.01\"} 0\n") != std::string::npos);
    CHECK(text.find("yici_ticket_issue_seconds_bucket{le=\"0.05\"} 1\n") != std::string::npos);
    CHECK(text.find("yici_ticket_issue_seconds_bucket{le=\"+Inf\"} 2\n") != std::string::npos);
    CHECK(text.find("yici_ticket_issue_seconds_count 2\n") != std::string::npos);
    CHECK(text.find(R"(detail="say \"hi\"\n")") != std::string::npos);
}

TEST_CASE("a declared family is listed before anything is counted; a second declaration shares it") {
    yici::metrics::Registry m;
    m.counter("yici_ratings_total", "Satisfaction ratings, by score.");
    CHECK(m.render() ==
          "# HELP yici_ratings_total Satisfaction ratings, by score.\n"
          "# TYPE yici_ratings_total counter\n");
    const auto again = m.counter("yici_ratings_total", "Satisfaction ratings, by score.");
    again.add({{"score", "5"}});
    CHECK(m.render().find("yici_ratings_total{score=\"5\"} 1\n") != std::string::npos);
}
