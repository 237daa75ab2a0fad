// Driver registration in one place: add a driver here and its name becomes valid in board configs.
#include "register_all.hpp"

#include "camera/opencv/opencv_camera.hpp"
#include "idcard/sam/sam_serial_reader.hpp"
#include "printer/escpos/escpos_printer.hpp"

namespace yici::drivers {

void registerAll(hal::DriverRegistries& registries) {
    escpos::registerDriver(registries.printers);
    sam::registerDriver(registries.id_readers);
    opencv_camera::registerDriver(registries.cameras);
}

hal::DriverRegistries allDrivers() {
    hal::DriverRegistries registries;
    registerAll(registries);
    return registries;
}

}  // namespace yici::drivers
