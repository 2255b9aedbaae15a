# nr_add_test(NAME name SOURCES a.c [b.c ...])
# One Criterion executable per test file, registered with ctest. Criterion's
# parameterised tests crash under PIE, so tests are linked non-PIE. A sanitizer
# report does not fail a Criterion test by itself: the regex below makes it fail.
function(nr_add_test)
  cmake_parse_arguments(T "" "NAME" "SOURCES" ${ARGN})
  add_executable(${T_NAME} ${T_SOURCES})
  target_link_libraries(${T_NAME} PRIVATE netrota PkgConfig::CRITERION)
  target_compile_definitions(${T_NAME} PRIVATE
    NR_TEST_DATA="${PROJECT_SOURCE_DIR}/tests/data"
    NR_SOURCE_DIR="${PROJECT_SOURCE_DIR}")
  set_target_properties(${T_NAME} PROPERTIES POSITION_INDEPENDENT_CODE OFF)
  target_link_options(${T_NAME} PRIVATE -no-pie)
  add_test(NAME ${T_NAME} COMMAND ${T_NAME} --jobs 1)
  set_tests_properties(${T_NAME} PROPERTIES
    FAIL_REGULAR_EXPRESSION "ERROR: (AddressSanitizer|LeakSanitizer)|runtime error:"
    TIMEOUT 300)
endfunction()

# nr_module(): add every .c in the calling folder to libnetrota, and make each
# *_test.c a Criterion test named test_<folder>_<file>. Globbing keeps module
# owners from editing a shared list; CONFIGURE_DEPENDS re-globs on build.
function(nr_module)
  get_filename_component(_mod "${CMAKE_CURRENT_SOURCE_DIR}" NAME)
  file(GLOB _all CONFIGURE_DEPENDS "${CMAKE_CURRENT_SOURCE_DIR}/*.c")
  set(_src "")
  set(_tests "")
  foreach(_f IN LISTS _all)
    if(_f MATCHES "_test\\.c$")
      list(APPEND _tests "${_f}")
    else()
      list(APPEND _src "${_f}")
    endif()
  endforeach()
  if(_src)
    target_sources(netrota PRIVATE ${_src})
  endif()
  if(NETROTA_TESTS)
    foreach(_t IN LISTS _tests)
      get_filename_component(_n "${_t}" NAME_WE)
      nr_add_test(NAME test_${_mod}_${_n} SOURCES "${_t}")
    endforeach()
  endif()
endfunction()
