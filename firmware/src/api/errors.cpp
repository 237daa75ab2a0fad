// What the citizen is told for every code that can reach the API: one switch per module's enum, so a code
// added without a decision (a citizen's text, or technician-only) does not compile (-Wswitch -Werror).
#include "api/errors.hpp"

#include <boost/json/object.hpp>

#include <optional>
#include <utility>

#include "base/error.hpp"
#include "base/error_code.hpp"
#include "hall/errors.hpp"
#include "http/errors.hpp"
#include "prereg/errors.hpp"
#include "privacy/errors.hpp"
#include "session/errors.hpp"
#include "store/errors.hpp"
#include "ticket/errors.hpp"
#include "yici/hal/errors.hpp"

namespace yici::api {
namespace {

// Status and the citizen's text; the code is the error's own.
struct Text {
    unsigned status;
    std::string_view zh;
    std::string_view en;
};

// A code only a technician acts on: the citizen gets http::internal_error's text (500, "go to the desk").
constexpr std::optional<Text> technician_only = std::nullopt;

constexpr Text from(const http::ErrorText& text) {
    return Text{text.status, text.zh, text.en};
}

constexpr std::optional<Text> citizenText(base::Errc code) {
    switch (code) {
        case base::Errc::bad_request:
            return from(http::bad_request);
        case base::Errc::bad_log_level:
        case base::Errc::config_bad_listen:
            return technician_only;
    }
    return technician_only;
}

constexpr std::optional<Text> citizenText(hal::Errc code) {
    switch (code) {
        case hal::Errc::driver_unavailable:
            return Text{503, "取号机未配置打印机，请到入口预登记窗口取号。",
                        "This kiosk has no printer. Please get your ticket at the pre-registration desk."};
        case hal::Errc::printer_out_of_paper:
            return Text{503, "取号机暂时缺纸，请到入口预登记窗口，工作人员会为您取号。",
                        "The kiosk is out of paper. Please go to the pre-registration desk at the entrance; "
                        "staff will give you "
                        "a ticket."};
        case hal::Errc::printer_cover_open:
            return Text{503, "取号机打印机盖未关好，请到入口预登记窗口取号。",
                        "The printer cover is open. Please get your ticket at the pre-registration desk."};
        case hal::Errc::printer_jam:
            return Text{503, "取号机卡纸，请到入口预登记窗口取号。",
                        "The printer has a paper jam. Please get your ticket at the pre-registration desk."};
        case hal::Errc::printer_error:
            return Text{503, "取号机打印故障，请到入口预登记窗口取号。",
                        "The printer has a fault. Please get your ticket at the pre-registration desk."};
        case hal::Errc::printer_offline:
            return Text{503, "取号机打印机离线，请到入口预登记窗口取号。",
                        "The printer is offline. Please get your ticket at the pre-registration desk."};
        case hal::Errc::printer_unreachable:
            return Text{503, "取号机打印机未连接，请到入口预登记窗口取号。",
                        "The printer is not connected. Please get your ticket at the pre-registration desk."};
        case hal::Errc::printer_disconnected:
            return Text{
                503, "取号机打印机连接中断，本张票已作废，请到入口预登记窗口取号。",
                "The printer was disconnected and this ticket was cancelled. Please get your ticket at "
                "the pre-registration desk."};
        case hal::Errc::printer_timeout:
            return Text{503, "取号机打印机无响应，请到入口预登记窗口取号。",
                        "The printer does not respond. Please get your ticket at the pre-registration desk."};
        case hal::Errc::printer_protocol_error:
            return Text{503, "取号机打印机通信异常，请到入口预登记窗口取号。",
                        "The printer is not answering correctly. Please get your ticket at the "
                        "pre-registration desk."};
        case hal::Errc::printer_not_connected:
            return Text{503, "取号机打印机尚未就绪，请稍候或到入口预登记窗口取号。",
                        "The printer is not ready yet. Please wait or go to the pre-registration desk."};
        case hal::Errc::printer_no_status:
            return Text{503, "取号机打印机无法报告纸张状态，请到入口预登记窗口取号。",
                        "The printer cannot report its paper status. Please get your ticket at the "
                        "pre-registration desk."};
        case hal::Errc::printer_unsupported:
            return Text{
                503, "取号机打印机型号不受支持，请到入口预登记窗口取号。",
                "The printer model is not supported. Please get your ticket at the pre-registration desk."};
        case hal::Errc::printer_unconfirmed:  // such a ticket is kept: no citizen sees this code
            return technician_only;
        case hal::Errc::dispenser_jam:
            return Text{
                503, "取号机出票口卡票，请到入口预登记窗口取号。",
                "A ticket is stuck in the ticket slot. Please get your ticket at the pre-registration "
                "desk."};
        case hal::Errc::dispenser_error:
            return Text{503, "取号机出票口故障，请到入口预登记窗口取号。",
                        "The ticket slot has a fault. Please get your ticket at the pre-registration desk."};
        case hal::Errc::card_select_failed:
            return Text{409, "请将身份证平放在读卡区，不要移动。",
                        "Please place the card flat on the reader and hold it still."};
        case hal::Errc::card_read_failed:
            return Text{409, "无法读取证件，请到人工窗口办理。",
                        "The card cannot be read. Please go to the staffed desk."};
        case hal::Errc::wrong_card:
            return Text{409, "无法识别此卡，请放置第二代居民身份证或居住证。",
                        "This card is not recognised. Please use a resident ID card or residence permit."};
        // The device banner's words before anyone taps (api/ui_events.cpp): queue tickets still work.
        case hal::Errc::id_reader_not_connected:
        case hal::Errc::id_reader_unreachable:
        case hal::Errc::id_reader_timeout:
            return Text{503, "身份证读卡器暂时无法使用，请到入口预登记窗口登记；排队取号不受影响。",
                        "The ID card reader is not working. Please pre-register at the desk at the entrance; "
                        "queue tickets still work."};
        case hal::Errc::camera_not_found:
        case hal::Errc::camera_stopped:
        case hal::Errc::camera_no_frames:
            return Text{503, "摄像头暂时无法使用，需要人脸核验的事项将由工作人员在窗口核验。",
                        "The camera is not working. For services that need a face check, staff will check "
                        "your identity at the window."};
        case hal::Errc::ok:
        case hal::Errc::not_started:
        case hal::Errc::not_configured:
        case hal::Errc::driver_config_invalid:
        case hal::Errc::config_bad_uri:
        case hal::Errc::printer_paper_near_end:
            return technician_only;
    }
    return technician_only;
}

constexpr std::optional<Text> citizenText(http::Errc code) {
    switch (code) {
        case http::Errc::not_found:
            return from(http::not_found);
        case http::Errc::method_not_allowed:
            return from(http::method_not_allowed);
        case http::Errc::payload_too_large:
            return from(http::payload_too_large);
        case http::Errc::misdirected_request:
            return from(http::misdirected_request);
        case http::Errc::unsupported_media_type:
            return from(http::unsupported_media_type);
        case http::Errc::foreign_origin:
            return from(http::foreign_origin);
        case http::Errc::internal_error:
        case http::Errc::listen_failed:
        case http::Errc::ui_missing:
            return technician_only;
    }
    return technician_only;
}

constexpr std::optional<Text> citizenText(store::Errc code) {
    switch (code) {
        case store::Errc::storage_full:
            return Text{503, "取号机存储已满，暂停取号，请到入口预登记窗口。",
                        "The kiosk's storage is full. Please go to the pre-registration desk."};
        case store::Errc::storage_io_error:
            return Text{503, "取号机存储故障，暂停取号，请到入口预登记窗口。",
                        "The kiosk's storage has failed. Please go to the pre-registration desk."};
        case store::Errc::storage_error:
            return Text{503, "取号机暂时无法保存号码，请到入口预登记窗口。",
                        "The kiosk cannot save tickets right now. Please go to the pre-registration desk."};
        case store::Errc::store_corrupt:
            return Text{
                503, "本机暂停服务，请到入口预登记窗口取号办理。",
                "This kiosk is out of service. Please go to the pre-registration desk at the entrance."};
        case store::Errc::already_rated:
            return Text{409, "该号已经评价过了，感谢您的反馈。", "This ticket was already rated. Thank you."};
        case store::Errc::ticket_numbers_exhausted:
            return Text{409, "该业务今日号码已取完，请到预登记窗口咨询。",
                        "All of today's numbers for this service are taken. Please ask at the "
                        "pre-registration desk."};
        case store::Errc::storage_too_new:
            return technician_only;
    }
    return technician_only;
}

constexpr std::optional<Text> citizenText(privacy::Errc code) {
    switch (code) {
        case privacy::Errc::privacy_record_unreadable:
            return Text{503, "登记信息暂时无法读取，请到入口预登记窗口。",
                        "Your registration cannot be read now. Please go to the pre-registration desk."};
        case privacy::Errc::privacy_key_unavailable:
        case privacy::Errc::technician_pin_weak:
        case privacy::Errc::staff_cards_unreadable:
            return technician_only;
    }
    return technician_only;
}

constexpr std::optional<Text> citizenText(hall::Errc code) {
    switch (code) {
        case hall::Errc::hall_timeout:
        case hall::Errc::hall_tls_error:
        case hall::Errc::hall_unreachable:
        case hall::Errc::hall_protocol_error:
        case hall::Errc::hall_http_error:
        case hall::Errc::hall_bad_answer:
        case hall::Errc::hall_acked_nothing:
            return technician_only;
    }
    return technician_only;
}

constexpr std::optional<Text> citizenText(session::Errc code) {
    switch (code) {
        case session::Errc::photo_decoder_missing:
        case session::Errc::photo_decoder_unloadable:
        case session::Errc::photo_decoder_failed:
            return technician_only;
    }
    return technician_only;
}

constexpr std::optional<Text> citizenText(ticket::Errc code) {
    switch (code) {
        case ticket::Errc::unknown_service:
            return Text{404, "没有找到该事项，请重新选择。",
                        "This service was not found. Please choose again."};
        case ticket::Errc::category_closed:
            return Text{409, "该业务当前不在取号时间，请留意开放时间。",
                        "This service is not issuing tickets now. Please check the opening hours."};
        case ticket::Errc::ticket_printing:
            return Text{409, "您的号票正在打印，请稍候取票。",
                        "Your ticket is being printed. Please wait for it."};
        case ticket::Errc::ticket_voided:
            return Text{409, "刚才的号票未能打印，已作废，请重新点击取号。",
                        "Your last ticket could not be printed and was cancelled. Please tap again."};
        case ticket::Errc::ticket_render_failed:
            return Text{503, "取号机无法生成号票，请到入口预登记窗口取号。",
                        "The kiosk could not prepare your ticket. Please get your ticket at the "
                        "pre-registration desk."};
        case ticket::Errc::clock_not_synchronized:
        case ticket::Errc::clock_behind:
            return Text{
                503, "取号机时钟正在校准，暂停取号，请到入口预登记窗口取号。",
                "The kiosk's clock is being set, so it cannot issue tickets now. Please get your ticket at "
                "the pre-registration desk."};
        case ticket::Errc::ticket_in_slot:
            return Text{409, "出票口还有一张号票，请先取走，再点击取号。",
                        "A ticket is still waiting in the slot. Please take it first, then tap again."};
        case ticket::Errc::reprint_no_such_ticket:
            return Text{404, "今天没有这个号码的号票。", "There is no ticket with this number today."};
        case ticket::Errc::reprint_not_printed:
            return Text{409, "这张号票没有打印完成，不能补打。",
                        "This ticket was not printed, so it cannot be reprinted."};
        case ticket::Errc::font_missing:
        case ticket::Errc::font_error:
        case ticket::Errc::paper_roll_low:
            return technician_only;
    }
    return technician_only;
}

constexpr std::optional<Text> citizenText(prereg::Errc code) {
    switch (code) {
        case prereg::Errc::no_session:
            return Text{409, "请先将身份证放在读卡区，或选择“无身份证办理”。",
                        "Please place your ID card on the reader first, or choose \"no ID card\"."};
        case prereg::Errc::flow_step_invalid:
            return Text{409, "请按屏幕提示逐步操作。", "Please follow the steps on the screen."};
        case prereg::Errc::card_required:
            return Text{409, "该事项需要本人身份证，请将身份证放在读卡区。",
                        "This service needs your ID card. Please place it on the reader."};
        case prereg::Errc::card_expired:
            return Text{409, "您的证件已过期，请到人工窗口办理。",
                        "Your card has expired. Please go to the staffed desk."};
        case prereg::Errc::card_number_invalid:
            return Text{409, "证件信息无法核验，请到人工窗口办理。",
                        "The card's details cannot be verified. Please go to the staffed desk."};
        case prereg::Errc::mobile_invalid:
            return Text{400, "手机号码格式不正确，请输入11位手机号码。",
                        "That mobile number is not valid. Please enter an 11-digit mobile number."};
        case prereg::Errc::field_invalid:
            return Text{400, "填写的内容格式不正确，请检查后重新输入。",
                        "Something you entered is not in the right format. Please check it."};
        case prereg::Errc::appointment_code_invalid:
            return Text{400, "预约码格式不正确，请核对后重新输入。",
                        "That appointment code is not valid. Please check it."};
        case prereg::Errc::registration_in_progress:
            return Text{409, "正在为您登记，请稍候。", "We are registering you. Please wait."};
        case prereg::Errc::registration_unavailable:
            return Text{503, "预登记暂不可用，请直接取号或到入口预登记窗口。",
                        "Pre-registration is not available now. Please take a ticket or go to the "
                        "pre-registration desk."};
        case prereg::Errc::unknown_registration:
            return Text{404, "没有找到该预登记，请重新登记。",
                        "That pre-registration was not found. Please register again."};
    }
    return technician_only;
}

constexpr std::optional<Text> citizenText(Errc code) {
    switch (code) {
        case Errc::idempotency_key_required:
            return Text{400, "请求缺少防重复标识，请重新点击。",
                        "The request is missing its tap key. Please tap again."};
        case Errc::rating_invalid:
            return Text{400, "请选择1到5星进行评价。", "Please choose 1 to 5 stars."};
        case Errc::unknown_ticket:
            return Text{404, "没有找到该号码，请核对号票上的号码。",
                        "That ticket number was not found. Please check the number on your ticket."};
        case Errc::ticket_not_served:
            return Text{409, "该号尚未叫号办理，办理后再来评价吧。",
                        "This ticket has not been called yet. Please rate after your service."};
        case Errc::queue_empty:
            return Text{409, "当前没有等候的号。", "Nobody is waiting."};
        case Errc::no_priority_claim:
            return Text{409, "该号没有待核验的优先申请。", "This ticket has no priority claim to confirm."};
        case Errc::ticket_already_called:
            return Text{409, "该号已经叫过号。", "This ticket has been called already."};
        case Errc::nothing_to_complete:
            return Text{409, "该窗口当前没有正在办理的号。", "This window is not serving a ticket."};
        case Errc::camera_preview_off:
            return Text{409, "摄像头画面只在人脸核验时显示。",
                        "The camera picture is shown only during the face check."};
        case Errc::camera_preview_busy:
            return Text{409, "摄像头画面已在另一屏幕显示。",
                        "The camera picture is already shown on another screen."};
        case Errc::technician_disabled:
            return Text{404, "本机未启用维护界面。", "The technician screen is not enabled on this kiosk."};
        case Errc::technician_pin_wrong:
            return Text{401, "维护密码错误，请重新输入。", "Wrong technician PIN. Please try again."};
        case Errc::technician_locked:
            return Text{429, "密码错误次数过多，请稍后再试。",
                        "Too many wrong PINs. Please try again later."};
        case Errc::staff_card_required:
            return Text{409, "请先刷工作人员本人身份证，再在一分钟内输入维护密码。",
                        "Tap your own staff ID card first, then enter the technician PIN within a minute."};
        case Errc::technician_login_required:
            return Text{401, "请先输入维护密码登录。", "Please log in with the technician PIN first."};
        case Errc::priority_needs_technician:
            return Text{403, "优先号请刷身份证预登记，或请工作人员办理。",
                        "For a priority ticket, please tap your ID card to pre-register, or ask the staff."};
    }
    return technician_only;
}

// config, face and ctl codes are about the board, never a citizen's request: technician-only as well (a
// device entry of the citizen's catalog with a calendar_* or face_* code gets no text; ctl's never reach
// yicid).
std::optional<Text> citizenText(ErrorCode code) {
    if (auto e = code.as<base::Errc>()) return citizenText(*e);
    if (auto e = code.as<hal::Errc>()) return citizenText(*e);
    if (auto e = code.as<http::Errc>()) return citizenText(*e);
    if (auto e = code.as<store::Errc>()) return citizenText(*e);
    if (auto e = code.as<privacy::Errc>()) return citizenText(*e);
    if (auto e = code.as<hall::Errc>()) return citizenText(*e);
    if (auto e = code.as<session::Errc>()) return citizenText(*e);
    if (auto e = code.as<ticket::Errc>()) return citizenText(*e);
    if (auto e = code.as<prereg::Errc>()) return citizenText(*e);
    if (auto e = code.as<Errc>()) return citizenText(*e);
    return technician_only;
}

}  // namespace

std::optional<CitizenMessage> findCitizenMessage(ErrorCode code) {
    const std::optional<Text> text = citizenText(code);
    if (!text) return std::nullopt;
    return CitizenMessage{code, text->status, text->zh, text->en};
}

CitizenMessage citizenMessage(ErrorCode code) {
    const http::ErrorText& generic = http::internal_error;
    return findCitizenMessage(code).value_or(CitizenMessage{code, generic.status, generic.zh, generic.en});
}

http::Response errorResponse(const http::Request& request, ErrorCode code) {
    return errorResponse(request, code, {});
}

http::Response errorResponse(const http::Request& request, ErrorCode code, boost::json::object extra) {
    return http::errorResponse(request, citizenMessage(code), std::move(extra));
}

}  // namespace yici::api
