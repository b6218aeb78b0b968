# Read by cpack when it packages (CPACK_PROJECT_CONFIG_FILE), after any `cpack -D`: the
# packages of one build depend on each other at exactly the version being built, so
# `cpack -D CPACK_DEBIAN_PACKAGE_RELEASE=2` makes a consistent upgrade (the install test does).
set(_pxescope_version "${CPACK_PACKAGE_VERSION}-${CPACK_DEBIAN_PACKAGE_RELEASE}")
set(CPACK_DEBIAN_GUI_PACKAGE_DEPENDS "pxescope (= ${_pxescope_version})")
set(CPACK_DEBIAN_LAB_PACKAGE_DEPENDS "pxescope (= ${_pxescope_version}), ${CPACK_PXESCOPE_LAB_TOOLS}")
