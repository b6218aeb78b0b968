# Issue 14 §3: man pages and completions against --help (label "package"; `.ci/run` runs
# them with everything else).
set(PACKAGE_TEST_DIR ${CMAKE_CURRENT_SOURCE_DIR}/package)
add_test(NAME package_man_pages
         COMMAND ${PACKAGE_TEST_DIR}/man_pages_test.sh ${CMAKE_RUNTIME_OUTPUT_DIRECTORY}
                 ${CMAKE_BINARY_DIR}/man ${PROJECT_SOURCE_DIR}/docs/man)
add_test(NAME package_man_pages_self_test
         COMMAND ${PACKAGE_TEST_DIR}/man_pages_test.sh ${CMAKE_RUNTIME_OUTPUT_DIRECTORY}
                 ${CMAKE_BINARY_DIR}/man ${PROJECT_SOURCE_DIR}/docs/man --self-test)
add_test(NAME package_completion
         COMMAND ${PACKAGE_TEST_DIR}/completion_test.sh ${CMAKE_RUNTIME_OUTPUT_DIRECTORY}
                 ${CMAKE_BINARY_DIR}/man)
set_tests_properties(package_man_pages package_man_pages_self_test package_completion
                     PROPERTIES LABELS "package;unit" TIMEOUT 300)
