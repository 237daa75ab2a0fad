# One CTest per test file of a doctest binary (doctest's --source-file filter), so that ctest -j runs the files
# side by side and `ctest -R unit/store/` picks a module's tests (docs/testing.md).
#   yici_doctest_files(TARGET PREFIX LABEL TIMEOUT FILE...)  tests PREFIX/FILE-without-.cpp, label LABEL
function(yici_doctest_files target prefix label timeout)
  foreach(file IN LISTS ARGN)
    if(NOT file MATCHES "_test\\.cpp$")
      continue()  # helpers (main.cpp, fixtures) hold no test case
    endif()
    string(REGEX REPLACE "\\.cpp$" "" name ${file})
    add_test(NAME ${prefix}/${name} COMMAND ${target} --source-file=*/${prefix}/${file})
    set_tests_properties(${prefix}/${name} PROPERTIES LABELS ${label} TIMEOUT ${timeout})
  endforeach()
endfunction()
