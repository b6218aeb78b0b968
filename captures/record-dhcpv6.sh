#!/usr/bin/env bash
# Records captures/ipv6/dnsmasq-dhcpv6-pxe.pcap: real dnsmasq answering a PXEv6 client over
# IPv6, in two network namespaces made for the purpose (names suffixed with this pid; the
# machine's own interfaces are never touched). dnsmasq: full DHCPv6 from a range, enable-ra,
# option6:bootfile-url, its TFTP server. The client (captures/pxev6_client.py) sends what
# EDK2 sends (Solicit with 1, 3, 6, 8, 16 PXEClient:Arch:00007, 61 = 7), then Request, takes
# the address, and fetches the boot file over TFTP on IPv6. The kernel adds RS/RA, NS/NA, MLD.
# Needs root, ip, dnsmasq, tcpdump, python3. Usage: captures/record-dhcpv6.sh [OUT.pcap]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
out=${1:-$here/ipv6/dnsmasq-dhcpv6-pxe.pcap}
[ "$(id -u)" = 0 ] || { echo "record-dhcpv6: SKIP: needs root (network namespaces)"; exit 0; }
for tool in ip dnsmasq tcpdump python3; do
  command -v $tool >/dev/null || { echo "record-dhcpv6: SKIP: $tool not installed"; exit 0; }
done

srv=pxs6srv$$ cli=pxs6cli$$
work=$(mktemp -d /tmp/pxescope-dhcpv6.XXXXXX)
cleanup() {
  [ -f "$work/tcpdump.pid" ] && kill "$(cat "$work/tcpdump.pid")" 2>/dev/null || true
  [ -f "$work/dnsmasq.pid" ] && kill "$(cat "$work/dnsmasq.pid")" 2>/dev/null || true
  sleep 0.5
  ip netns del "$srv" 2>/dev/null || true
  ip netns del "$cli" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

ip netns add "$srv"
ip netns add "$cli"
ip link add v6s$$ netns "$srv" type veth peer name v6c$$ netns "$cli"
for ns in "$srv" "$cli"; do
  ip netns exec "$ns" sysctl -qw net.ipv6.conf.all.accept_dad=0 net.ipv6.conf.default.accept_dad=0
done
ip -n "$srv" link set lo up
ip -n "$cli" link set lo up
ip -n "$srv" link set v6s$$ address 52:54:00:00:00:02
ip -n "$cli" link set v6c$$ address 52:54:00:c0:ff:ee
ip -n "$srv" addr add 2001:db8::1/64 dev v6s$$ nodad
ip -n "$srv" link set v6s$$ up

mkdir -p "$work/tftp"
head -c 3000 /dev/zero | tr '\0' 'x' >"$work/tftp/bootx64.efi"
ip netns exec "$srv" tcpdump -i v6s$$ -U -w "$work/out.pcap" -s 0 ip6 >/dev/null 2>&1 &
echo $! >"$work/tcpdump.pid"
sleep 1
ip netns exec "$srv" dnsmasq --conf-file=/dev/null --keep-in-foreground --user=root \
  --pid-file="$work/dnsmasq.pid" --port=0 --interface=v6s$$ --bind-interfaces --leasefile-ro \
  --dhcp-range=2001:db8::100,2001:db8::1ff,64,1h --enable-ra \
  --dhcp-option=option6:bootfile-url,"tftp://[2001:db8::1]/bootx64.efi" \
  --enable-tftp --tftp-root="$work/tftp" --log-facility="$work/dnsmasq.log" &
sleep 1
ip -n "$cli" link set v6c$$ up  # the kernel solicits a router now
sleep 2
timeout 30 ip netns exec "$cli" python3 "$here/pxev6_client.py" v6c$$
sleep 1
kill "$(cat "$work/tcpdump.pid")"
sleep 1
mkdir -p "$(dirname "$out")"
cp "$work/out.pcap" "$out"
echo "record-dhcpv6: wrote $out ($(tcpdump -r "$out" 2>/dev/null | wc -l) frames)"
