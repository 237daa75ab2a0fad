// Making a new or renamed file's directory entry durable.
#pragma once

#include <filesystem>

namespace yici::base {

// fsyncs the folder that holds `file`, so that its entry (a file created or renamed there) survives a power
// cut. Best effort: a folder that cannot be opened is left as it is.
void syncFolderOf(const std::filesystem::path& file);

}  // namespace yici::base
