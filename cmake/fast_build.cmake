# Build speed (docs/testing.md): ccache for every preset, shared by every clone on this machine, and the mold linker.
option(YICI_CCACHE "Compile through ccache when it is installed" ON)
find_program(CCACHE ccache)
if(YICI_CCACHE AND CCACHE)
  # Paths under the source root are rewritten relative to the build folder and the build folder is not hashed, so
  # a fresh clone in another folder (CI's) hits what an earlier clone compiled. The cache is ~/.cache/ccache.
  # The sloppiness lets ccache cache the units that use a precompiled header, which is written just before them.
  set(CMAKE_CXX_COMPILER_LAUNCHER ${CMAKE_COMMAND} -E env CCACHE_BASEDIR=${PROJECT_SOURCE_DIR} CCACHE_NOHASHDIR=true
      CCACHE_MAXSIZE=20G CCACHE_SLOPPINESS=pch_defines,time_macros,include_file_mtime,include_file_ctime ${CCACHE})
endif()

# mold links the large sanitizer binaries several times faster than ld.bfd.
include(CheckLinkerFlag)
check_linker_flag(CXX -fuse-ld=mold YICI_HAVE_MOLD)
if(YICI_HAVE_MOLD)
  add_link_options(-fuse-ld=mold)
endif()

# Unity builds: the files of a target are compiled in batches, so the heavy headers (Boost.Asio, Beast, JSON)
# are parsed, instantiated and instrumented once per batch instead of once per file, which halves the CPU time of
# the sanitizer builds (docs/testing.md). CMake's own unity files include sources by absolute path, which would
# make every batch of a clone in another folder miss ccache; these include them relative to the batch file (the
# build folders are inside the source tree), so every clone writes the same batches.
option(YICI_UNITY "Compile each target's files in batches (unity builds)" ON)
set(YICI_UNITY_BATCH 8)

# Batches the C++ sources of every target defined in DIR and below; call once, at the end of the top-level file.
# A source with its own compile definitions (a path given to one file) stays alone.
function(yici_unity_batches dir)
  get_property(subdirs DIRECTORY ${dir} PROPERTY SUBDIRECTORIES)
  foreach(sub IN LISTS subdirs)
    yici_unity_batches(${sub})
  endforeach()
  get_property(targets DIRECTORY ${dir} PROPERTY BUILDSYSTEM_TARGETS)
  foreach(target IN LISTS targets)
    get_target_property(type ${target} TYPE)
    if(NOT type MATCHES "^(STATIC_LIBRARY|EXECUTABLE)$")
      continue()
    endif()
    get_target_property(sources ${target} SOURCES)
    get_target_property(source_dir ${target} SOURCE_DIR)
    get_target_property(binary_dir ${target} BINARY_DIR)
    set(alone "")
    set(batched "")
    foreach(source IN LISTS sources)
      cmake_path(ABSOLUTE_PATH source BASE_DIRECTORY ${source_dir} OUTPUT_VARIABLE path)
      get_source_file_property(defines ${path} DIRECTORY ${source_dir} COMPILE_DEFINITIONS)
      if(path MATCHES "\\.(cpp|cxx)$" AND NOT defines)
        list(APPEND batched ${path})
      else()
        list(APPEND alone ${path})
      endif()
    endforeach()
    list(LENGTH batched count)
    if(count LESS 2)
      continue()
    endif()
    set(unity_dir ${binary_dir}/unity)
    set(batches "")
    math(EXPR last "(${count} - 1) / ${YICI_UNITY_BATCH}")
    foreach(index RANGE ${last})
      math(EXPR first "${index} * ${YICI_UNITY_BATCH}")
      list(SUBLIST batched ${first} ${YICI_UNITY_BATCH} members)
      set(content "")
      foreach(path IN LISTS members)
        file(RELATIVE_PATH relative ${unity_dir} ${path})
        string(APPEND content "#include \"${relative}\"\n")
      endforeach()
      file(CONFIGURE OUTPUT ${unity_dir}/${target}_${index}.cpp CONTENT "${content}")
      list(APPEND batches ${unity_dir}/${target}_${index}.cpp)
    endforeach()
    set_property(TARGET ${target} PROPERTY SOURCES ${alone} ${batches})
  endforeach()
endfunction()

# Precompiled headers: Boost.Asio, Beast and JSON, fmt and spdlog, parsed once per preset instead of in every
# translation unit that includes them (~5 s a unit in the dev build; docs/testing.md). GCC takes a precompiled
# header only when the macros it reads and -fPIC/-fPIE are the same as when it was made, so every user links the
# same definitions (yici_heavy_headers), and libraries and executables get one each when they differ (hardened
# builds). Only targets that include those headers use it: loading it costs the others a second a unit.
option(YICI_PCH "Precompile the heavy third-party headers" ON)
set(YICI_PCH_HEADERS <boost/asio/any_io_executor.hpp> <boost/asio/awaitable.hpp> <boost/asio/co_spawn.hpp>
    <boost/asio/detached.hpp> <boost/asio/io_context.hpp> <boost/asio/ip/tcp.hpp> <boost/asio/redirect_error.hpp>
    <boost/asio/ssl/context.hpp> <boost/asio/steady_timer.hpp> <boost/asio/use_awaitable.hpp>
    <boost/asio/write.hpp> <boost/beast/core/flat_buffer.hpp> <boost/beast/core/tcp_stream.hpp>
    <boost/beast/http.hpp> <boost/json.hpp> <fmt/format.h> <spdlog/spdlog.h> <algorithm> <chrono> <filesystem>
    <map> <memory> <optional> <string> <string_view> <vector>)

# Gives TARGETS the precompiled headers; call once, at the end of the top-level file.
function(yici_precompiled_headers)
  add_library(yici_heavy_headers INTERFACE)
  target_link_libraries(yici_heavy_headers INTERFACE yici_asio Boost::json fmt::fmt spdlog::spdlog)
  foreach(target IN LISTS ARGN)
    target_link_libraries(${target} PRIVATE yici_heavy_headers)
  endforeach()
  if(NOT YICI_PCH)
    return()
  endif()
  set(owner_dir ${PROJECT_BINARY_DIR}/pch)
  file(CONFIGURE OUTPUT ${owner_dir}/library.cpp CONTENT "// The precompiled headers' own unit.\n")
  file(CONFIGURE OUTPUT ${owner_dir}/program.cpp CONTENT "int main() { return 0; }\n")
  add_library(yici_pch_library STATIC EXCLUDE_FROM_ALL ${owner_dir}/library.cpp)
  set(owners yici_pch_library)
  set(executable_owner yici_pch_library)
  if(CMAKE_POSITION_INDEPENDENT_CODE)
    add_executable(yici_pch_program EXCLUDE_FROM_ALL ${owner_dir}/program.cpp)
    list(APPEND owners yici_pch_program)
    set(executable_owner yici_pch_program)
  endif()
  foreach(owner IN LISTS owners)
    target_link_libraries(${owner} PRIVATE yici_flags yici_heavy_headers)
    target_precompile_headers(${owner} PRIVATE ${YICI_PCH_HEADERS})
  endforeach()
  foreach(target IN LISTS ARGN)
    get_target_property(type ${target} TYPE)
    if(type STREQUAL "EXECUTABLE")
      target_precompile_headers(${target} REUSE_FROM ${executable_owner})
    else()
      target_precompile_headers(${target} REUSE_FROM yici_pch_library)
    endif()
  endforeach()
endfunction()
