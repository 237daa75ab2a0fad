// The device codes: health states and faults of printer, ticket dispenser, ID-card reader and camera, shared
// by every driver.
#pragma once

#include <string_view>

#include "base/error_code.hpp"

namespace yici::hal {

enum class Errc {
    // Health states any device can be in.
    ok,
    not_started,
    not_configured,
    driver_unavailable,     // no driver of that name in this build
    driver_config_invalid,  // the device table is not what its driver takes (its check's first problem)
    config_bad_uri,         // a device URI (printer, font) is malformed
    // Printer.
    printer_out_of_paper,
    printer_paper_near_end,
    printer_cover_open,
    printer_jam,
    printer_error,
    printer_offline,
    printer_unreachable,
    printer_disconnected,  // unplugged while connected (a USB printer gone from the bus mid-job)
    printer_timeout,
    printer_protocol_error,
    printer_not_connected,
    printer_no_status,
    printer_unsupported,
    printer_unconfirmed,  // the whole ticket, cut included, was sent; the printer did not answer after it
    // Ticket dispenser (presenter).
    dispenser_jam,    // a ticket is stuck in the presenter
    dispenser_error,  // any other presenter fault: it reports an error, or a ticket it should take back stays
    // ID-card reader, and a card on it that cannot be read.
    id_reader_not_connected,
    id_reader_unreachable,
    id_reader_timeout,
    card_select_failed,
    card_read_failed,
    wrong_card,
    // Camera.
    camera_not_found,
    camera_stopped,
    camera_no_frames,
};

constexpr std::string_view errorModule(Errc) {
    return "hal";
}

constexpr std::string_view errorName(Errc code) {
    switch (code) {
        case Errc::ok:
            return "ok";
        case Errc::not_started:
            return "not_started";
        case Errc::not_configured:
            return "not_configured";
        case Errc::driver_unavailable:
            return "driver_unavailable";
        case Errc::driver_config_invalid:
            return "driver_config_invalid";
        case Errc::config_bad_uri:
            return "config_bad_uri";
        case Errc::printer_out_of_paper:
            return "printer_out_of_paper";
        case Errc::printer_paper_near_end:
            return "printer_paper_near_end";
        case Errc::printer_cover_open:
            return "printer_cover_open";
        case Errc::printer_jam:
            return "printer_jam";
        case Errc::printer_error:
            return "printer_error";
        case Errc::printer_offline:
            return "printer_offline";
        case Errc::printer_unreachable:
            return "printer_unreachable";
        case Errc::printer_disconnected:
            return "printer_disconnected";
        case Errc::printer_timeout:
            return "printer_timeout";
        case Errc::printer_protocol_error:
            return "printer_protocol_error";
        case Errc::printer_not_connected:
            return "printer_not_connected";
        case Errc::printer_no_status:
            return "printer_no_status";
        case Errc::printer_unsupported:
            return "printer_unsupported";
        case Errc::printer_unconfirmed:
            return "printer_unconfirmed";
        case Errc::dispenser_jam:
            return "dispenser_jam";
        case Errc::dispenser_error:
            return "dispenser_error";
        case Errc::id_reader_not_connected:
            return "id_reader_not_connected";
        case Errc::id_reader_unreachable:
            return "id_reader_unreachable";
        case Errc::id_reader_timeout:
            return "id_reader_timeout";
        case Errc::card_select_failed:
            return "card_select_failed";
        case Errc::card_read_failed:
            return "card_read_failed";
        case Errc::wrong_card:
            return "wrong_card";
        case Errc::camera_not_found:
            return "camera_not_found";
        case Errc::camera_stopped:
            return "camera_stopped";
        case Errc::camera_no_frames:
            return "camera_no_frames";
    }
    return {};
}

}  // namespace yici::hal
