// libsodium: secretbox (XSalsa20-Poly1305) with subkeys derived from one master key by crypto_kdf.
#include "privacy/vault.hpp"

#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fmt/format.h>

#include <array>
#include <cerrno>
#include <cstring>

#include "base/folder_sync.hpp"
#include "privacy/errors.hpp"

namespace yici::privacy {
namespace {

constexpr char kdf_context[crypto_kdf_CONTEXTBYTES + 1] = "yicipii1";
constexpr std::uint64_t box_key_id = 1;
constexpr std::uint64_t hash_key_id = 2;
constexpr std::uint64_t staff_key_id = 3;

Error ioError(const std::filesystem::path& file, std::string_view what) {
    return Error{Errc::privacy_key_unavailable,
                 fmt::format("{}: {}: {}", file.string(), what, std::strerror(errno))};
}

Expected<void> createKeyFile(const std::filesystem::path& file) {
    std::array<std::uint8_t, crypto_kdf_KEYBYTES> key{};
    crypto_kdf_keygen(key.data());
    const int fd = ::open(file.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0) return std::unexpected(ioError(file, "cannot create the key file"));
    const bool written =
        ::write(fd, key.data(), key.size()) == static_cast<ssize_t>(key.size()) && ::fsync(fd) == 0;
    sodium_memzero(key.data(), key.size());
    ::close(fd);
    if (!written) {
        ::unlink(file.c_str());
        return std::unexpected(ioError(file, "cannot write the key file"));
    }
    base::syncFolderOf(file);  // the new file's directory entry must survive a power cut too
    return {};
}

}  // namespace

struct Vault::Keys {
    std::array<std::uint8_t, crypto_secretbox_KEYBYTES> box;
    std::array<std::uint8_t, crypto_generichash_KEYBYTES> hash;
    std::array<std::uint8_t, crypto_generichash_KEYBYTES> staff;
};

Vault::Vault(std::unique_ptr<Keys, void (*)(Keys*)> keys) : keys_(std::move(keys)) {}
Vault::Vault(Vault&&) noexcept = default;
Vault& Vault::operator=(Vault&&) noexcept = default;
Vault::~Vault() = default;

Expected<Vault> Vault::open(const std::filesystem::path& file, bool create_missing) {
    if (sodium_init() < 0) return fail(Errc::privacy_key_unavailable, "libsodium failed to initialise");
    if (::access(file.c_str(), F_OK) != 0) {
        if (!create_missing)
            return std::unexpected(ioError(file, "the device key is missing (yicictl provision makes it)"));
        if (auto created = createKeyFile(file); !created) return std::unexpected(created.error());
    }
    const int fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return std::unexpected(ioError(file, "cannot open the key file"));
    struct stat st {};
    // Nobody but its owner (and, for a provisioned device key, yicid's group) may read it.
    if (::fstat(fd, &st) == 0 && (st.st_mode & 037) != 0) ::fchmod(fd, st.st_mode & 0740);
    std::array<std::uint8_t, crypto_kdf_KEYBYTES + 1> master{};
    const ssize_t n = ::read(fd, master.data(), master.size());
    ::close(fd);
    if (n != static_cast<ssize_t>(crypto_kdf_KEYBYTES)) {
        sodium_memzero(master.data(), master.size());
        return fail(Errc::privacy_key_unavailable, fmt::format("{}: the key file must hold exactly {} bytes",
                                                               file.string(), crypto_kdf_KEYBYTES));
    }
    auto vault = fromMaster(std::span(master.data(), crypto_kdf_KEYBYTES));
    sodium_memzero(master.data(), master.size());
    return vault;
}

Expected<Vault> Vault::fromMaster(std::span<const std::uint8_t> master) {
    if (master.size() != crypto_kdf_KEYBYTES)
        return fail(Errc::privacy_record_unreadable, "a key must hold exactly 32 bytes");
    // Guarded, locked memory: never swapped out, wiped on release.
    auto* raw = static_cast<Keys*>(sodium_malloc(sizeof(Keys)));
    if (raw == nullptr)
        return fail(Errc::privacy_key_unavailable, "cannot allocate locked memory for the key");
    std::unique_ptr<Keys, void (*)(Keys*)> keys(raw, [](Keys* k) { sodium_free(k); });
    crypto_kdf_derive_from_key(keys->box.data(), keys->box.size(), box_key_id, kdf_context, master.data());
    crypto_kdf_derive_from_key(keys->hash.data(), keys->hash.size(), hash_key_id, kdf_context, master.data());
    crypto_kdf_derive_from_key(keys->staff.data(), keys->staff.size(), staff_key_id, kdf_context,
                               master.data());
    sodium_mprotect_readonly(keys.get());
    return Vault(std::move(keys));
}

Expected<WrappedKey> Vault::newDataKey() const {
    auto* master = static_cast<std::uint8_t*>(sodium_malloc(crypto_kdf_KEYBYTES));
    if (master == nullptr)
        return fail(Errc::privacy_key_unavailable, "cannot allocate locked memory for a key");
    crypto_kdf_keygen(master);
    std::span<const std::uint8_t> bytes(master, crypto_kdf_KEYBYTES);
    auto wrapped = seal(std::string_view(reinterpret_cast<const char*>(master), crypto_kdf_KEYBYTES));
    auto vault = fromMaster(bytes);
    sodium_free(master);
    if (!vault) return std::unexpected(vault.error());
    return WrappedKey{std::move(*vault), std::move(wrapped)};
}

Expected<Vault> Vault::openDataKey(std::span<const std::uint8_t> wrapped) const {
    auto master = unseal(wrapped);
    if (!master) return std::unexpected(master.error());
    auto vault = fromMaster(std::span(reinterpret_cast<const std::uint8_t*>(master->data()), master->size()));
    sodium_memzero(master->data(), master->size());
    return vault;
}

std::vector<std::uint8_t> Vault::seal(std::string_view plaintext) const {
    std::vector<std::uint8_t> out(crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES + plaintext.size());
    randombytes_buf(out.data(), crypto_secretbox_NONCEBYTES);
    crypto_secretbox_easy(out.data() + crypto_secretbox_NONCEBYTES,
                          reinterpret_cast<const unsigned char*>(plaintext.data()), plaintext.size(),
                          out.data(), keys_->box.data());
    return out;
}

Expected<std::string> Vault::unseal(std::span<const std::uint8_t> sealed) const {
    if (sealed.size() < crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES)
        return fail(Errc::privacy_record_unreadable, "sealed record too short");
    std::string plain(sealed.size() - crypto_secretbox_NONCEBYTES - crypto_secretbox_MACBYTES, '\0');
    if (crypto_secretbox_open_easy(
            reinterpret_cast<unsigned char*>(plain.data()), sealed.data() + crypto_secretbox_NONCEBYTES,
            sealed.size() - crypto_secretbox_NONCEBYTES, sealed.data(), keys_->box.data()) != 0) {
        return fail(Errc::privacy_record_unreadable, "sealed record does not open with this key");
    }
    return plain;
}

namespace {

// Hex of the 16-byte BLAKE2b of `id_number` keyed with `key`.
std::string keyedHash(std::string_view id_number, std::span<const std::uint8_t> key) {
    std::array<std::uint8_t, 16> digest{};
    crypto_generichash(digest.data(), digest.size(), reinterpret_cast<const unsigned char*>(id_number.data()),
                       id_number.size(), key.data(), key.size());
    std::array<char, 33> hex{};
    sodium_bin2hex(hex.data(), hex.size(), digest.data(), digest.size());
    return std::string(hex.data(), 32);
}

}  // namespace

std::string Vault::citizenKey(std::string_view id_number) const {
    return keyedHash(id_number, keys_->hash);
}

std::string Vault::staffCardKey(std::string_view id_number) const {
    return keyedHash(id_number, keys_->staff);
}

}  // namespace yici::privacy
