# systemd: the units (systemd/*.service) checked offline, and `respond` under a played manager
# and journal (tests/integration/systemd_service_test.cpp). Included from tests/CMakeLists.txt.
add_test(NAME systemd_units
         COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/systemd/units_test.sh ${PROJECT_SOURCE_DIR}/systemd)
set_tests_properties(systemd_units PROPERTIES LABELS unit SKIP_RETURN_CODE 77 TIMEOUT 120)

if(TARGET pxescope)
  pxescope_netns_test(systemd_service_test)
endif()
