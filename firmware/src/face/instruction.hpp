// What the screen tells the citizen during the face check: a stable code and a plain sentence in Chinese and
// English. The UI shows the sentence; logs and tests use the code.
#pragma once

#include <string_view>

namespace yici::face {

struct Instruction {
    std::string_view code;  // snake_case, stable
    std::string_view message_zh;
    std::string_view message_en;

    friend bool operator==(const Instruction& a, const Instruction& b) { return a.code == b.code; }
};

// Quality gates, in the order they are checked.
inline constexpr Instruction face_not_found{"face_not_found", "请正对屏幕", "Please look at the screen"};
inline constexpr Instruction face_multiple{"face_multiple", "请一人核验", "Only one person please"};
inline constexpr Instruction face_too_small{"face_too_small", "请靠近一些", "Please move closer"};
inline constexpr Instruction face_not_central{"face_not_central", "请移到画面中间",
                                              "Please move to the centre"};
inline constexpr Instruction face_too_dark{"face_too_dark", "光线太暗，请面向灯光",
                                           "It is too dark — please face the light"};
inline constexpr Instruction face_too_bright{"face_too_bright", "光线太亮，请避开强光",
                                             "It is too bright — please move out of the strong light"};
inline constexpr Instruction face_not_sharp{"face_not_sharp", "请保持不动", "Please hold still"};

// Liveness.
inline constexpr Instruction face_checking{"face_checking", "正在核验，请看屏幕",
                                           "Checking — please look at the screen"};
inline constexpr Instruction face_no_live_change{"face_no_live_change", "请眨眨眼或轻轻转头",
                                                 "Please blink or turn your head slightly"};

// Results.
inline constexpr Instruction face_matched{"face_matched", "核验通过", "Verified"};
inline constexpr Instruction face_not_matched{"face_not_matched", "核验未通过，请联系工作人员",
                                              "Not verified — please ask the staff"};
inline constexpr Instruction face_check_unavailable{"face_check_unavailable",
                                                    "人脸核验暂不可用，工作人员将为您核验",
                                                    "Face check unavailable — staff will verify"};
inline constexpr Instruction face_timed_out{"face_timed_out", "核验超时，工作人员将为您核验",
                                            "The face check took too long — staff will verify"};

}  // namespace yici::face
