// A typed error code: built only from a module's error enum, it keeps the enum's identity and yields its
// name.
#pragma once

#include <fmt/core.h>

#include <concepts>
#include <iosfwd>
#include <optional>
#include <string_view>
#include <type_traits>

namespace yici {

// A module's error enum: `enum class Errc` with, found by ADL next to it, `constexpr std::string_view
// errorName(Errc)` (a switch with every value, so -Wswitch -Werror rejects a missing one, "" after it) and
// `constexpr std::string_view errorModule(Errc)`. Values are not numbered by hand: 0, 1, 2, ... in order.
template <class E>
concept ErrorEnum = std::is_enum_v<E> && requires(E e) {
    { errorName(e) } -> std::same_as<std::string_view>;
    { errorModule(e) } -> std::same_as<std::string_view>;
};

// One per enum: what ErrorCode needs to name a value without knowing the enum.
struct ErrorDomain {
    std::string_view module;
    std::string_view (*name)(int value);
};

template <ErrorEnum E>
inline constexpr ErrorDomain error_domain{errorModule(E{}),
                                          [](int value) { return errorName(static_cast<E>(value)); }};

class ErrorCode {
  public:
    template <ErrorEnum E>
    constexpr ErrorCode(E code) noexcept  // NOLINT(google-explicit-constructor): `fail(store::Errc::x, ...)`
        : domain_(&error_domain<E>), value_(static_cast<int>(code)) {}

    // The stable snake_case name: /health, the API's JSON, metrics labels and logs.
    [[nodiscard]] std::string_view name() const { return domain_->name(value_); }
    // The module that declares the code ("store", "hal", ...).
    [[nodiscard]] constexpr std::string_view module() const { return domain_->module; }

    // The enum value, when the code is one of E's.
    template <ErrorEnum E>
    [[nodiscard]] constexpr std::optional<E> as() const {
        if (domain_ != &error_domain<E>) return std::nullopt;
        return static_cast<E>(value_);
    }

    // Same module and same value; a string never compares equal (use name() for the wire form).
    friend constexpr bool operator==(ErrorCode a, ErrorCode b) = default;

  private:
    const ErrorDomain* domain_;
    int value_;
};

// For doctest and logs: the name.
std::ostream& operator<<(std::ostream& out, ErrorCode code);

}  // namespace yici

template <>
struct fmt::formatter<yici::ErrorCode> : fmt::formatter<std::string_view> {
    auto format(yici::ErrorCode code, fmt::format_context& ctx) const {
        return fmt::formatter<std::string_view>::format(code.name(), ctx);
    }
};
