// The one secure-wipe helper.
#include "base/secure_wipe.hpp"

#include <sodium.h>

namespace yici::base {

void secureWipe(std::string& s) {
    if (!s.empty()) ::sodium_memzero(s.data(), s.size());
    s.clear();
    s.shrink_to_fit();
}

void secureWipe(std::vector<std::uint8_t>& bytes) {
    if (!bytes.empty()) ::sodium_memzero(bytes.data(), bytes.size());
    bytes.clear();
    bytes.shrink_to_fit();
}

void secureWipe(void* data, std::size_t size) {
    if (size != 0) ::sodium_memzero(data, size);
}

}  // namespace yici::base
