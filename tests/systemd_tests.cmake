# systemd: the units (systemd/*.service) checked offline, and `respond` under a played manager
# and journal (tests/integration/systemd_service_test.cpp). Included from tests/CMakeLists.txt.
add_test(NAME systemd_units
         COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/systemd/units_test.sh ${PROJECT_SOURCE_DIR}/systemd)
set_tests_properties(systemd_units PROPERTIES LABELS unit SKIP_RETURN_CODE 77 TIMEOUT 120)

if(TARGET pxescope)
  add_executable(systemd_service_test
                 ${CMAKE_CURRENT_SOURCE_DIR}/integration/systemd_service_test.cpp)
  target_include_directories(systemd_service_test PRIVATE ${CMAKE_CURRENT_SOURCE_DIR})
  target_link_libraries(systemd_service_test PRIVATE GTest::gtest_main Threads::Threads)
  target_compile_definitions(systemd_service_test PRIVATE ${PXESCOPE_TEST_DEFS})
  pxescope_strict(systemd_service_test)
  add_dependencies(systemd_service_test pxescope)
  gtest_discover_tests(systemd_service_test DISCOVERY_MODE PRE_TEST
                       PROPERTIES LABELS integration RUN_SERIAL TRUE TIMEOUT 600)
endif()
