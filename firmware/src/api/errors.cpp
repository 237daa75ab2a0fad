// Every error code the citizen API can answer with, and what the citizen is told.
#include "api/errors.hpp"

#include <boost/json/object.hpp>

#include <algorithm>
#include <array>

namespace yici::api {
namespace {

constexpr std::array<CitizenMessage, 53> messages = {{
    http::bad_request,
    {"idempotency_key_required", 400, "请求缺少防重复标识，请重新点击。",
     "The request is missing its tap key. Please tap again."},
    {"unknown_service", 404, "没有找到该事项，请重新选择。",
     "This service was not found. Please choose again."},
    http::not_found,
    {"camera_preview_off", 409, "摄像头画面只在人脸核验时显示。",
     "The camera picture is shown only during the face check."},
    {"camera_preview_busy", 409, "摄像头画面已在另一屏幕显示。",
     "The camera picture is already shown on another screen."},
    http::method_not_allowed,
    http::payload_too_large,
    {"category_closed", 409, "该业务当前不在取号时间，请留意开放时间。",
     "This service is not issuing tickets now. Please check the opening hours."},
    {"card_select_failed", 409, "请将身份证平放在读卡区，不要移动。",
     "Please place the card flat on the reader and hold it still."},
    {"card_read_failed", 409, "无法读取证件，请到人工窗口办理。",
     "The card cannot be read. Please go to the staffed desk."},
    {"wrong_card", 409, "无法识别此卡，请放置第二代居民身份证或居住证。",
     "This card is not recognised. Please use a resident ID card or residence permit."},
    {"card_expired", 409, "您的证件已过期，请到人工窗口办理。",
     "Your card has expired. Please go to the staffed desk."},
    {"card_number_invalid", 409, "证件信息无法核验，请到人工窗口办理。",
     "The card's details cannot be verified. Please go to the staffed desk."},
    {"ticket_voided", 409, "刚才的号票未能打印，已作废，请重新点击取号。",
     "Your last ticket could not be printed and was cancelled. Please tap again."},
    {"ticket_printing", 409, "您的号票正在打印，请稍候取票。",
     "Your ticket is being printed. Please wait for it."},
    {"no_session", 409, "请先将身份证放在读卡区，或选择“无身份证办理”。",
     "Please place your ID card on the reader first, or choose \"no ID card\"."},
    {"flow_step_invalid", 409, "请按屏幕提示逐步操作。", "Please follow the steps on the screen."},
    {"card_required", 409, "该事项需要本人身份证，请将身份证放在读卡区。",
     "This service needs your ID card. Please place it on the reader."},
    {"mobile_invalid", 400, "手机号码格式不正确，请输入11位手机号码。",
     "That mobile number is not valid. Please enter an 11-digit mobile number."},
    {"field_invalid", 400, "填写的内容格式不正确，请检查后重新输入。",
     "Something you entered is not in the right format. Please check it."},
    {"appointment_code_invalid", 400, "预约码格式不正确，请核对后重新输入。",
     "That appointment code is not valid. Please check it."},
    {"registration_in_progress", 409, "正在为您登记，请稍候。", "We are registering you. Please wait."},
    {"registration_unavailable", 503, "预登记暂不可用，请直接取号或到入口预登记窗口。",
     "Pre-registration is not available now. Please take a ticket or go to the pre-registration desk."},
    {"unknown_ticket", 404, "没有找到该号码，请核对号票上的号码。",
     "That ticket number was not found. Please check the number on your ticket."},
    {"ticket_not_served", 409, "该号尚未叫号办理，办理后再来评价吧。",
     "This ticket has not been called yet. Please rate after your service."},
    {"already_rated", 409, "该号已经评价过了，感谢您的反馈。", "This ticket was already rated. Thank you."},
    {"rating_invalid", 400, "请选择1到5星进行评价。", "Please choose 1 to 5 stars."},
    {"privacy_record_unreadable", 503, "登记信息暂时无法读取，请到入口预登记窗口。",
     "Your registration cannot be read now. Please go to the pre-registration desk."},
    {"unknown_registration", 404, "没有找到该预登记，请重新登记。",
     "That pre-registration was not found. Please register again."},
    {"queue_empty", 409, "当前没有等候的号。", "Nobody is waiting."},
    {"nothing_to_complete", 409, "该窗口当前没有正在办理的号。", "This window is not serving a ticket."},
    {"ticket_numbers_exhausted", 409, "该业务今日号码已取完，请到预登记窗口咨询。",
     "All of today's numbers for this service are taken. Please ask at the pre-registration desk."},
    {"printer_out_of_paper", 503, "取号机暂时缺纸，请到入口预登记窗口，工作人员会为您取号。",
     "The kiosk is out of paper. Please go to the pre-registration desk at the entrance; staff will give you "
     "a ticket."},
    {"printer_cover_open", 503, "取号机打印机盖未关好，请到入口预登记窗口取号。",
     "The printer cover is open. Please get your ticket at the pre-registration desk."},
    {"printer_jam", 503, "取号机卡纸，请到入口预登记窗口取号。",
     "The printer has a paper jam. Please get your ticket at the pre-registration desk."},
    {"printer_error", 503, "取号机打印故障，请到入口预登记窗口取号。",
     "The printer has a fault. Please get your ticket at the pre-registration desk."},
    {"printer_offline", 503, "取号机打印机离线，请到入口预登记窗口取号。",
     "The printer is offline. Please get your ticket at the pre-registration desk."},
    {"printer_unreachable", 503, "取号机打印机未连接，请到入口预登记窗口取号。",
     "The printer is not connected. Please get your ticket at the pre-registration desk."},
    {"printer_timeout", 503, "取号机打印机无响应，请到入口预登记窗口取号。",
     "The printer does not respond. Please get your ticket at the pre-registration desk."},
    {"printer_protocol_error", 503, "取号机打印机通信异常，请到入口预登记窗口取号。",
     "The printer is not answering correctly. Please get your ticket at the pre-registration desk."},
    {"printer_not_connected", 503, "取号机打印机尚未就绪，请稍候或到入口预登记窗口取号。",
     "The printer is not ready yet. Please wait or go to the pre-registration desk."},
    {"printer_no_status", 503, "取号机打印机无法报告纸张状态，请到入口预登记窗口取号。",
     "The printer cannot report its paper status. Please get your ticket at the pre-registration desk."},
    {"printer_unsupported", 503, "取号机打印机型号不受支持，请到入口预登记窗口取号。",
     "The printer model is not supported. Please get your ticket at the pre-registration desk."},
    {"ticket_render_failed", 503, "取号机无法生成号票，请到入口预登记窗口取号。",
     "The kiosk could not prepare your ticket. Please get your ticket at the pre-registration desk."},
    {"driver_unavailable", 503, "取号机未配置打印机，请到入口预登记窗口取号。",
     "This kiosk has no printer. Please get your ticket at the pre-registration desk."},
    {"storage_full", 503, "取号机存储已满，暂停取号，请到入口预登记窗口。",
     "The kiosk's storage is full. Please go to the pre-registration desk."},
    {"storage_io_error", 503, "取号机存储故障，暂停取号，请到入口预登记窗口。",
     "The kiosk's storage has failed. Please go to the pre-registration desk."},
    {"storage_error", 503, "取号机暂时无法保存号码，请到入口预登记窗口。",
     "The kiosk cannot save tickets right now. Please go to the pre-registration desk."},
    // The technician screen's own answers.
    {"technician_disabled", 404, "本机未启用维护界面。",
     "The technician screen is not enabled on this kiosk."},
    {"technician_pin_wrong", 401, "维护密码错误，请重新输入。", "Wrong technician PIN. Please try again."},
    {"technician_locked", 429, "密码错误次数过多，请稍后再试。",
     "Too many wrong PINs. Please try again later."},
    {"technician_login_required", 401, "请先输入维护密码登录。",
     "Please log in with the technician PIN first."},
}};

static_assert(std::none_of(messages.begin(), messages.end(),
                           [](const CitizenMessage& m) { return m.code.empty(); }),
              "the array size is larger than its entries");

constexpr const CitizenMessage& fallback = http::internal_error;

}  // namespace

const CitizenMessage* findCitizenMessage(std::string_view code) {
    auto it = std::find_if(messages.begin(), messages.end(),
                           [&](const CitizenMessage& m) { return m.code == code; });
    return it == messages.end() ? nullptr : &*it;
}

const CitizenMessage& citizenMessage(std::string_view code) {
    const CitizenMessage* m = findCitizenMessage(code);
    return m == nullptr ? fallback : *m;
}

http::Response errorResponse(const http::Request& request, std::string_view code) {
    return errorResponse(request, code, {});
}

http::Response errorResponse(const http::Request& request, std::string_view code, boost::json::object extra) {
    const CitizenMessage& m = citizenMessage(code);
    // An unknown code keeps its name, with the "please ask staff" text and 500.
    return http::errorResponse(request, m, std::move(extra), m.code == fallback.code ? code : m.code);
}

}  // namespace yici::api
