// Strict TOML reading for board configs and hall catalogs: every unknown key, wrong type and missing
// required key becomes one error line "FILE:LINE: KEY: what is wrong".
#pragma once

#include <toml++/toml.h>

#include <cstdint>
#include <filesystem>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/error.hpp"

namespace yici::config {

enum class Need { required, optional };

// The node of `key` in `table` (for an error's line), or null without a table or key.
const toml::node* nodeOf(const toml::table* table, std::string_view key);

// The whole file as text, or "config_unreadable" naming the file and what it was meant to be.
Expected<std::string> readConfigFile(const std::filesystem::path& file, std::string_view what);

class TomlReader {
  public:
    explicit TomlReader(std::string file) : file_(std::move(file)) {}

    // Parses a document; a syntax error is recorded and nullopt returned.
    std::optional<toml::table> parse(std::string_view text);

    void onlyKeys(const toml::table& table, std::string_view path,
                  std::initializer_list<std::string_view> allowed);

    const toml::table* table(const toml::table& parent, std::string_view path, std::string_view key,
                             Need need);
    const toml::array* array(const toml::table& parent, std::string_view path, std::string_view key,
                             Need need);
    std::optional<std::string> string(const toml::table& parent, std::string_view path, std::string_view key,
                                      Need need);
    std::optional<std::int64_t> integer(const toml::table& parent, std::string_view path,
                                        std::string_view key, Need need, std::int64_t min, std::int64_t max);
    std::optional<double> number(const toml::table& parent, std::string_view path, std::string_view key,
                                 Need need, double min, double max);
    std::optional<bool> boolean(const toml::table& parent, std::string_view path, std::string_view key,
                                Need need);
    std::optional<std::vector<std::string>> strings(const toml::table& parent, std::string_view path,
                                                    std::string_view key, Need need);

    // Records an error at the node's line (or line 1 without a node).
    void error(const toml::node* at, std::string_view key_path, std::string_view message);
    static std::string join(std::string_view path, std::string_view key);

    bool ok() const { return errors_.empty(); }
    const std::vector<std::string>& errors() const { return errors_; }
    // All errors as one value, one line each.
    Error toError() const;

  private:
    const toml::node* find(const toml::table& parent, std::string_view path, std::string_view key, Need need);

    std::string file_;
    std::vector<std::string> errors_;
};

}  // namespace yici::config
