# 64-bit ARM boards (RK3568, Raspberry Pi 4 on a 64-bit OS): cmake --preset aarch64-release.
set(CMAKE_SYSTEM_PROCESSOR aarch64)
set(YICI_TRIPLET aarch64-linux-gnu)
set(YICI_DEBIAN_ARCH arm64)
set(YICI_QEMU_ARCH aarch64)
include(${CMAKE_CURRENT_LIST_DIR}/cross-common.cmake)
