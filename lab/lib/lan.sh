# The private LAN: three network namespaces named after this process, a bridge, the VM's tap,
# an optional "home router" (plain DHCP, dnsmasq), and the capture on the bridge. Everything this
# file creates is removed by lan_teardown, which pxescope-lab runs from its EXIT trap.
#
#   netns lab<pid>lan: bridge labbr0 (tcpdump -> lab.pcap, tshark -> events.tsv), tap labtap0 (QEMU)
#     ├─ veth → netns lab<pid>rtr: labeth0 A.B.C.1, dnsmasq plain DHCP pool .100-.199 (optional)
#     └─ veth → netns lab<pid>srv: labeth0 A.B.C.2, the responder under test

readonly LAN_BRIDGE=labbr0 LAN_TAP=labtap0 LAN_IFACE=labeth0
LAN_ID=$(printf '%05d' $(($$ % 100000)))
readonly LAN_NS_LAN=lab${LAN_ID}lan LAN_NS_ROUTER=lab${LAN_ID}rtr LAN_NS_SERVER=lab${LAN_ID}srv
LAN_PGIDS=() # process groups started by lan_start_bg, killed by lan_teardown

# lan_addresses A.B.C: the addresses of a /24 LAN.
lan_addresses() {
  LAN_SUBNET=$1.0 LAN_PREFIX=24 LAN_NETMASK=255.255.255.0 LAN_BROADCAST=$1.255
  LAN_ROUTER_IP=$1.1 LAN_SERVER_IP=$1.2 LAN_POOL_START=$1.100 LAN_POOL_END=$1.199
  LAN_SUBNET3=$1
}

# lan_start_bg LOGFILE COMMAND...: runs COMMAND in its own process group (so that teardown reaches
# its children too), output to LOGFILE; sets LAN_LAST_PID.
lan_start_bg() {
  setsid timeout -s KILL "${LAN_LIFETIME:-600}" "${@:2}" >"$1" 2>&1 </dev/null &
  LAN_LAST_PID=$!
  LAN_PGIDS+=("$LAN_LAST_PID")
  disown "$LAN_LAST_PID" 2>/dev/null
}

lan_teardown() {
  local pgid ns pid signal
  for signal in TERM KILL; do
    for pgid in "${LAN_PGIDS[@]}"; do kill "-$signal" -- "-$pgid" 2>/dev/null; done
    # What a responder may have started on its own (a daemon) is still in our namespaces.
    for ns in "$LAN_NS_SERVER" "$LAN_NS_ROUTER" "$LAN_NS_LAN"; do
      for pid in $(ip netns pids "$ns" 2>/dev/null); do kill "-$signal" "$pid" 2>/dev/null; done
    done
    [ "$signal" = KILL ] || sleep 0.5
  done
  for ns in "$LAN_NS_SERVER" "$LAN_NS_ROUTER" "$LAN_NS_LAN"; do ip netns del "$ns" 2>/dev/null; done
  return 0
}

# lan_build CLIENT_MAC: namespaces, bridge, veths, addresses, tap. Fails (non-zero) on the first error.
lan_build() {
  local mac=$1 ns host
  for ns in "$LAN_NS_LAN" "$LAN_NS_ROUTER" "$LAN_NS_SERVER"; do
    ip netns add "$ns" || return 1
    ip -n "$ns" link set lo up
    # IPv4 only: IPv6 router solicitations would only add noise to the capture.
    ip netns exec "$ns" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
  done
  ip -n "$LAN_NS_LAN" link add "$LAN_BRIDGE" type bridge stp_state 0 forward_delay 0 mcast_snooping 0 || return 1
  ip -n "$LAN_NS_LAN" link set "$LAN_BRIDGE" up
  lan_attach "$LAN_NS_ROUTER" labvrtr "$LAN_ROUTER_IP" || return 1
  lan_attach "$LAN_NS_SERVER" labvsrv "$LAN_SERVER_IP" || return 1
  ip -n "$LAN_NS_LAN" tuntap add dev "$LAN_TAP" mode tap || return 1
  ip -n "$LAN_NS_LAN" link set "$LAN_TAP" master "$LAN_BRIDGE" up || return 1
  # The kernel's neighbour table is shared by every namespace of the host: when a load test
  # elsewhere fills it, ARP replies and broadcasts are dropped silently. Permanent entries are
  # exempt from that limit, so the LAN's own traffic gets through.
  for ns in "$LAN_NS_ROUTER" "$LAN_NS_SERVER"; do
    {
      for host in 255.255.255.255 "$LAN_BROADCAST"; do
        echo "neigh replace $host lladdr ff:ff:ff:ff:ff:ff nud permanent dev $LAN_IFACE"
      done
      for host in $(seq "${LAN_POOL_START##*.}" "${LAN_POOL_END##*.}"); do
        echo "neigh replace $LAN_SUBNET3.$host lladdr $mac nud permanent dev $LAN_IFACE"
      done
    } | ip -n "$ns" -batch - || return 1
  done
}

# lan_attach NAMESPACE BRIDGE_PORT ADDRESS: a veth from the bridge into NAMESPACE as labeth0.
lan_attach() {
  ip -n "$LAN_NS_LAN" link add "$2" type veth peer name "$LAN_IFACE" netns "$1" || return 1
  ip -n "$LAN_NS_LAN" link set "$2" master "$LAN_BRIDGE" up || return 1
  ip -n "$1" addr add "$3/$LAN_PREFIX" dev "$LAN_IFACE" || return 1
  ip -n "$1" link set "$LAN_IFACE" up
}

# lan_start_capture PCAP EVENTS: tcpdump writes the pcap (the report); tshark, the independent
# decoder, writes one tab-separated line per DHCP/TFTP packet for the pass conditions (watch.sh).
lan_start_capture() {
  local pcap=$1 events=$2 work=$3 i
  # -Z root: Debian's tcpdump drops to user tcpdump before it opens the file. --immediate-mode
  # and -U: each packet is written as it comes, not a kernel buffer's worth later. -B 65536 (KiB):
  # on a loaded host tcpdump falls behind a 40 MB TFTP transfer, and the default 2 MiB buffer
  # dropped thousands of packets (the story then reads a complete download as stalled).
  lan_start_bg "$work/tcpdump.log" ip netns exec "$LAN_NS_LAN" tcpdump -Z root --immediate-mode -U -B 65536 \
    -n -s 0 -i "$LAN_BRIDGE" -w "$pcap"
  LAN_TCPDUMP_PGID=$LAN_LAST_PID
  lan_start_bg "$events" ip netns exec "$LAN_NS_LAN" tshark -l -n -i "$LAN_BRIDGE" -f udp \
    -Y 'dhcp or tftp' -T fields -E separator=/t \
    -e frame.number -e frame.time_relative -e eth.src -e ip.src -e ip.dst -e dhcp.option.dhcp \
    -e tftp.opcode -e tftp.source_file -e tftp.request_frame -e tftp.block -e udp.length \
    -e tftp.option.name -e tftp.option.value
  for i in $(seq 50); do
    grep -q 'listening on' "$work/tcpdump.log" 2>/dev/null && return 0
    sleep 0.1
  done
  return 1
}

# lan_stop_capture WORK: tcpdump writes what it still holds and closes the pcap, so that what is
# read from it (diagnose) has every packet the pass condition saw. Bounded: 5 s.
lan_stop_capture() {
  local i
  kill -INT -- "-$LAN_TCPDUMP_PGID" 2>/dev/null
  for i in $(seq 50); do
    grep -q 'packets captured' "$1/tcpdump.log" 2>/dev/null && return 0
    sleep 0.1
  done
  return 1
}

# lan_start_router WORK: the home router's plain DHCP server. Like many real routers it pings an
# address before offering it, so its OFFER comes about 3 s after the DISCOVER.
lan_start_router() {
  lan_start_bg "$1/router.out" ip netns exec "$LAN_NS_ROUTER" dnsmasq --keep-in-foreground \
    --conf-file=/dev/null --port=0 --interface="$LAN_IFACE" --bind-interfaces --user=root --group=root \
    --dhcp-range="$LAN_POOL_START,$LAN_POOL_END,$LAN_NETMASK,1h" --dhcp-option=3,"$LAN_ROUTER_IP" \
    --dhcp-authoritative --dhcp-leasefile="$1/router.leases" --log-dhcp --log-facility="$1/router.log"
}

# Pids still alive in a namespace (a responder that daemonized counts too).
lan_alive_in() { [ -n "$(ip netns pids "$1" 2>/dev/null)" ]; }
