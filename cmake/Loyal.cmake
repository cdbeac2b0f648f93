# Shared target settings: warnings as errors, sanitizers, include root.

function(loyal_defaults target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow)
  # Warnings are errors in the Debug and sanitizer builds that `make test` and CI run. Not in
  # Release: GCC 12 at -O3 gives false -Wrestrict / -Wmaybe-uninitialized warnings inside
  # libstdc++ (std::string, std::optional; GCC bugs 105329, 105562), and `make run` must not
  # fail on a compiler's false alarm.
  if(NOT CMAKE_BUILD_TYPE STREQUAL "Release")
    target_compile_options(${target} PRIVATE -Werror)
  endif()
  if(LOYAL_SANITIZE)
    target_compile_options(${target} PRIVATE -fsanitize=address,undefined -fno-omit-frame-pointer
                                             -fno-sanitize-recover=undefined)
    target_link_options(${target} PRIVATE -fsanitize=address,undefined)
  endif()
endfunction()

# loyal_library(NAME [TEST_SUPPORT] SOURCES... [DEPS targets...]): a static library. Unless it
# is TEST_SUPPORT (linked by tests only), it joins the global property LOYAL_APP_LIBRARIES,
# which src/app links into the binary: a new room's libraries need no edit in app/.
function(loyal_library name)
  cmake_parse_arguments(ARG "TEST_SUPPORT" "" "SOURCES;DEPS" ${ARGN})
  if(NOT ARG_TEST_SUPPORT)
    set_property(GLOBAL APPEND PROPERTY LOYAL_APP_LIBRARIES ${name})
  endif()
  add_library(${name} STATIC ${ARG_SOURCES})
  target_include_directories(${name} PUBLIC ${PROJECT_SOURCE_DIR}/src)
  target_link_libraries(${name} PUBLIC ${ARG_DEPS})
  loyal_defaults(${name})
  if(LOYAL_SANITIZE)
    target_link_options(${name} INTERFACE -fsanitize=address,undefined)
  endif()
endfunction()

# loyal_test(NAME SOURCES... [DEPS targets...]): one GoogleTest binary, each test its own ctest case.
function(loyal_test name)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS" ${ARGN})
  add_executable(${name} ${ARG_SOURCES})
  target_link_libraries(${name} PRIVATE ${ARG_DEPS} GTest::gtest GTest::gmock GTest::gtest_main)
  loyal_defaults(${name})
  target_compile_definitions(${name} PRIVATE
    LOYAL_TEST_DATA="${PROJECT_SOURCE_DIR}/testdata"
    LOYAL_BINARY_DIR="${PROJECT_BINARY_DIR}")
  gtest_discover_tests(${name} DISCOVERY_TIMEOUT 120 PROPERTIES TIMEOUT 600)
endfunction()
