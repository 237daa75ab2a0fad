// Prometheus text exposition.
#include "metrics/metrics.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>

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

std::string labelText(const Labels& labels) {
    if (labels.empty()) return {};
    std::string out = "{";
    for (std::size_t i = 0; i < labels.size(); ++i) {
        if (i > 0) out += ',';
        out += fmt::format("{}=\"{}\"", labels[i].first, escape(labels[i].second));
    }
    return out + "}";
}

}  // namespace

detail::Family& Registry::declare(std::string name, detail::Type type, std::string help,
                                  std::vector<double> buckets) {
    if (auto it = families_.find(name); it != families_.end()) {
        if (it->second.type != type) {
            std::fprintf(stderr, "yici: metric %s declared twice with different types\n", name.c_str());
            std::abort();
        }
        return it->second;
    }
    std::sort(buckets.begin(), buckets.end());
    return families_
        .emplace(std::move(name), detail::Family{type, std::move(help), std::move(buckets), {}, {}})
        .first->second;
}

Counter Registry::counter(std::string name, std::string help) {
    return Counter(declare(std::move(name), detail::Type::counter, std::move(help), {}));
}

Gauge Registry::gauge(std::string name, std::string help) {
    return Gauge(declare(std::move(name), detail::Type::gauge, std::move(help), {}));
}

Histogram Registry::histogram(std::string name, std::string help, std::vector<double> buckets) {
    return Histogram(declare(std::move(name), detail::Type::histogram, std::move(help), std::move(buckets)));
}

void Counter::add(const Labels& labels, double value) const {
    family_->values[labelText(labels)] += value;
}

void Counter::set(const Labels& labels, double value) const {
    family_->values[labelText(labels)] = value;
}

void Gauge::set(const Labels& labels, double value) const {
    family_->values[labelText(labels)] = value;
}

void Histogram::observe(double value, const Labels& labels) const {
    detail::Histogram& h = family_->histograms[labelText(labels)];
    if (h.counts.empty()) h.counts.assign(family_->buckets.size(), 0);
    for (std::size_t i = 0; i < family_->buckets.size(); ++i) {
        if (value <= family_->buckets[i]) ++h.counts[i];
    }
    ++h.count;
    h.sum += value;
}

std::string Registry::render() const {
    std::string out;
    for (const auto& [name, family] : families_) {
        const char* type = family.type == detail::Type::counter ? "counter"
                           : family.type == detail::Type::gauge ? "gauge"
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
