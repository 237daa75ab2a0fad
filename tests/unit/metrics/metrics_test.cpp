// Prometheus text format 0.0.4 as the hall server's scraper reads it.
#include <doctest/doctest.h>

#include "metrics/metrics.hpp"

TEST_CASE("counters, gauges and histograms render in Prometheus text format") {
    yici::metrics::Registry m;
    m.counter("yici_tickets_issued_total", "Tickets printed.");
    m.histogram("yici_ticket_issue_seconds", "Issue time.", {0.05, 0.01});
    m.gauge("yici_device_health", "Health.");
    m.add("yici_tickets_issued_total", {{"category", "tax"}});
    m.add("yici_tickets_issued_total", {{"category", "tax"}});
    m.observe("yici_ticket_issue_seconds", 0.02);
    m.observe("yici_ticket_issue_seconds", 0.5);
    m.set("yici_device_health", {{"device", "printer"}, {"detail", "say \"hi\"\n"}}, 1);
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

TEST_CASE("an undeclared metric is ignored rather than invented") {
    yici::metrics::Registry m;
    m.add("yici_typo_total");
    CHECK(m.render().empty());
}
