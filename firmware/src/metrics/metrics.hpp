// Prometheus text-format (0.0.4) metrics: counters, gauges and histograms with labels.
#pragma once

#include <map>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace yici::metrics {

using Labels = std::vector<std::pair<std::string, std::string>>;

class Registry {
  public:
    // Declares a family so it is listed (at zero) before anything happens.
    void counter(std::string name, std::string help);
    void gauge(std::string name, std::string help);
    void histogram(std::string name, std::string help, std::vector<double> buckets);

    void add(std::string_view name, const Labels& labels = {}, double value = 1.0);
    void set(std::string_view name, const Labels& labels, double value);
    void observe(std::string_view name, double value, const Labels& labels = {});

    std::string render() const;

  private:
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

    static std::string labelText(const Labels& labels);
    std::map<std::string, Family, std::less<>> families_;
};

}  // namespace yici::metrics
