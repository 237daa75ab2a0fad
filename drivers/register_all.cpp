// Driver registration in one place: add a driver here and its name becomes valid in board configs.
#include "register_all.hpp"

#include "printer/escpos/escpos_printer.hpp"

namespace yici::drivers {

void registerAll(hal::DriverRegistries& registries) {
    escpos::registerDriver(registries.printers);
}

}  // namespace yici::drivers
