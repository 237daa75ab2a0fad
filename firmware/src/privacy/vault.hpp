// Encryption of personal fields at rest (libsodium secretbox) and the keyed hash that recognises a repeat
// visit without keeping the ID number. The key lives in a 0600 file and in guarded memory.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "base/error.hpp"

namespace yici::privacy {

class Vault {
  public:
    // Reads the 32-byte key file, creating it (random, mode 0600, fsynced) when it does not exist.
    static Expected<Vault> open(const std::filesystem::path& key_file);
    Vault(Vault&&) noexcept;
    Vault& operator=(Vault&&) noexcept;
    ~Vault();

    // nonce || ciphertext; a fresh random nonce each time.
    std::vector<std::uint8_t> seal(std::string_view plaintext) const;
    // The plaintext, or an error when the bytes were not sealed with this key or were altered.
    Expected<std::string> unseal(std::span<const std::uint8_t> sealed) const;
    // A stable pseudonym of an ID number (hex of a keyed BLAKE2b): equal numbers give equal keys, and
    // nobody without the key file can tell which number it was.
    std::string citizenKey(std::string_view id_number) const;

  private:
    struct Keys;
    explicit Vault(std::unique_ptr<Keys, void (*)(Keys*)> keys);
    std::unique_ptr<Keys, void (*)(Keys*)> keys_;
};

}  // namespace yici::privacy
