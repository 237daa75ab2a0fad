# Compiler flags shared by every target of ours: warnings as errors, sanitizers, hardening.
add_library(yici_flags INTERFACE)
target_compile_options(yici_flags INTERFACE
  -Wall -Wextra -Wshadow -Wnon-virtual-dtor -Wconversion -Wold-style-cast -Wsuggest-override -Werror
  # g++ 12 at -O2 misreads Asio's coroutine frame allocator (operator new/delete of awaitable_frame_base).
  $<$<CXX_COMPILER_ID:GNU>:-Wno-mismatched-new-delete>
  # g++ 12 says a coroutine frame's lambda member "has no linkage" once the file is #included (a unity batch).
  $<$<AND:$<CXX_COMPILER_ID:GNU>,$<BOOL:${YICI_UNITY}>>:-Wno-subobject-linkage>)

if(YICI_SANITIZE)
  add_compile_options(-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
  add_link_options(-fsanitize=address,undefined)
endif()

if(YICI_TSAN)
  if(YICI_SANITIZE)
    message(FATAL_ERROR "YICI_TSAN and YICI_SANITIZE cannot be on together (ThreadSanitizer excludes ASan)")
  endif()
  # -Wno-tsan: g++ 12 warns that TSan does not model std::atomic_thread_fence, which Asio's fenced_block uses
  # around handlers; Asio's scheduler also hands handlers over under a mutex, which TSan does see.
  add_compile_options(-fsanitize=thread -fno-omit-frame-pointer $<$<CXX_COMPILER_ID:GNU>:-Wno-tsan>)
  add_link_options(-fsanitize=thread)
endif()

if(YICI_HARDEN)
  add_compile_options(-fstack-protector-strong -U_FORTIFY_SOURCE -D_FORTIFY_SOURCE=2)
  add_link_options(-Wl,-z,relro,-z,now)
  # PIE executables, PIC shared libraries (the test plug-in): CMake picks the right flag for each.
  include(CheckPIESupported)
  check_pie_supported()
  set(CMAKE_POSITION_INDEPENDENT_CODE ON)
endif()

# Debug information. tools/test turns it off for the release and aarch64 builds, where it costs a third of the
# compile time: -g does not change the code GCC generates (GCC's -fcompare-debug checks that), and what ships is
# stripped (CPACK_STRIP_FILES, tools/make-bundle's install --strip), so those builds test the code that ships.
option(YICI_DEBUG_INFO "Emit debug information in the build type's flags" ON)
if(NOT YICI_DEBUG_INFO)
  add_compile_options(-g0)
endif()
