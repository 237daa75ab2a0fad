# 32-bit ARM boards (armhf): cmake --preset armhf-release, with tools/make-sysroot --arch armhf and Debian's
# crossbuild-essential-armhf.
set(CMAKE_SYSTEM_PROCESSOR arm)
set(YICI_TRIPLET arm-linux-gnueabihf)
set(YICI_DEBIAN_ARCH armhf)
set(YICI_QEMU_ARCH arm)
include(${CMAKE_CURRENT_LIST_DIR}/cross-common.cmake)
