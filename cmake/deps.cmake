# Third-party libraries, all from Debian packages (tools/setup installs them).
find_package(Boost 1.81 REQUIRED CONFIG COMPONENTS json url)
find_package(spdlog REQUIRED)
find_package(fmt REQUIRED)
find_package(CLI11 2.1 REQUIRED CONFIG)  # yicictl's command line (header-only)
# yicid links core, imgproc, objdetect and dnn only; imgcodecs, videoio and wechat_qrcode are for yici-devsim and
# the tests (issue #18: imgcodecs and videoio load some 240 libraries, wechat_qrcode's package Qt and HDF5).
find_package(OpenCV 4.6 REQUIRED COMPONENTS core imgproc imgcodecs videoio objdetect dnn wechat_qrcode)
find_package(PkgConfig REQUIRED)
pkg_check_modules(libusb REQUIRED IMPORTED_TARGET libusb-1.0)
pkg_check_modules(qrencode REQUIRED IMPORTED_TARGET libqrencode)
pkg_check_modules(sqlite3 REQUIRED IMPORTED_TARGET sqlite3)
pkg_check_modules(freetype REQUIRED IMPORTED_TARGET freetype2)
pkg_check_modules(tomlplusplus REQUIRED IMPORTED_TARGET tomlplusplus)
pkg_check_modules(sodium REQUIRED IMPORTED_TARGET libsodium)
pkg_check_modules(libsystemd REQUIRED IMPORTED_TARGET libsystemd)
pkg_check_modules(turbojpeg REQUIRED IMPORTED_TARGET libturbojpeg)
pkg_check_modules(libpng REQUIRED IMPORTED_TARGET libpng)
pkg_check_modules(zbar REQUIRED IMPORTED_TARGET zbar)
find_package(OpenSSL REQUIRED)
find_package(Threads REQUIRED)

# Boost.Asio and Boost.Beast in their separate-compilation modes: their implementation is compiled once, here,
# instead of in every translation unit that includes them (docs/testing.md). Every target that includes Asio
# links yici_asio, and so gets the same definitions; yici_asio_ssl adds Asio's TLS part for those that use it.
set(boost_src ${PROJECT_BINARY_DIR}/boost-src)
file(CONFIGURE OUTPUT ${boost_src}/asio.cpp CONTENT "#include <boost/asio/impl/src.hpp>\n")
file(CONFIGURE OUTPUT ${boost_src}/beast.cpp CONTENT "#include <boost/beast/src.hpp>\n")
file(CONFIGURE OUTPUT ${boost_src}/asio_ssl.cpp CONTENT "#include <boost/asio/ssl/impl/src.hpp>\n")
add_library(yici_asio_impl STATIC ${boost_src}/asio.cpp ${boost_src}/beast.cpp)
target_link_libraries(yici_asio_impl PUBLIC Boost::headers Threads::Threads)
target_compile_definitions(yici_asio_impl PUBLIC BOOST_ASIO_NO_DEPRECATED BOOST_ASIO_SEPARATE_COMPILATION
                                                 BOOST_BEAST_SEPARATE_COMPILATION)
add_library(yici_asio INTERFACE)
target_link_libraries(yici_asio INTERFACE yici_asio_impl)
add_library(yici_asio_ssl STATIC ${boost_src}/asio_ssl.cpp)
target_link_libraries(yici_asio_ssl PUBLIC yici_asio OpenSSL::SSL)

find_path(DOCTEST_INCLUDE_DIR doctest/doctest.h REQUIRED)
