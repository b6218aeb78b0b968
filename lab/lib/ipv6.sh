# The LAN's IPv6 side (--ipv6 MODE): the server namespace gets fd00:77::2/64 and a dnsmasq that is
# the LAN's DHCPv6 server and router advertiser, and serves TFTP over IPv6. The IPv4 side is
# unchanged (router, responder under test), so a UEFI client that fails over IPv4 falls back to
# PXEv6 here.
#   MODE dnsmasq              DHCPv6 (IA_NA from ::100-::2fe) + RA + option 59 bootfile-url
#   MODE dnsmasq-no-bootfile  the same without option 59: PXEv6 gets an address but no boot file
#   MODE dnsmasq-dhcp         dnsmasq's DHCPv6 + RA + option 59, TFTP from the responder under test
#                             (pxescope serves TFTP on the interface's IPv6 addresses)
#   MODE pxescope             no dnsmasq: pxescope is the LAN's DHCPv6 server (full mode, IA_NA from
#                             the same pool) and router advertiser (enable-ra), and serves TFTP
#   MODE pxescope-stateless   dnsmasq in the router namespace (fd00:77::1, as the LAN's router would)
#                             gives addresses + RA (no option 59, no TFTP); pxescope answers boot
#                             clients beside it, stateless: option 59 and no address
#   MODE none                 IPv6 stays off in every namespace (the default)

readonly IPV6_PREFIX=fd00:77:: IPV6_PREFIX_LENGTH=64
# 511 addresses, not 256: dnsmasq picks an address by a hash of DUID and IAID modulo the pool's
# size, and OVMF's two DHCPv6 clients (PXE and its IPv6 stack) share a DUID and use IAIDs that
# differ only above their low byte: a pool of 2^8 gave both the same address (lab/README.md).
readonly IPV6_SERVER_IP=fd00:77::2 IPV6_POOL_START=fd00:77::100 IPV6_POOL_END=fd00:77::2fe
readonly IPV6_ROUTER_IP=fd00:77::1

ipv6_modes() { echo "none, dnsmasq, dnsmasq-no-bootfile, dnsmasq-dhcp, pxescope, pxescope-stateless"; }

# ipv6_check MODE: non-zero for an unknown mode.
ipv6_check() {
  case $1 in none | dnsmasq | dnsmasq-no-bootfile | dnsmasq-dhcp | pxescope | pxescope-stateless) return 0 ;; *) return 1 ;; esac
}

# ipv6_by_pxescope MODE: true when pxescope answers DHCPv6 itself (its IPv6 lines, below).
ipv6_by_pxescope() { case $1 in pxescope | pxescope-stateless) return 0 ;; *) return 1 ;; esac; }

# ipv6_pxescope_conf MODE BOOT_FILE: pxescope's IPv6 lines (dnsmasq syntax; [::] is its address).
ipv6_pxescope_conf() {
  local mode=$1 boot=$2
  if [ "$mode" = pxescope ]; then
    echo "dhcp-range=$IPV6_POOL_START,$IPV6_POOL_END,$IPV6_PREFIX_LENGTH,1h"
    echo "enable-ra"
  fi
  echo "dhcp-option=option6:bootfile-url,tftp://[::]/${boot#/}"
}

# ipv6_enable_in NS ADDRESS: IPv6 on in NS (lan_build turned it off everywhere), with ADDRESS on the
# LAN. nodad and accept_dad=0: the global and the link-local address are usable at once (nothing
# else on the LAN claims them; pxescope's DHCPv6 check sends from the link-local as it starts).
ipv6_enable_in() {
  ip netns exec "$1" sysctl -qw net.ipv6.conf.all.disable_ipv6=0 \
    net.ipv6.conf.default.disable_ipv6=0 "net.ipv6.conf.$LAN_IFACE.accept_dad=0" \
    "net.ipv6.conf.$LAN_IFACE.disable_ipv6=0" || return 1
  ip -n "$1" addr add "$2/$IPV6_PREFIX_LENGTH" dev "$LAN_IFACE" nodad
}

# ipv6_enable_server: the server namespace's IPv6 address.
ipv6_enable_server() { ipv6_enable_in "$LAN_NS_SERVER" "$IPV6_SERVER_IP"; }

# ipv6_dnsmasq_conf MODE BOOT_FILE TFTP_ROOT WORK: the configuration of the IPv6 dnsmasq. It binds
# TFTP to the IPv6 address only, so an IPv4 TFTP server in the same namespace keeps port 69 there.
ipv6_dnsmasq_conf() {
  local mode=$1 boot=$2 root=$3 work=$4 address=$IPV6_SERVER_IP
  [ "$mode" != pxescope-stateless ] || address=$IPV6_ROUTER_IP
  echo "port=0"
  echo "interface=$LAN_IFACE"
  echo "listen-address=$address"
  echo "bind-interfaces"
  echo "user=root"
  echo "group=root"
  echo "dhcp-range=$IPV6_POOL_START,$IPV6_POOL_END,$IPV6_PREFIX_LENGTH,1h"
  echo "enable-ra"
  echo "dhcp-leasefile=$work/ipv6.leases"
  case $mode in dnsmasq | dnsmasq-dhcp) echo "dhcp-option=option6:bootfile-url,tftp://[$IPV6_SERVER_IP]/${boot#/}" ;; esac
  # Port 69 on the IPv6 address is pxescope's in the other modes (it listens on [::]:69).
  case $mode in dnsmasq | dnsmasq-no-bootfile) printf 'enable-tftp\ntftp-root=%s\n' "$root" ;; esac
  echo "log-dhcp"
  echo "log-facility=$work/ipv6.log"
}

# ipv6_start MODE BOOT_FILE TFTP_ROOT WORK: the IPv6 side of the LAN, or nothing for mode none.
ipv6_start() {
  [ "$1" != none ] || return 0
  [ "$1" != pxescope ] || return 0  # pxescope is the whole IPv6 side (started as the responder)
  local ns=$LAN_NS_SERVER
  if [ "$1" = pxescope-stateless ]; then
    # The LAN's own DHCPv6 server on another host (port 547 there is its, here pxescope's).
    ns=$LAN_NS_ROUTER
    ipv6_enable_in "$ns" "$IPV6_ROUTER_IP" || return 1
  else
    ipv6_enable_server || return 1
  fi
  ipv6_dnsmasq_conf "$@" >"$4/ipv6-dnsmasq.conf"
  lan_start_bg "$4/ipv6.out" ip netns exec "$ns" \
    dnsmasq --keep-in-foreground --conf-file="$4/ipv6-dnsmasq.conf"
}
