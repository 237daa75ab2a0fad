# Build speed (docs/testing.md): ccache for every preset, shared by every clone on this machine, and the mold linker.
option(YICI_CCACHE "Compile through ccache when it is installed" ON)
find_program(CCACHE ccache)
if(YICI_CCACHE AND CCACHE)
  # Paths under the source root are rewritten relative to the build folder and the build folder is not hashed, so
  # a fresh clone in another folder (CI's) hits what an earlier clone compiled. The cache is ~/.cache/ccache.
  set(CMAKE_CXX_COMPILER_LAUNCHER ${CMAKE_COMMAND} -E env CCACHE_BASEDIR=${PROJECT_SOURCE_DIR} CCACHE_NOHASHDIR=true
      CCACHE_MAXSIZE=20G ${CCACHE})
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
