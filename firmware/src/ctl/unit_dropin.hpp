// yicid.service's per-board drop-in (yicid.service.d/50-board.conf): the board's devices and the hall's
// addresses, the only ones the shipped unit's DevicePolicy=closed and IPAddressDeny=any let through.
#pragma once

#include <string>

#include "config/board_config.hpp"

namespace yici::ctl {

// The drop-in's text for `board`:
// - DeviceAllow= for the reader's port, the printer and the camera. A USB device's node comes and goes with
//   its cable (and libusb's /dev/bus/usb/BBB/DDD changes on every plug), so for those the device's kind is
//   allowed (char-ttyUSB, char-usb_device, char-video4linux, ...), which 70-yici.rules narrows to the kiosk's
//   own devices; any other /dev node by its path. Sources outside /dev (files, the simulator) need nothing.
// - IPAddressAllow= for [hall] subnets, the hall URL's and a tcp:// printer's address when they are numeric.
// Each thing it cannot pin (a host name, a device it cannot place) adds a line to `warnings`.
std::string boardDropIn(const config::BoardConfig& board, std::string& warnings);

}  // namespace yici::ctl
