// Encryption of personal fields at rest (libsodium secretbox) and the keyed hash that recognises a repeat
// visit without keeping the ID number. The device key lives in a 0600 file and in guarded memory; it wraps
// the per-day data keys (store/data_keys.hpp) that seal the records.
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

struct WrappedKey;

class Vault {
  public:
    // Reads the 32-byte key file; when it does not exist, creates it (random, mode 0600, fsynced) if
    // `create_missing`, else fails (a device key on an unmounted partition is not silently replaced).
    static Expected<Vault> open(const std::filesystem::path& key_file, bool create_missing = true);
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
    // The same for a staff member's card, with a key of its own: what `yicictl staff-card add` stores and a
    // tap is compared with, never equal to the card's citizenKey.
    std::string staffCardKey(std::string_view id_number) const;

    // A fresh random data key: its vault, and the key sealed with this vault (what is stored).
    Expected<WrappedKey> newDataKey() const;
    // The vault of a data key that newDataKey() of this vault wrapped.
    Expected<Vault> openDataKey(std::span<const std::uint8_t> wrapped) const;

  private:
    struct Keys;
    explicit Vault(std::unique_ptr<Keys, void (*)(Keys*)> keys);
    static Expected<Vault> fromMaster(std::span<const std::uint8_t> master);
    std::unique_ptr<Keys, void (*)(Keys*)> keys_;
};

struct WrappedKey {
    Vault vault;
    std::vector<std::uint8_t> wrapped;
};

}  // namespace yici::privacy
