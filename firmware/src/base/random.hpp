// Random tokens and keys from the system's CSPRNG (libsodium).
#pragma once

#include <cstddef>
#include <string>

namespace yici::base {

// `bytes` random bytes as 2 × `bytes` lowercase hex digits.
std::string randomHex(std::size_t bytes);

}  // namespace yici::base
