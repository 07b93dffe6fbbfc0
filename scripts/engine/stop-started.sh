#!/usr/bin/env bash
# Stops what a run started, as recorded in FILE (CDK_RUST_IMAGE_STARTED_FILE,
# see record_started in lib.sh): the registries it launched, then the private
# dockerd it launched. What was running before the run is left alone. Used by
# .ci/run when it ends (success or failure) and by the engine tests' teardown.
#
#   stop-started.sh FILE
set -euo pipefail

# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

FILE="${1:?usage: stop-started.sh FILE}"
[[ -f "$FILE" ]] || exit 0

registries="$(awk '$1 == "registry" { print $2 }' "$FILE" | sort -u | tr '\n' ' ')"
rc=0
if [[ -n "${registries// /}" ]]; then
  # shellcheck disable=SC2086 # one word per instance
  bash "$ENGINE_DIR/registry.sh" stop $registries || rc=$?
fi
if grep -qx 'engine' "$FILE"; then
  bash "$ENGINE_DIR/engine.sh" stop || rc=$?
fi
exit "$rc"
