#!/usr/bin/env bash
# Records captures/tcp/dns-http.pcap: a client in one network namespace resolves boot.lab through
# dnsmasq (DNS only) and fetches files over HTTP/1.1 with curl from python3 -m http.server in a
# second namespace: two files on one keep-alive connection, one Range request, one 404.
# Needs root, ip netns, dnsmasq, curl, tcpdump, python3. Names carry the pid; everything is removed
# on exit. Nothing touches the machine's own interfaces.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
out=${1:-$here/tcp/dns-http.pcap}
mkdir -p "$(dirname "$out")"
ns_srv=pxs-srv-$$ ns_cli=pxs-cli-$$ veth_srv=pxs$$s veth_cli=pxs$$c
work=$(mktemp -d /tmp/pxescope-record-tcp.XXXXXX)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  ip netns del "$ns_srv" 2>/dev/null || true
  ip netns del "$ns_cli" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
ip netns add "$ns_srv"
ip netns add "$ns_cli"
ip link add "$veth_srv" type veth peer name "$veth_cli"
ip link set "$veth_srv" netns "$ns_srv"
ip link set "$veth_cli" netns "$ns_cli"
ip -n "$ns_srv" addr add 10.77.0.1/24 dev "$veth_srv"
ip -n "$ns_cli" addr add 10.77.0.2/24 dev "$veth_cli"
for ns in "$ns_srv" "$ns_cli"; do ip -n "$ns" link set lo up; done
ip -n "$ns_srv" link set "$veth_srv" up
ip -n "$ns_cli" link set "$veth_cli" up
# Fixed offloads off so tcpdump sees wire-sized segments with real checksums.
ip netns exec "$ns_cli" ethtool -K "$veth_cli" tso off gso off gro off tx off >/dev/null 2>&1 || true
ip netns exec "$ns_srv" ethtool -K "$veth_srv" tso off gso off gro off tx off >/dev/null 2>&1 || true

www=$work/www
mkdir -p "$www"
printf '#!ipxe\ndhcp\nchain http://boot.lab/menu.ipxe\n' >"$www/boot.ipxe"
python3 -c 'import sys; sys.stdout.write("".join("kernel line %04d\n" % i for i in range(300)))' >"$www/vmlinuz"

ip netns exec "$ns_srv" dnsmasq --no-daemon --port=53 --no-resolv --no-hosts \
  --listen-address=10.77.0.1 --bind-interfaces --address=/boot.lab/10.77.0.1 \
  --host-record=www.boot.lab,10.77.0.1,fd00::1 --cname=files.boot.lab,www.boot.lab \
  --pid-file="$work/dnsmasq.pid" >/dev/null 2>&1 &
pids+=($!)
(cd "$www" && exec ip netns exec "$ns_srv" python3 -m http.server 80 --bind 10.77.0.1 --protocol HTTP/1.1) \
  >/dev/null 2>&1 &
pids+=($!)
ip netns exec "$ns_cli" tcpdump -i "$veth_cli" -s 0 -U -w "$out" 'udp port 53 or tcp port 80' 2>/dev/null &
tcpdump_pid=$!
pids+=($tcpdump_pid)
# Wait (bounded) for both servers to listen.
for _ in $(seq 50); do
  if ip netns exec "$ns_srv" ss -ltn | grep -q ':80 ' && ip netns exec "$ns_srv" ss -lun | grep -q ':53 '; then break; fi
  sleep 0.1
done
sleep 0.5

query() {  # name qtype(1=A,28=AAAA)
  ip netns exec "$ns_cli" python3 - "$1" "$2" <<'PY'
import socket, struct, sys
name, qtype = sys.argv[1], int(sys.argv[2])
qid = {"boot.lab": 0x1234, "www.boot.lab": 0x2345, "files.boot.lab": 0x3456}[name] + qtype
q = struct.pack(">HHHHHH", qid, 0x0100, 1, 0, 0, 0)
q += b"".join(bytes([len(p)]) + p.encode() for p in name.split(".")) + b"\0" + struct.pack(">HH", qtype, 1)
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.settimeout(3)
s.sendto(q, ("10.77.0.1", 53))
s.recv(2048)
PY
}
query boot.lab 1
query www.boot.lab 28
query files.boot.lab 1
url=http://10.77.0.1
hdr=(-H 'Host: boot.lab' -A 'pxescope-record/1')
# Two files on one keep-alive connection.
ip netns exec "$ns_cli" curl -s --max-time 10 "${hdr[@]}" -o /dev/null "$url/boot.ipxe" -o /dev/null "$url/vmlinuz"
# A Range request.
ip netns exec "$ns_cli" curl -s --max-time 10 "${hdr[@]}" -r 100-299 -o /dev/null "$url/vmlinuz"
# A 404.
ip netns exec "$ns_cli" curl -s --max-time 10 "${hdr[@]}" -o /dev/null "$url/missing.efi" || true
sleep 1
kill "$tcpdump_pid"
wait "$tcpdump_pid" 2>/dev/null || true
echo "record-tcp: wrote $out ($(stat -c %s "$out") bytes)"
