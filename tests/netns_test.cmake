# pxescope_netns_test(NAME [LIBS lib...] [DEPENDS target...]): integration/NAME.cpp, a test that
# runs the pxescope binary in throw-away network namespaces. Label integration, one at a time
# (namespaces, ports and the shared ARP table), 10 minutes at most; it skips itself without root.
function(pxescope_netns_test name)
  cmake_parse_arguments(PARSE_ARGV 1 arg "" "" "LIBS;DEPENDS")
  add_executable(${name} ${CMAKE_CURRENT_SOURCE_DIR}/integration/${name}.cpp)
  target_include_directories(${name} PRIVATE ${PROJECT_SOURCE_DIR} ${CMAKE_CURRENT_SOURCE_DIR})
  target_link_libraries(${name} PRIVATE ${arg_LIBS} GTest::gtest_main Threads::Threads)
  target_compile_definitions(${name} PRIVATE ${PXESCOPE_TEST_DEFS})
  pxescope_strict(${name})
  add_dependencies(${name} pxescope ${arg_DEPENDS})
  gtest_discover_tests(${name} DISCOVERY_MODE PRE_TEST
                       PROPERTIES LABELS integration RUN_SERIAL TRUE TIMEOUT 600)
endfunction()
