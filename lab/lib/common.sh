# Shared helpers of the lab harness: messages, verdict lines, exit codes, dependency checks.
# Sourced by pxescope-lab; defines no state of its own beyond the missing-dependency lists.

readonly LAB_EXIT_PASS=0 LAB_EXIT_FAIL=1 LAB_EXIT_USAGE=2 LAB_EXIT_SKIP=77

log() { [ "${QUIET:-0}" = 1 ] || echo "lab: $*" >&2; }
die_usage() {
  echo "lab: $*" >&2
  echo "lab: see 'pxescope-lab --help'" >&2
  exit "$LAB_EXIT_USAGE"
}
# One line on stdout, then exit 77: CTest (SKIP_RETURN_CODE 77) and `pxescope lab` read it.
skip() {
  echo "lab: SKIP $*"
  exit "$LAB_EXIT_SKIP"
}

# Seconds since $1 (a `date +%s.%N` stamp), one decimal.
seconds_since() { awk -v a="$1" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }'; }

# need WHAT PACKAGE: WHAT is a command name or an absolute path; remembers what is missing so that
# one line can name every missing thing and one apt-get line can install them all.
MISSING_WHAT=() MISSING_PKGS=()
need() {
  if [[ $1 == /* ]]; then [ -e "$1" ] && return 0; else command -v "$1" >/dev/null 2>&1 && return 0; fi
  MISSING_WHAT+=("$1")
  MISSING_PKGS+=("$2")
}
# Skips (exit 77) naming everything need() did not find and the Debian packages that provide it.
skip_if_missing() {
  [ ${#MISSING_WHAT[@]} -eq 0 ] && return 0
  local pkgs
  pkgs=$(printf '%s\n' "${MISSING_PKGS[@]}" | sort -u | tr '\n' ' ')
  skip "missing ${MISSING_WHAT[*]}; install with: apt-get install ${pkgs% } (or scripts/install-deps.sh)"
}

# Root, /dev/net/tun and ip netns: without them there is no private LAN and no tap for QEMU.
skip_without_privileges() {
  [ "$(id -u)" = 0 ] || skip "needs root (network namespaces and a tap device); run it with sudo"
  [ -c /dev/net/tun ] || skip "/dev/net/tun is missing (QEMU needs a tap device); modprobe tun, or give the container /dev/net/tun"
  command -v ip >/dev/null 2>&1 || skip "missing ip; install with: apt-get install iproute2"
  ip netns list >/dev/null 2>&1 || skip "ip netns does not work here (no network namespaces); run it on a host or a privileged container"
}
