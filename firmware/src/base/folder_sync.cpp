// open(O_DIRECTORY) and fsync on the parent folder.
#include "base/folder_sync.hpp"

#include <fcntl.h>
#include <unistd.h>

namespace yici::base {

void syncFolderOf(const std::filesystem::path& file) {
    const int dir = ::open(file.parent_path().empty() ? "." : file.parent_path().c_str(),
                           O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dir < 0) return;
    ::fsync(dir);
    ::close(dir);
}

}  // namespace yici::base
