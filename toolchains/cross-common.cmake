# Shared by the toolchain files: Debian's cross compiler for YICI_TRIPLET against a sysroot from
# tools/make-sysroot (YICI_SYSROOT, default /var/cache/yici/sysroot-ARCH), tests run through qemu-user.
set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_C_COMPILER ${YICI_TRIPLET}-gcc-12)
set(CMAKE_CXX_COMPILER ${YICI_TRIPLET}-g++-12)
if(NOT YICI_SYSROOT)
  set(YICI_SYSROOT /var/cache/yici/sysroot-${YICI_DEBIAN_ARCH})
endif()
if(NOT EXISTS ${YICI_SYSROOT}/usr/lib/${YICI_TRIPLET})
  message(FATAL_ERROR "no ${YICI_DEBIAN_ARCH} sysroot at ${YICI_SYSROOT}: run tools/make-sysroot --arch ${YICI_DEBIAN_ARCH}")
endif()
set(CMAKE_SYSROOT ${YICI_SYSROOT})
set(CMAKE_FIND_ROOT_PATH ${YICI_SYSROOT})
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)
set(ENV{PKG_CONFIG_SYSROOT_DIR} ${YICI_SYSROOT})
set(ENV{PKG_CONFIG_LIBDIR} ${YICI_SYSROOT}/usr/lib/${YICI_TRIPLET}/pkgconfig:${YICI_SYSROOT}/usr/share/pkgconfig)
# The sysroot's libraries find their own dependencies at link time.
set(CMAKE_EXE_LINKER_FLAGS_INIT "-Wl,-rpath-link,${YICI_SYSROOT}/usr/lib/${YICI_TRIPLET}")
set(CMAKE_SHARED_LINKER_FLAGS_INIT "-Wl,-rpath-link,${YICI_SYSROOT}/usr/lib/${YICI_TRIPLET}")
# ctest runs the target's binaries with the sysroot's own loader and libc (UPDATES.md: never -L /usr/TRIPLET).
set(CMAKE_CROSSCOMPILING_EMULATOR qemu-${YICI_QEMU_ARCH}-static;-L;${YICI_SYSROOT})
