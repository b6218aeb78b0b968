# Issue 14 §1/§3: man pages and completions against --help, and the Debian packages
# (label "package"; `.ci/run` runs them with everything else). The package tests build the
# .debs from this build tree with cpack into build/debs (fixture "debs"), so they need the
# whole build first; the sanitizer build does not package.
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
add_test(NAME package_conf_example
         COMMAND ${PACKAGE_TEST_DIR}/conf_example_test.sh ${CMAKE_RUNTIME_OUTPUT_DIRECTORY}
                 ${PROJECT_SOURCE_DIR}/packaging/pxescope.conf)
set_tests_properties(package_man_pages package_man_pages_self_test package_completion
                     package_conf_example
                     PROPERTIES LABELS "package;unit" TIMEOUT 300)
if(NOT PXESCOPE_SANITIZE)
  set(DEB_DIR ${CMAKE_BINARY_DIR}/debs)
  add_test(NAME package_build
           COMMAND ${PACKAGE_TEST_DIR}/package_build_test.sh ${CMAKE_BINARY_DIR} ${DEB_DIR})
  add_test(NAME package_lintian
           COMMAND ${PACKAGE_TEST_DIR}/package_lintian_test.sh ${DEB_DIR}
                   ${PROJECT_SOURCE_DIR}/packaging/lintian-warnings-kept)
  add_test(NAME package_install
           COMMAND ${PACKAGE_TEST_DIR}/package_install_test.sh ${CMAKE_BINARY_DIR} ${DEB_DIR}
                   ${PROJECT_SOURCE_DIR})
  set_tests_properties(package_build PROPERTIES LABELS package FIXTURES_SETUP debs TIMEOUT 900)
  set_tests_properties(package_lintian PROPERTIES LABELS package FIXTURES_REQUIRED debs TIMEOUT 900)
  # RUN_SERIAL: while /usr/bin/pxescope is installed, no other test runs.
  set_tests_properties(package_install PROPERTIES LABELS package FIXTURES_REQUIRED debs
                       RUN_SERIAL TRUE SKIP_RETURN_CODE 77 TIMEOUT 900)
endif()
