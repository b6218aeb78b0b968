# The responder under test, run in the server namespace: `pxescope respond` (the user's arguments
# or config), dnsmasq (the reference responder), none, or any command. Every kind sees the LAB_*
# variables (lab/README.md) in its environment.

# responder_export: the environment every responder command gets.
responder_export() {
  export LAB_IFACE=$LAN_IFACE LAB_SERVER_IP=$LAN_SERVER_IP LAB_PREFIX=$LAN_PREFIX LAB_NETMASK=$LAN_NETMASK
  export LAB_SUBNET=$LAN_SUBNET LAB_BROADCAST=$LAN_BROADCAST LAB_ROUTER_IP=$LAN_ROUTER_IP
  export LAB_POOL_START=$LAN_POOL_START LAB_POOL_END=$LAN_POOL_END LAB_NO_ROUTER=$NO_ROUTER
  export LAB_TFTP_ROOT=$TFTP_ROOT LAB_BOOT_FILE=$BOOT_FILE LAB_FIRMWARE=$FIRMWARE LAB_CLIENT_ARCH=$FW_ARCH
  export LAB_CLIENT_MAC=$CLIENT_MAC LAB_CLIENT_UUID=$CLIENT_UUID LAB_WORKDIR=$WORK LAB_NETNS=$LAN_NS_SERVER
  export LAB_PXESCOPE=$PXESCOPE
}

# The dnsmasq pxe-service line for the firmware's architecture. dnsmasq appends ".0" to x86PC
# names itself, so the BIOS file is given without it.
responder_dnsmasq_service() {
  case $FW_ARCH in
    0) echo "pxe-service=x86PC,\"PXE Netboot\",${BOOT_FILE%.0}" ;;
    11) echo "pxe-service=ARM64_EFI,\"PXE Netboot\",$BOOT_FILE" ;;
    *) echo "pxe-service=x86-64_EFI,\"PXE Netboot\",$BOOT_FILE" ;;
  esac
}

# The reference: dnsmasq as proxyDHCP beside the router (pxe-service), or as the only DHCP server
# without one (dhcp-boot).
responder_dnsmasq_conf() {
  echo "port=0"
  echo "interface=$LAN_IFACE"
  echo "bind-interfaces"
  echo "user=root"
  echo "group=root"
  if [ "$NO_ROUTER" = 1 ]; then
    echo "dhcp-range=$LAN_POOL_START,$LAN_POOL_END,$LAN_NETMASK,1h"
    echo "dhcp-authoritative"
    echo "dhcp-leasefile=$WORK/responder.leases"
    # As the only DHCP server: the boot file and next-server in the offer itself. (dnsmasq answers
    # no port-4011 request outside proxy mode, and EDK2 sends one after a pxe-service offer.)
    echo "dhcp-boot=$BOOT_FILE"
    # Keep the boot file in the BOOTP file field: EDK2 asks for option 67, and dnsmasq would then
    # move the name there and leave the field empty, while shim reads only the field to find the
    # directory of its GRUB (it then asks for grubx64.efi/grubaa64.efi at the root).
    echo "dhcp-no-override"
  else
    echo "dhcp-range=$LAN_SUBNET,proxy"
    responder_dnsmasq_service
  fi
  echo "enable-tftp"
  echo "tftp-root=$TFTP_ROOT"
  echo "log-dhcp"
  echo "log-facility=$WORK/responder.log"
}

# The arguments of `pxescope respond`: the user's config (the lab's interface replaces theirs) or
# the defaults built from --tftp-root/--boot-file, then the user's --respond-arg words, verbatim.
responder_pxescope_args() {
  RESPOND_ARGS=(respond --iface "$LAN_IFACE")
  if [ -n "$CONFIG" ]; then
    RESPOND_ARGS+=(--config "$CONFIG")
  else
    RESPOND_ARGS+=(--server-ip "$LAN_SERVER_IP" --tftp-root "$TFTP_ROOT" --boot-file "$BOOT_FILE")
    # Alone on the LAN, pxescope is the DHCP server: full DHCP mode from the router's pool
    # (on an IPv6-only LAN it stays a proxy: no one gets an IPv4 address).
    [ "$NO_ROUTER" = 1 ] && [ "${IPV6_ONLY:-0}" = 0 ] &&
      RESPOND_ARGS+=(--dhcp-range "$LAN_POOL_START,$LAN_POOL_END")
  fi
  # --ipv6 pxescope / pxescope-stateless: its IPv6 lines (lib/ipv6.sh), as a config file.
  if [ -z "$CONFIG" ] && ipv6_by_pxescope "${IPV6_MODE:-none}"; then
    ipv6_pxescope_conf "$IPV6_MODE" "$BOOT_FILE" >"$WORK/ipv6-pxescope.conf"
    RESPOND_ARGS+=(--config "$WORK/ipv6-pxescope.conf")
  fi
  # Leases of a lab run never go to the user's own lease file.
  # (DHCPv6 leases go beside it, leases.v6.)
  if [ "$NO_ROUTER" = 1 ] || ipv6_by_pxescope "${IPV6_MODE:-none}"; then
    RESPOND_ARGS+=(--lease-file "$WORK/leases")
  fi
  RESPOND_ARGS+=("${RESPOND_EXTRA[@]}")
}

# responder_start: starts the responder; RESPONDER_PID is its process group.
responder_start() {
  responder_export
  case $RESPONDER in
    dnsmasq)
      responder_dnsmasq_conf >"$WORK/responder-dnsmasq.conf"
      lan_start_bg "$WORK/responder.out" ip netns exec "$LAN_NS_SERVER" \
        dnsmasq --keep-in-foreground --conf-file="$WORK/responder-dnsmasq.conf" ;;
    pxescope)
      responder_pxescope_args
      printf '%q ' "$PXESCOPE" "${RESPOND_ARGS[@]}" >"$WORK/responder.cmdline"
      lan_start_bg "$WORK/responder.out" ip netns exec "$LAN_NS_SERVER" "$PXESCOPE" "${RESPOND_ARGS[@]}" ;;
    none) lan_start_bg "$WORK/responder.out" ip netns exec "$LAN_NS_SERVER" sleep infinity ;;
    command) lan_start_bg "$WORK/responder.out" ip netns exec "$LAN_NS_SERVER" bash -c "$RESPONDER_COMMAND" ;;
  esac
  RESPONDER_PID=$LAN_LAST_PID
}

# The responder's last words, for a FAIL line: it exited before the firmware asked anything.
responder_exited_early() {
  sleep 1
  kill -0 "$RESPONDER_PID" 2>/dev/null && return 1
  lan_alive_in "$LAN_NS_SERVER" && return 1 # it daemonized
  return 0
}
