// randombytes_buf and sodium_bin2hex.
#include "base/random.hpp"

#include <sodium.h>

#include <vector>

namespace yici::base {

std::string randomHex(std::size_t bytes) {
    std::vector<unsigned char> random(bytes);
    randombytes_buf(random.data(), random.size());
    std::string hex(2 * bytes + 1, '\0');
    sodium_bin2hex(hex.data(), hex.size(), random.data(), random.size());
    hex.pop_back();
    return hex;
}

}  // namespace yici::base
