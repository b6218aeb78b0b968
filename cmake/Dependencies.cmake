# Third-party libraries, all from Debian 12 packages (scripts/install-deps.sh).
find_package(PkgConfig REQUIRED)
pkg_check_modules(PCAP REQUIRED IMPORTED_TARGET libpcap)
# Display filters' `matches`: PCRE2, the regex library Wireshark uses (libpcre2-dev).
pkg_check_modules(PCRE2 REQUIRED IMPORTED_TARGET libpcre2-8)
# Export Objects' sha256: nettle (nettle-dev), the hash library GnuTLS uses.
pkg_check_modules(NETTLE REQUIRED IMPORTED_TARGET nettle)

# libtins ships no CMake config on Debian 12. Its headers must be included as
# <tins/tins.h>: /usr/include/tins itself never goes on the include path, because its
# config.h and utils.h would shadow other headers.
find_path(TINS_INCLUDE_DIR NAMES tins/tins.h REQUIRED)
find_library(TINS_LIBRARY NAMES tins REQUIRED)
if(NOT TARGET tins::tins)
  add_library(tins::tins UNKNOWN IMPORTED)
  set_target_properties(tins::tins PROPERTIES IMPORTED_LOCATION "${TINS_LIBRARY}")
  if(NOT TINS_INCLUDE_DIR STREQUAL "/usr/include")
    set_target_properties(tins::tins PROPERTIES INTERFACE_INCLUDE_DIRECTORIES "${TINS_INCLUDE_DIR}")
  endif()
endif()

find_package(CLI11 CONFIG REQUIRED)
find_package(nlohmann_json 3 CONFIG REQUIRED)
find_package(Threads REQUIRED)
