#!/usr/bin/env bash
# Rebuilds captures/generated/* from captures/generate.py (deterministic: same bytes every run).
#   captures/regenerate.sh          rewrite the files in captures/generated/
#   captures/regenerate.sh --check  build them in a temp dir and fail if they differ from the
#                                   committed ones (the generator and the files must agree)
# The same for the generated boot stories (captures/stories/http-*.pcap, grub-wrong-server.pcap,
# from generate_http_stories.py). The real firmware captures (captures/real/) come from
# captures/record-real.sh instead.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
if [ "${1:-}" = "--check" ]; then
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
  PXESCOPE_CAPTURES_OUT=$tmp python3 "$here/generate.py"
  python3 "$here/generate_http_stories.py" "$tmp/stories" 2>/dev/null
  for f in "$tmp"/stories/*; do
    cmp "$f" "$here/stories/$(basename "$f")" || exit 1
  done
  rm -rf "$tmp/stories"
  if diff -r "$tmp" "$here/generated"; then
    echo "regenerate: captures/generated/ and the generated stories match their generators"
  else
    echo "regenerate: captures/generated/ differs from generate.py output (run captures/regenerate.sh)" >&2
    exit 1
  fi
else
  python3 "$here/generate.py"
  python3 "$here/generate_http_stories.py"
  (cd "$here/generated" && sha256sum -- *)
fi
