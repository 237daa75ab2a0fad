// ErrorCode: built only from a module's error enum, it keeps which enum and value it is and yields the name.
#include <doctest/doctest.h>

#include <fmt/format.h>

#include <sstream>
#include <string>
#include <type_traits>

#include "base/error.hpp"
#include "base/error_code.hpp"
#include "store/errors.hpp"
#include "yici/hal/errors.hpp"

using namespace yici;

namespace {

template <class C>
concept Failable = requires(C code) {
    fail(code, std::string("message"));
};

}  // namespace

// A misspelt string must not compile: fail() and ErrorCode take a module's enum and nothing else.
static_assert(Failable<store::Errc>);
static_assert(Failable<hal::Errc>);
static_assert(!Failable<const char*>);
static_assert(!Failable<std::string>);
static_assert(!Failable<int>);
static_assert(!std::is_constructible_v<ErrorCode, std::string_view>);
static_assert(!std::is_constructible_v<ErrorCode, int>);
static_assert(ErrorCode(store::Errc::storage_full).module() == "store");

TEST_CASE("an error code keeps its enum and value: equal only to the same value of the same enum") {
    const Error e = fail(store::Errc::storage_full, "disk full").error();
    CHECK(e.code == store::Errc::storage_full);
    CHECK(e.code != store::Errc::storage_error);
    // Both are value 0 of their enum; they are still different codes.
    CHECK(ErrorCode(hal::Errc::ok) != ErrorCode(base::Errc::bad_request));
    CHECK(e.code.as<store::Errc>() == store::Errc::storage_full);
    CHECK_FALSE(e.code.as<hal::Errc>().has_value());
    CHECK(e.withContext("ticket store").code == store::Errc::storage_full);
}

TEST_CASE("an error code is written as its snake_case name in logs, JSON and streams") {
    const ErrorCode code = hal::Errc::printer_out_of_paper;
    CHECK(code.name() == "printer_out_of_paper");
    CHECK(code.module() == "hal");
    CHECK(fmt::format("{}", code) == "printer_out_of_paper");
    std::ostringstream out;
    out << code;
    CHECK(out.str() == "printer_out_of_paper");
}
