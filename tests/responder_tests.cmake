# Responder tests beyond the unit ones (included from tests/CMakeLists.txt).

# responder_replay_test runs `pxescope respond --replay`: build the binary first.
if(TARGET pxescope AND TARGET responder_replay_test)
  add_dependencies(responder_replay_test pxescope)
endif()

# Network-namespace tests of `pxescope respond` with a libtins client. LABELS integration;
# they skip without root.
if(TARGET pxescope)
  pxescope_netns_test(responder_netns_test LIBS tins::tins)

  # DHCPv6 answered in network namespaces (responder/dhcp6/): stateless, full, relay, malformed.
  pxescope_netns_test(dhcp6_respond_test LIBS tins::tins)
  if(TARGET pxescope-probe)
    add_dependencies(dhcp6_respond_test pxescope-probe)
  endif()

  # DHCPv6 on several interfaces of one process (root, ip; pxescope-probe -6).
  pxescope_netns_test(dhcp6_interfaces_netns_test)
  if(TARGET pxescope-probe)
    add_dependencies(dhcp6_interfaces_netns_test pxescope-probe)
  endif()

  # What the running responder keeps (capabilities, user) and which files it touches.
  pxescope_netns_test(responder_privileges_test)

  # The HTTP service end to end with curl in network namespaces (root, ip, curl).
  pxescope_netns_test(http_respond_test LIBS pxescope::responder_for_tests)

  # The DHCPv6 start-up check against dnsmasq in network namespaces (root, dnsmasq).
  pxescope_netns_test(dhcp6_check_netns_test LIBS pxescope::responder_for_tests)

  # enable-ra's advertiser on a veth link (root).
  pxescope_netns_test(router_advertiser_netns_test LIBS pxescope::responder_for_tests)

  # Kernel mode end to end: script, kernel and initrds over HTTP, iPXE over TFTP (root, curl).
  pxescope_netns_test(kernel_mode_respond_test)

  # Real firmware in QEMU against `pxescope respond`, through the project's own lab (lab/).
  # `ctest -L realboot`; each boot takes 20-60 s under TCG; exit 77 = SKIP (the lab names what is
  # missing: root, /dev/net/tun, ip netns, QEMU or a package).
  foreach(case bios uefi uefi-ipxe bios-seed-config bios-no-router uefi-secureboot
               uefi-secureboot-unsigned)
    add_test(NAME realboot_${case}
             COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/realboot/realboot_case.sh ${case}
                     $<TARGET_FILE:pxescope>)
    set_tests_properties(realboot_${case} PROPERTIES LABELS realboot SKIP_RETURN_CODE 77
                         RUN_SERIAL TRUE TIMEOUT 400)
  endforeach()
  # Debian's netboot installer up to its first screen on the serial console (issue 11 §3), and the
  # proxyDHCP + GRUB trap. Labels installer and realboot: QEMU, so the ASan pass leaves them out.
  foreach(case bios-pxelinux uefi-shim-grub uefi-secureboot-shim-grub uefi-proxy-grub-trap)
    add_test(NAME installer_${case}
             COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/realboot/installer_case.sh ${case}
                     $<TARGET_FILE:pxescope>)
    set_tests_properties(installer_${case} PROPERTIES LABELS "installer;realboot"
                         SKIP_RETURN_CODE 77 RUN_SERIAL TRUE TIMEOUT 600)
  endforeach()
  # arm64 (AAVMF) to the installer's screen: every instruction emulated, so labelled slow too.
  add_test(NAME installer_arm64-shim-grub
           COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/realboot/installer_case.sh arm64-shim-grub
                   $<TARGET_FILE:pxescope>)
  set_tests_properties(installer_arm64-shim-grub PROPERTIES LABELS "installer;realboot;slow"
                       SKIP_RETURN_CODE 77 RUN_SERIAL TRUE TIMEOUT 1500)
  # Debian's installer over IPv6 only through pxescope's TFTP (issue 12 §2).
  foreach(case uefi-dnsmasq-dhcp6-shim-grub uefi-secureboot-dnsmasq-dhcp6-shim-grub
               uefi-pxescope-dhcp6-shim-grub uefi-secureboot-pxescope-dhcp6-shim-grub
               uefi-stateless-beside-dnsmasq)
    add_test(NAME installer_ipv6_${case}
             COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/realboot/ipv6_installer_case.sh ${case}
                     $<TARGET_FILE:pxescope>)
    set_tests_properties(installer_ipv6_${case} PROPERTIES LABELS "installer;realboot"
                         SKIP_RETURN_CODE 77 RUN_SERIAL TRUE TIMEOUT 900)
  endforeach()
  # OVMF falls back from IPv4 to PXEv6 (lab --ipv6 dnsmasq); diagnose tells both halves.
  add_test(NAME realboot_uefi-pxev6-fallback
           COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/realboot/pxev6_case.sh $<TARGET_FILE:pxescope>)
  set_tests_properties(realboot_uefi-pxev6-fallback PROPERTIES LABELS realboot
                       SKIP_RETURN_CODE 77 RUN_SERIAL TRUE TIMEOUT 500)
  # The same with pxescope as the whole IPv6 side (and no boot file over IPv4): issue 12 §2.
  add_test(NAME realboot_uefi-pxev6-fallback-pxescope
           COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/realboot/pxev6_case.sh $<TARGET_FILE:pxescope>
                   pxescope)
  set_tests_properties(realboot_uefi-pxev6-fallback-pxescope PROPERTIES LABELS realboot
                       SKIP_RETURN_CODE 77 RUN_SERIAL TRUE TIMEOUT 500)
  # Kernel mode on real firmware: iPXE -> HTTP to Debian's installer screen, proxy beside the
  # lab's router (2-3 min each under TCG).
  foreach(case bios uefi uefi-http)
    add_test(NAME realboot_kernel_mode_${case}
             COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/realboot/kernel_mode_case.sh ${case}
                     $<TARGET_FILE:pxescope>)
    set_tests_properties(realboot_kernel_mode_${case} PROPERTIES LABELS "realboot;installer"
                         SKIP_RETURN_CODE 77 RUN_SERIAL TRUE TIMEOUT 600)
  endforeach()
  # `pxescope lab` against a user's configuration: BIOS + UEFI booted, and the story of a failure.
  foreach(case boots story-of-failure)
    add_test(NAME realboot_pxescope_lab_${case}
             COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/realboot/pxescope_lab_case.sh ${case}
                     $<TARGET_FILE:pxescope>)
    set_tests_properties(realboot_pxescope_lab_${case} PROPERTIES LABELS realboot
                         SKIP_RETURN_CODE 77 RUN_SERIAL TRUE TIMEOUT 600)
  endforeach()
endif()

# Several interfaces and VLANs in one responder, with pxescope probe as the client (root, ip;
# dhcrelay for the relayed part).
if(TARGET pxescope AND TARGET pxescope-probe)
  pxescope_netns_test(respond_interfaces_test DEPENDS pxescope-probe)
endif()

# Live boot stories and --metrics end to end (root, ip, curl, tftp-hpa; pxescope-probe).
if(TARGET pxescope AND TARGET pxescope-probe)
  pxescope_netns_test(live_respond_test DEPENDS pxescope-probe)
endif()
