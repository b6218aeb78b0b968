# Sourced first by a script that names network namespaces (`ip netns add`): re-runs the script
# in a mount namespace of its own with a private tmpfs on /run/netns. `ip netns add` pins a
# namespace with a bind mount there, and that mount would outlive a script killed before its
# cleanup trap (SIGKILL, OOM): here the names, the namespaces and their veth pairs vanish with
# the script's last process, however it ends. The pid stays the same (exec all the way), so
# names made from $$ do not change. Without root nothing happens (the script refuses anyway).
if [ -z "${PXESCOPE_PRIVATE_NETNS:-}" ] && [ "$(id -u)" = 0 ]; then
  export PXESCOPE_PRIVATE_NETNS=1
  exec unshare --mount --propagation private -- sh -c \
    'mkdir -p /run/netns && mount -t tmpfs -o mode=0755 pxescope-netns /run/netns && exec "$0" "$@"' \
    "$0" "$@"
fi
