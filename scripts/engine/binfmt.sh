#!/usr/bin/env bash
# Lets this amd64 machine run arm64 programs: RUN steps of `docker build
# --platform linux/arm64`, `docker run --platform linux/arm64`, and
# debootstrap's second stage for the arm64 stand-ins.
#
#   binfmt.sh   mount binfmt_misc if needed and register qemu-aarch64 from
#               Debian's qemu-user-static (/usr/lib/binfmt.d/qemu-aarch64.conf);
#               idempotent. Prints BINFMT=qemu-aarch64.
#
# The entry carries the F flag (the kernel opens the interpreter at
# registration), so containers use it without qemu in their file system.
set -euo pipefail

# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

BINFMT_DIR=/proc/sys/fs/binfmt_misc
ENTRY="$BINFMT_DIR/qemu-aarch64"
CONF=/usr/lib/binfmt.d/qemu-aarch64.conf

[[ "$(uname -m)" == x86_64 ]] || fail "binfmt.sh registers qemu-aarch64 for an x86_64 machine; this one is $(uname -m)"
[[ "$(id -u)" == 0 ]] || fail "registering qemu-aarch64 with binfmt_misc needs root"
ensure_host_packages "$CONF=qemu-user-static"

if ! mountpoint -q "$BINFMT_DIR"; then
  mount -t binfmt_misc binfmt_misc "$BINFMT_DIR" || fail "cannot mount binfmt_misc on $BINFMT_DIR"
fi
[[ "$(cat "$BINFMT_DIR/status" 2>/dev/null)" == enabled ]] || fail "binfmt_misc is disabled ($BINFMT_DIR/status)"

if [[ -f "$ENTRY" ]] && ! grep -q '^flags:.*F' "$ENTRY"; then
  # Without F the interpreter is looked up inside each container, where it is missing.
  log "replacing the qemu-aarch64 entry that lacks the F flag"
  echo -1 >"$ENTRY"
fi
if [[ ! -f "$ENTRY" ]]; then
  [[ "$(sed 's/.*://' "$CONF")" == *F* ]] || fail "$CONF does not set the F flag"
  cat "$CONF" >"$BINFMT_DIR/register" || fail "registering $CONF with binfmt_misc failed"
fi
grep -q '^enabled$' "$ENTRY" || fail "the qemu-aarch64 entry is disabled ($ENTRY)"
interpreter="$(sed -n 's/^interpreter //p' "$ENTRY")"
[[ -x "$interpreter" ]] || fail "the qemu-aarch64 interpreter $interpreter is missing"
echo "BINFMT=qemu-aarch64"
