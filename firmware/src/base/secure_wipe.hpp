// Overwriting personal data before its memory is released (sodium_memzero: the compiler cannot drop it).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace yici::base {

void secureWipe(std::string& s);  // zeroed, emptied and its buffer released
void secureWipe(std::vector<std::uint8_t>& bytes);
void secureWipe(void* data, std::size_t size);  // a fixed buffer, zeroed in place

}  // namespace yici::base
