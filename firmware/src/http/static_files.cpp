// Static files from memory; only paths that were loaded exist, so "../" cannot escape.
#include "http/static_files.hpp"

#include <fmt/format.h>

#include <fstream>
#include <sstream>

#include "http/errors.hpp"
#include "http/router.hpp"

namespace yici::http {
namespace {

std::string contentType(const std::filesystem::path& path) {
    const std::string ext = path.extension().string();
    if (ext == ".html") return "text/html; charset=utf-8";
    if (ext == ".js" || ext == ".mjs") return "text/javascript; charset=utf-8";
    if (ext == ".css") return "text/css; charset=utf-8";
    if (ext == ".json") return "application/json; charset=utf-8";
    if (ext == ".svg") return "image/svg+xml";
    if (ext == ".png") return "image/png";
    if (ext == ".woff2") return "font/woff2";
    return "application/octet-stream";
}

constexpr std::uintmax_t max_file_size = 4 * 1024 * 1024;

}  // namespace

Expected<StaticFiles> StaticFiles::load(const std::filesystem::path& root) {
    std::error_code ec;
    if (!std::filesystem::is_directory(root, ec)) {
        return fail(Errc::ui_missing, fmt::format("UI folder {} does not exist", root.string()));
    }
    StaticFiles files;
    // Iterate by hand: the range-for increment throws on an unreadable sub-folder.
    for (std::filesystem::recursive_directory_iterator it(root, ec), end; !ec && it != end;
         it.increment(ec)) {
        const auto& entry = *it;
        std::error_code file_ec;
        if (!entry.is_regular_file(file_ec) || entry.file_size(file_ec) > max_file_size || file_ec) continue;
        std::ifstream in(entry.path(), std::ios::binary);
        std::ostringstream body;
        body << in.rdbuf();
        const std::string url = "/" + std::filesystem::relative(entry.path(), root, file_ec).generic_string();
        files.files_[url] = File{contentType(entry.path()), body.str()};
    }
    if (ec)
        return fail(Errc::ui_missing,
                    fmt::format("cannot read UI folder {}: {}", root.string(), ec.message()));
    if (!files.files_.contains("/index.html"))
        return fail(Errc::ui_missing, fmt::format("{} has no index.html", root.string()));
    return files;
}

Response StaticFiles::serve(const Request& request) const {
    std::string path = requestPath(request);
    if (path.empty() || path.back() == '/') path += "index.html";
    auto it = files_.find(path);
    if (it == files_.end()) return errorResponse(request, not_found);
    Response response =
        textResponse(request, beast_http::status::ok, it->second.body, it->second.content_type);
    response.set("Content-Security-Policy",
                 "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'");
    if (request.method() == beast_http::verb::head) response.body().clear();
    return response;
}

}  // namespace yici::http
