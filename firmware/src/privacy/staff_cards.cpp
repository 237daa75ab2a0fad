// The staff cards file: text, a card a line, replaced whole by rename so that a power cut leaves the old or
// the new file.
#include "privacy/staff_cards.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <fstream>

#include "base/folder_sync.hpp"
#include "privacy/errors.hpp"

namespace yici::privacy {
namespace {

bool isCardHash(std::string_view text) {
    return text.size() == 32 &&
           std::ranges::all_of(text, [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

Error staffFileError(const std::filesystem::path& file, std::string_view what) {
    return Error{Errc::staff_cards_unreadable,
                 fmt::format("{}: {}: {}", file.string(), what, std::strerror(errno))};
}

// Replaces `file` with `cards`: a new file, fsynced, renamed over the old one, and the folder fsynced. Mode
// 0640 with the folder's group, as yicictl provision leaves the config folder: root writes it, yicid's group
// reads it.
Expected<void> writeStaffCards(const std::filesystem::path& file, const StaffCards& cards) {
    std::string text;
    for (const auto& [card, staff] : cards) text.append(card).append(" ").append(staff).append("\n");
    const std::filesystem::path staged = file.string() + ".new";
    const int fd = ::open(staged.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0640);
    if (fd < 0) return std::unexpected(staffFileError(staged, "cannot write the staff cards"));
    struct stat folder {};
    const std::filesystem::path parent = file.parent_path().empty() ? "." : file.parent_path();
    if (::stat(parent.c_str(), &folder) != 0 || ::fchown(fd, static_cast<uid_t>(-1), folder.st_gid) != 0) {
        auto error = staffFileError(staged, "cannot give the staff cards the folder's group");
        ::close(fd);
        ::unlink(staged.c_str());
        return std::unexpected(std::move(error));
    }
    const bool written =
        ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size()) && ::fsync(fd) == 0;
    ::close(fd);
    if (!written || ::rename(staged.c_str(), file.c_str()) != 0) {
        auto error = staffFileError(file, "cannot write the staff cards");
        ::unlink(staged.c_str());
        return std::unexpected(std::move(error));
    }
    base::syncFolderOf(file);
    return {};
}

}  // namespace

bool isStaffId(std::string_view id) {
    return !id.empty() && id.size() <= 32 && std::ranges::all_of(id, [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '-' || c == '_';
    });
}

Expected<StaffCards> readStaffCards(const std::filesystem::path& file) {
    StaffCards cards;
    std::ifstream in(file);
    if (!in) {
        if (errno == ENOENT) return cards;
        return std::unexpected(staffFileError(file, "cannot read the staff cards"));
    }
    std::string line;
    for (int number = 1; std::getline(in, line); ++number) {
        if (line.empty()) continue;
        const auto space = line.find(' ');
        const std::string_view card = std::string_view(line).substr(0, space);
        const std::string_view staff =
            space == std::string::npos ? std::string_view() : std::string_view(line).substr(space + 1);
        if (!isCardHash(card) || !isStaffId(staff)) {
            return fail(
                Errc::staff_cards_unreadable,
                fmt::format(
                    "{}:{}: not a staff card's hash and staff id (yicictl staff-card add writes them)",
                    file.string(), number));
        }
        cards.insert_or_assign(std::string(card), std::string(staff));
    }
    if (in.bad()) return std::unexpected(staffFileError(file, "cannot read the staff cards"));
    return cards;
}

Expected<bool> addStaffCard(const std::filesystem::path& file, const std::string& card,
                            const std::string& staff) {
    if (!isCardHash(card) || !isStaffId(staff))
        return fail(Errc::staff_cards_unreadable, "not a staff card's hash and staff id");
    auto cards = readStaffCards(file);
    if (!cards) return std::unexpected(cards.error());
    const bool added = cards->insert_or_assign(card, staff).second;
    if (auto written = writeStaffCards(file, *cards); !written) return std::unexpected(written.error());
    return added;
}

Expected<bool> removeStaffCard(const std::filesystem::path& file, const std::string& card) {
    if (!isCardHash(card)) return fail(Errc::staff_cards_unreadable, "not a staff card's hash");
    auto cards = readStaffCards(file);
    if (!cards) return std::unexpected(cards.error());
    if (cards->erase(card) == 0) return false;
    if (auto written = writeStaffCards(file, *cards); !written) return std::unexpected(written.error());
    return true;
}

}  // namespace yici::privacy
