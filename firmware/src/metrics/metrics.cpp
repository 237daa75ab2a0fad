// Prometheus text exposition.
#include "metrics/metrics.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace yici::metrics {
namespace {

std::string escape(std::string_view value) {
    std::string out;
    for (char c : value) {
        if (c == '\\' || c == '"') out += '\\';
        if (c == '\n') {
            out += "\\n";
            continue;
        }
        out += c;
    }
    return out;
}

std::string number(double v) {
    if (v == static_cast<double>(static_cast<long long>(v)))
        return fmt::format("{}", static_cast<long long>(v));
    return fmt::format("{}", v);
}

std::string withLabel(const std::string& labels, const std::string& extra) {
    if (labels.empty()) return "{" + extra + "}";
    return labels.substr(0, labels.size() - 1) + "," + extra + "}";
}

}  // namespace

std::string Registry::labelText(const Labels& labels) {
    if (labels.empty()) return {};
    std::string out = "{";
    for (std::size_t i = 0; i < labels.size(); ++i) {
        if (i > 0) out += ',';
        out += fmt::format("{}=\"{}\"", labels[i].first, escape(labels[i].second));
    }
    return out + "}";
}

void Registry::counter(std::string name, std::string help) {
    families_[std::move(name)] = Family{Type::counter, std::move(help), {}, {}, {}};
}

void Registry::gauge(std::string name, std::string help) {
    families_[std::move(name)] = Family{Type::gauge, std::move(help), {}, {}, {}};
}

void Registry::histogram(std::string name, std::string help, std::vector<double> buckets) {
    std::sort(buckets.begin(), buckets.end());
    families_[std::move(name)] = Family{Type::histogram, std::move(help), std::move(buckets), {}, {}};
}

void Registry::add(std::string_view name, const Labels& labels, double value) {
    auto it = families_.find(name);
    if (it != families_.end()) it->second.values[labelText(labels)] += value;
}

void Registry::set(std::string_view name, const Labels& labels, double value) {
    auto it = families_.find(name);
    if (it != families_.end()) it->second.values[labelText(labels)] = value;
}

void Registry::observe(std::string_view name, double value, const Labels& labels) {
    auto it = families_.find(name);
    if (it == families_.end()) return;
    Family& family = it->second;
    Histogram& h = family.histograms[labelText(labels)];
    if (h.counts.empty()) h.counts.assign(family.buckets.size(), 0);
    for (std::size_t i = 0; i < family.buckets.size(); ++i) {
        if (value <= family.buckets[i]) ++h.counts[i];
    }
    ++h.count;
    h.sum += value;
}

std::string Registry::render() const {
    std::string out;
    for (const auto& [name, family] : families_) {
        const char* type = family.type == Type::counter ? "counter"
                           : family.type == Type::gauge ? "gauge"
                                                        : "histogram";
        out += fmt::format("# HELP {} {}\n# TYPE {} {}\n", name, family.help, name, type);
        for (const auto& [labels, value] : family.values)
            out += fmt::format("{}{} {}\n", name, labels, number(value));
        for (const auto& [labels, h] : family.histograms) {
            for (std::size_t i = 0; i < family.buckets.size(); ++i) {
                out += fmt::format("{}_bucket{} {}\n", name,
                                   withLabel(labels, fmt::format("le=\"{}\"", number(family.buckets[i]))),
                                   h.counts[i]);
            }
            out += fmt::format("{}_bucket{} {}\n", name, withLabel(labels, "le=\"+Inf\""), h.count);
            out += fmt::format("{}_sum{} {}\n", name, labels, h.sum);
            out += fmt::format("{}_count{} {}\n", name, labels, h.count);
        }
    }
    return out;
}

}  // namespace yici::metrics
