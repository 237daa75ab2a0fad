// Strict TOML reading with file:line:key errors.
#include "config/toml_reader.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <sstream>

#include "config/errors.hpp"

namespace yici::config {
namespace {

std::string_view typeName(toml::node_type type) {
    switch (type) {
        case toml::node_type::table:
            return "a table";
        case toml::node_type::array:
            return "an array";
        case toml::node_type::string:
            return "a string";
        case toml::node_type::integer:
            return "an integer";
        case toml::node_type::floating_point:
            return "a number";
        case toml::node_type::boolean:
            return "true or false";
        case toml::node_type::date:
            return "a date";
        case toml::node_type::time:
            return "a time";
        case toml::node_type::date_time:
            return "a date-time";
        default:
            return "nothing";
    }
}

}  // namespace

const toml::node* nodeOf(const toml::table* table, std::string_view key) {
    return table == nullptr ? nullptr : table->get(key);
}

Expected<std::string> readConfigFile(const std::filesystem::path& file, std::string_view what) {
    std::ifstream in(file, std::ios::binary);
    if (!in) return fail(Errc::config_unreadable, fmt::format("{}: cannot read the {}", file.string(), what));
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

std::optional<toml::table> TomlReader::parse(std::string_view text) {
    try {
        return toml::parse(text, file_);
    } catch (const toml::parse_error& e) {
        errors_.push_back(fmt::format("{}:{}: {}", file_, e.source().begin.line, e.description()));
        return std::nullopt;
    }
}

std::string TomlReader::join(std::string_view path, std::string_view key) {
    return path.empty() ? std::string(key) : fmt::format("{}.{}", path, key);
}

void TomlReader::error(const toml::node* at, std::string_view key_path, std::string_view message) {
    const auto line = at != nullptr && at->source().begin ? at->source().begin.line : 1u;
    errors_.push_back(fmt::format("{}:{}: {}: {}", file_, line, key_path, message));
}

Error TomlReader::toError() const {
    std::string all;
    for (const auto& e : errors_) {
        if (!all.empty()) all += '\n';
        all += e;
    }
    return Error{Errc::config_invalid, all};
}

void TomlReader::onlyKeys(const toml::table& table, std::string_view path,
                          std::initializer_list<std::string_view> allowed) {
    for (const auto& [key, node] : table) {
        if (std::find(allowed.begin(), allowed.end(), key.str()) == allowed.end()) {
            error(&node, join(path, key.str()), "unknown key");
        }
    }
}

const toml::node* TomlReader::find(const toml::table& parent, std::string_view path, std::string_view key,
                                   Need need) {
    const toml::node* node = parent.get(key);
    if (node == nullptr && need == Need::required) error(&parent, join(path, key), "missing required key");
    return node;
}

const toml::table* TomlReader::table(const toml::table& parent, std::string_view path, std::string_view key,
                                     Need need) {
    const toml::node* node = find(parent, path, key, need);
    if (node == nullptr) return nullptr;
    if (!node->is_table()) {
        error(node, join(path, key), fmt::format("must be a table, not {}", typeName(node->type())));
        return nullptr;
    }
    return node->as_table();
}

const toml::array* TomlReader::array(const toml::table& parent, std::string_view path, std::string_view key,
                                     Need need) {
    const toml::node* node = find(parent, path, key, need);
    if (node == nullptr) return nullptr;
    if (!node->is_array()) {
        error(node, join(path, key), fmt::format("must be an array, not {}", typeName(node->type())));
        return nullptr;
    }
    return node->as_array();
}

std::optional<std::string> TomlReader::string(const toml::table& parent, std::string_view path,
                                              std::string_view key, Need need) {
    const toml::node* node = find(parent, path, key, need);
    if (node == nullptr) return std::nullopt;
    if (!node->is_string()) {
        error(node, join(path, key), fmt::format("must be a string, not {}", typeName(node->type())));
        return std::nullopt;
    }
    return node->as_string()->get();
}

std::optional<std::int64_t> TomlReader::integer(const toml::table& parent, std::string_view path,
                                                std::string_view key, Need need, std::int64_t min,
                                                std::int64_t max) {
    const toml::node* node = find(parent, path, key, need);
    if (node == nullptr) return std::nullopt;
    if (!node->is_integer()) {
        error(node, join(path, key), fmt::format("must be an integer, not {}", typeName(node->type())));
        return std::nullopt;
    }
    const std::int64_t value = node->as_integer()->get();
    if (value < min || value > max) {
        error(node, join(path, key), fmt::format("must be between {} and {}, not {}", min, max, value));
        return std::nullopt;
    }
    return value;
}

std::optional<double> TomlReader::number(const toml::table& parent, std::string_view path,
                                         std::string_view key, Need need, double min, double max) {
    const toml::node* node = find(parent, path, key, need);
    if (node == nullptr) return std::nullopt;
    std::optional<double> value;
    if (node->is_floating_point()) value = node->as_floating_point()->get();
    if (node->is_integer()) value = static_cast<double>(node->as_integer()->get());
    if (!value) {
        error(node, join(path, key), fmt::format("must be a number, not {}", typeName(node->type())));
        return std::nullopt;
    }
    if (!std::isfinite(*value) || *value < min || *value > max) {
        error(node, join(path, key), fmt::format("must be between {} and {}, not {}", min, max, *value));
        return std::nullopt;
    }
    return value;
}

std::optional<bool> TomlReader::boolean(const toml::table& parent, std::string_view path,
                                        std::string_view key, Need need) {
    const toml::node* node = find(parent, path, key, need);
    if (node == nullptr) return std::nullopt;
    if (!node->is_boolean()) {
        error(node, join(path, key), fmt::format("must be true or false, not {}", typeName(node->type())));
        return std::nullopt;
    }
    return node->as_boolean()->get();
}

std::optional<std::vector<std::string>> TomlReader::strings(const toml::table& parent, std::string_view path,
                                                            std::string_view key, Need need) {
    const toml::array* items = array(parent, path, key, need);
    if (items == nullptr) return std::nullopt;
    std::vector<std::string> out;
    for (const toml::node& item : *items) {
        if (!item.is_string()) {
            error(&item, join(path, key),
                  fmt::format("every item must be a string, not {}", typeName(item.type())));
            return std::nullopt;
        }
        out.push_back(item.as_string()->get());
    }
    return out;
}

}  // namespace yici::config
