// Checks of what a citizen types at the details step, each returning the error code the UI explains.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "catalog/hall_catalog.hpp"

namespace yici::prereg {

// A mainland China mobile number: 11 digits, "1" then 3–9 (138 0013 8000). Spaces and dashes the
// citizen typed are not accepted here: the UI's keypad sends digits only.
bool validMobile(std::string_view number);

// "138****8000": what the screen and the ticket may show.
std::string maskMobile(std::string_view number);

// An appointment code as the hall's booking system issues it: 6–16 letters or digits.
bool validAppointmentCode(std::string_view code);

// nullopt when `value` fits the field; else a short English reason for the log and the API.
std::optional<std::string> fieldProblem(const catalog::Field& field, std::string_view value);

// "张*" / "欧***": the first character and one star per other character.
std::string maskName(std::string_view utf8_name);

}  // namespace yici::prereg
