// The "escpos" printer driver: ESC/POS over any transport, with status polling and reconnects, and the
// printer's presenter as the "escpos-presenter" dispenser when the board has one.
#pragma once

#include "yici/hal/registry.hpp"

namespace yici::escpos {

void registerDriver(hal::DriverRegistry<hal::Printer, hal::PrinterConfig>& registry);

}  // namespace yici::escpos
