# Third-party libraries, all from Debian packages (tools/setup installs them).
find_package(Boost 1.81 REQUIRED CONFIG COMPONENTS json url)
find_package(spdlog REQUIRED)
find_package(fmt REQUIRED)
find_package(CLI11 2.1 REQUIRED CONFIG)  # yicictl's command line (header-only)
find_package(OpenCV 4.6 REQUIRED COMPONENTS core imgproc imgcodecs videoio objdetect wechat_qrcode)
find_package(PkgConfig REQUIRED)
pkg_check_modules(libusb REQUIRED IMPORTED_TARGET libusb-1.0)
pkg_check_modules(qrencode REQUIRED IMPORTED_TARGET libqrencode)
pkg_check_modules(sqlite3 REQUIRED IMPORTED_TARGET sqlite3)
pkg_check_modules(freetype REQUIRED IMPORTED_TARGET freetype2)
pkg_check_modules(tomlplusplus REQUIRED IMPORTED_TARGET tomlplusplus)
pkg_check_modules(sodium REQUIRED IMPORTED_TARGET libsodium)
pkg_check_modules(libsystemd REQUIRED IMPORTED_TARGET libsystemd)
find_package(OpenSSL REQUIRED)
find_package(Threads REQUIRED)

# Boost.Asio is header-only; one definition set for every target.
add_library(yici_asio INTERFACE)
target_link_libraries(yici_asio INTERFACE Boost::headers Threads::Threads)
target_compile_definitions(yici_asio INTERFACE BOOST_ASIO_NO_DEPRECATED)

find_path(DOCTEST_INCLUDE_DIR doctest/doctest.h REQUIRED)
