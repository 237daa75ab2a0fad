// The UI's static files, read once at start-up and served from memory (no disk I/O on the Asio thread).
#pragma once

#include <filesystem>
#include <map>
#include <string>

#include "base/error.hpp"
#include "http/server.hpp"

namespace yici::http {

class StaticFiles {
  public:
    static Expected<StaticFiles> load(const std::filesystem::path& root);
    Response serve(const Request& request) const;
    std::size_t count() const { return files_.size(); }

  private:
    struct File {
        std::string content_type;
        std::string body;
    };
    std::map<std::string, File, std::less<>> files_;  // "/index.html" → file
};

}  // namespace yici::http
