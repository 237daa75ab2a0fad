// Prometheus text-format (0.0.4) metrics: counters, gauges and histograms with labels. A metric is used only
// through the typed handle its declaration returns, so a metric nobody declared cannot be written to.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace yici::metrics {

using Labels = std::vector<std::pair<std::string, std::string>>;

namespace detail {
enum class Type { counter, gauge, histogram };
struct Histogram {
    std::vector<std::uint64_t> counts;  // one per bucket, cumulative (value <= bound)
    std::uint64_t count = 0;
    double sum = 0;
};
struct Family {
    Type type = Type::counter;
    std::string help;
    std::vector<double> buckets;
    std::map<std::string, double> values;         // rendered label set → value
    std::map<std::string, Histogram> histograms;  // rendered label set → histogram
};
}  // namespace detail

class Registry;

class Counter {
  public:
    void add(const Labels& labels = {}, double value = 1.0) const;
    // Copies a count kept elsewhere (a driver's) at scrape time.
    void set(const Labels& labels, double value) const;

  private:
    friend class Registry;
    explicit Counter(detail::Family& family) : family_(&family) {}
    detail::Family* family_;
};

class Gauge {
  public:
    void set(const Labels& labels, double value) const;

  private:
    friend class Registry;
    explicit Gauge(detail::Family& family) : family_(&family) {}
    detail::Family* family_;
};

class Histogram {
  public:
    void observe(double value, const Labels& labels = {}) const;

  private:
    friend class Registry;
    explicit Histogram(detail::Family& family) : family_(&family) {}
    detail::Family* family_;
};

// Families are listed (at zero) from their declaration on. Declaring a name again returns the same family;
// declaring it as another type is a programming error and stops the process at start-up.
class Registry {
  public:
    Registry() = default;
    Registry(const Registry&) = delete;  // handles point into it
    Registry& operator=(const Registry&) = delete;

    Counter counter(std::string name, std::string help);
    Gauge gauge(std::string name, std::string help);
    Histogram histogram(std::string name, std::string help, std::vector<double> buckets);

    std::string render() const;

  private:
    detail::Family& declare(std::string name, detail::Type type, std::string help,
                            std::vector<double> buckets);
    std::map<std::string, detail::Family, std::less<>> families_;
};

}  // namespace yici::metrics
