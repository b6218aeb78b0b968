# pxescope_library(NAME SOURCES src... [OURS lib...] [PUBLIC_LIBS lib...] [PRIVATE_LIBS lib...])
#
# One of the project's libraries, compiled once (NAME_objects, position-independent) and
# linked two ways:
# - NAME (static, alias pxescope::SHORT): the products and the benchmarks. `pxescope respond`
#   keeps its small resident size (bench/README.md) and the packages ship no .so.
# - NAME_shared (alias pxescope::SHORT_for_tests): the tests. Around 200 test executables
#   each carried a full copy of the libraries and their debug information (about 7 GB in the
#   ASan build, 4 GB in the release one); CI's disk ran out. Shared, each test is a few MB
#   and links in a fraction of the time. PXESCOPE_TESTS_SHARED=OFF links tests statically.
# OURS names the project libraries this one uses (their pxescope_ name, e.g. pxescope_analyzer):
# each variant links the same variant of them, so no process holds two copies of a library.
option(PXESCOPE_TESTS_SHARED "Link the tests against shared builds of the project libraries" ON)

function(pxescope_library name)
  cmake_parse_arguments(PARSE_ARGV 1 arg "" "ALIAS" "SOURCES;OURS;PUBLIC_LIBS;PRIVATE_LIBS")
  set(objects ${name}_objects)
  add_library(${objects} OBJECT ${arg_SOURCES})
  # -fno-semantic-interposition: PIC code still inlines and calls our own functions directly,
  # as the executables' PIE code did before.
  set_target_properties(${objects} PROPERTIES POSITION_INDEPENDENT_CODE ON)
  target_compile_options(${objects} PRIVATE -fno-semantic-interposition)
  target_include_directories(${objects} PUBLIC ${PROJECT_SOURCE_DIR})
  foreach(dep ${arg_OURS})  # usage requirements only: an object library links no objects
    target_link_libraries(${objects} PUBLIC ${dep}_objects)
  endforeach()
  target_link_libraries(${objects} PUBLIC ${arg_PUBLIC_LIBS} PRIVATE ${arg_PRIVATE_LIBS})
  pxescope_strict(${objects})

  add_library(${name} STATIC)
  add_library(${name}_shared SHARED)
  foreach(variant ${name} ${name}_shared)
    target_link_libraries(${variant} PUBLIC ${objects} ${arg_PUBLIC_LIBS}
                          PRIVATE ${arg_PRIVATE_LIBS})
  endforeach()
  foreach(dep ${arg_OURS})
    target_link_libraries(${name} PUBLIC ${dep})
    target_link_libraries(${name}_shared PUBLIC ${dep}_shared)
  endforeach()
  # Built only when a test needs it.
  set_target_properties(${name}_shared PROPERTIES LIBRARY_OUTPUT_DIRECTORY ${CMAKE_BINARY_DIR}/lib
                                                  EXCLUDE_FROM_ALL ON)

  if(arg_ALIAS)
    add_library(pxescope::${arg_ALIAS} ALIAS ${name})
    if(PXESCOPE_TESTS_SHARED)
      add_library(pxescope::${arg_ALIAS}_for_tests ALIAS ${name}_shared)
    else()
      add_library(pxescope::${arg_ALIAS}_for_tests ALIAS ${name})
    endif()
  endif()
endfunction()
