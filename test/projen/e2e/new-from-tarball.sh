#!/usr/bin/env bash
# End-to-end test of the `rust-service` project type, the way users meet it:
#
#   npx projen new --from <packed cdk-rust-image> rust-service --no-git
#
# in an empty folder (no other option: the folder names the service), then
# with --cdk-app, then with --database postgres: checks the created trees, the .projenrc.ts projen wrote, that
# the CDK app type-checks and synthesizes, and that a second `npx projen`
# (offline) changes no file.
#
# Usage: test/projen/e2e/new-from-tarball.sh [path/to/cdk-rust-image-*.tgz]
# Without an argument it uses the newest dist/js/cdk-rust-image-*.tgz, or
# packs the compiled library (lib/ and .jsii must exist: `npx projen compile`).
# Needs the npm registry (projen new installs projen and the package's deps).
set -euo pipefail

# A developer bootstraps outside CI. Under CI=true projen installs with
# `npm ci`, which needs the package-lock.json that `projen new` is about to write.
unset CI

REPO="$(cd "$(dirname "$0")/../../.." && pwd)"
START=$(date +%s)
WORK="$(mktemp -d "${TMPDIR:-/tmp}/cdk-rust-image-projen-new.XXXXXX")"
KEEP="${KEEP_E2E_DIR:-}"
cleanup() { if [ -z "$KEEP" ]; then rm -rf "$WORK"; else echo "kept $WORK"; fi; }
trap cleanup EXIT

fail() { echo "FAIL: $*" >&2; exit 1; }
step() { echo "--- $* ($(( $(date +%s) - START ))s)"; }

TARBALL="${1:-}"
if [ -z "$TARBALL" ]; then
  TARBALL="$(ls -t "$REPO"/dist/js/cdk-rust-image-*.tgz 2>/dev/null | head -1 || true)"
fi
if [ -z "$TARBALL" ]; then
  [ -f "$REPO/lib/index.js" ] && [ -f "$REPO/.jsii" ] || fail "no tarball given, none in dist/js, and no compiled library to pack: run 'npx projen compile' (or 'npx projen build') first"
  step "packing $REPO"
  (cd "$REPO" && npm pack --silent --pack-destination "$WORK" >/dev/null)
  TARBALL="$(ls "$WORK"/cdk-rust-image-*.tgz)"
fi
TARBALL="$(cd "$(dirname "$TARBALL")" && pwd)/$(basename "$TARBALL")"
[ -f "$TARBALL" ] || fail "tarball $TARBALL does not exist"

# The projen the library is built and tested with (its peer dependency range).
PROJEN_VERSION="$(node -p "require('$REPO/node_modules/projen/package.json').version")"

snapshot() { find . -path ./node_modules -prune -o -type f -print0 | sort -z | xargs -0 sha256sum; }
second_run_changes_nothing() {
  snapshot > "$WORK/before.txt"
  npm_config_offline=true npx projen
  snapshot > "$WORK/after.txt"
  diff -u "$WORK/before.txt" "$WORK/after.txt" || fail "the second npx projen changed files"
}

# --- 1. no options at all: the folder names the service, .projenrc.ts is written
APP="$WORK/my-svc"
mkdir -p "$APP"
cd "$APP"
step "projen@$PROJEN_VERSION new --from $(basename "$TARBALL") rust-service (no options)"
npx --yes "projen@$PROJEN_VERSION" new --from "$TARBALL" rust-service --no-git --projen-version "$PROJEN_VERSION"

step "checking the created tree"
for f in .projenrc.ts tsconfig.projen.json package.json README.md .gitignore .dockerignore \
  Cargo.toml src/main.rs src/lib.rs src/handlers/mod.rs src/handlers/tasks.rs src/models/mod.rs src/models/task.rs \
  Dockerfile Dockerfile.scratch Dockerfile.alpine Dockerfile.dev \
  .cdk-rust-image/assert-static.sh \
  .projen/tasks.json .projen/files.json .projen/deps.json; do
  [ -f "$f" ] || fail "projen new did not create $f"
done
[ ! -e .projenrc.js ] || fail "projen new wrote .projenrc.js; .projenrc.ts is the default"
[ ! -e Dockerfile.distroless ] || fail "Dockerfile.distroless is not a default variant"
[ ! -e infra/main.ts ] || fail "the CDK app is opt-in (--cdk-app)"
grep -q "RustServiceProject" .projenrc.ts || fail ".projenrc.ts does not create a RustServiceProject"
grep -Eq "name: [\"']my-svc[\"']" .projenrc.ts || fail ".projenrc.ts lacks name: 'my-svc' (the folder name)"
grep -Eq "from [\"']cdk-rust-image[\"']" .projenrc.ts || fail ".projenrc.ts does not import cdk-rust-image"
grep -q '^name = "my-svc"$' Cargo.toml || fail "Cargo.toml does not name the package my-svc"
grep -q 'const DEFAULT_PORT: u16 = 8080;' src/main.rs || fail "src/main.rs does not default to port 8080"
grep -q 'linux/amd64 (x86_64-unknown-linux-musl)' Dockerfile || fail "Dockerfile is not built for linux/amd64"
grep -q '^EXPOSE 8080/tcp$' Dockerfile.scratch || fail "Dockerfile.scratch does not expose 8080"
grep -q '^target/$' .gitignore || fail ".gitignore does not ignore target/"
[ "$(stat -c %a Dockerfile | cut -c1)" -lt 6 ] || fail "Dockerfile has no read-only mode bits"
node -e '
  const tasks = require("./.projen/tasks.json").tasks;
  const want = { "docker:build:prod": "docker build --platform linux/amd64 -f Dockerfile -t my-svc:prod ." };
  for (const [name, exec] of Object.entries(want)) {
    // The first step checks for a Docker engine (dockerEngineGuard); the build follows it.
    const got = (tasks[name]?.steps ?? []).map((s) => s.exec);
    if (got.length !== 2 || !got[0].startsWith("docker info ") || got[1] !== exec) { console.error(`task ${name}: ${JSON.stringify(got)}`); process.exit(1); }
  }
  for (const name of ["docker:build", "docker:sizes", "docker:run", "docker:smoke", "docker:stop", "docker:build:scratch", "docker:build:alpine", "docker:build:dev"]) {
    if (!tasks[name]) { console.error(`missing task ${name}`); process.exit(1); }
  }
  const dev = require("./package.json").devDependencies;
  if (!String(dev["cdk-rust-image"]).startsWith("file:")) { console.error(`devDependencies.cdk-rust-image: ${dev["cdk-rust-image"]}`); process.exit(1); }
  for (const dep of ["projen", "ts-node", "typescript"]) if (!dev[dep]) { console.error(`${dep} is not a dev dependency`); process.exit(1); }
' || fail "tasks or dev dependencies are not as expected"

RUSTFMT="${RUSTFMT:-$(command -v rustfmt || echo /root/.cargo/bin/rustfmt)}"
if [ -x "$RUSTFMT" ]; then
  "$RUSTFMT" --check --edition 2021 src/*.rs src/*/*.rs || fail "the sample crate is not rustfmt-clean"
fi

step "second npx projen (offline, type-checks .projenrc.ts) must change nothing"
second_run_changes_nothing
echo "--- tree created by projen new (node_modules left out):"
find . -path ./node_modules -prune -o -type f -print | sed 's|^\./||' | sort

# --- 2. --cdk-app (and a port and architecture): the CDK app type-checks and synthesizes
APP="$WORK/task-svc"
mkdir -p "$APP"
cd "$APP"
step "projen new ... rust-service --cdk-app --port 9090 --architecture arm64"
npx --yes "projen@$PROJEN_VERSION" new --from "$TARBALL" rust-service --no-git --projen-version "$PROJEN_VERSION" \
  --cdk-app --port 9090 --architecture arm64
for f in .projenrc.ts infra/main.ts infra/tsconfig.json cdk.json; do
  [ -f "$f" ] || fail "projen new --cdk-app did not create $f"
done
grep -Eq "name: [\"']task-svc[\"']" .projenrc.ts || fail ".projenrc.ts lacks name: 'task-svc'"
grep -Eq "cdkApp: true" .projenrc.ts || fail ".projenrc.ts lacks cdkApp: true"
grep -q 'linux/arm64 (aarch64-unknown-linux-musl)' Dockerfile || fail "Dockerfile is not built for linux/arm64"

step "the CDK app type-checks"
npx tsc --noEmit -p infra/tsconfig.json || fail "infra/main.ts does not type-check"

step "cdk synth (no Docker, no credentials: the image context is staged, not built)"
AWS_REGION=eu-west-1 AWS_EC2_METADATA_DISABLED=true npx cdk synth --quiet > "$WORK/synth.log" 2>&1 || { cat "$WORK/synth.log"; fail "cdk synth failed"; }
node -e '
  const fs = require("fs");
  const t = JSON.parse(fs.readFileSync("cdk.out/TaskSvc.template.json", "utf8"));
  const td = Object.values(t.Resources).find((r) => r.Type === "AWS::ECS::TaskDefinition");
  const c = td.Properties.ContainerDefinitions[0];
  const ok = td.Properties.RuntimePlatform.CpuArchitecture === "ARM64" && c.PortMappings[0].ContainerPort === 9090 && c.User === "65532:65532";
  if (!ok) { console.error(JSON.stringify(td.Properties, null, 1)); process.exit(1); }
  const assets = JSON.parse(fs.readFileSync("cdk.out/TaskSvc.assets.json", "utf8")).dockerImages;
  const image = Object.values(assets)[0];
  if (image.source.platform !== "linux/arm64") { console.error(JSON.stringify(image)); process.exit(1); }
' || fail "the synthesized stack is not the ARM64 service on port 9090"

step "second npx projen (offline) must change nothing"
rm -rf cdk.out
second_run_changes_nothing

# --- 3. --database postgres: the PostgreSQL sample and the local stack (no cargo, no Docker: rendered files and tasks)
APP="$WORK/pg-svc"
mkdir -p "$APP"
cd "$APP"
step "projen new ... rust-service --database postgres"
npx --yes "projen@$PROJEN_VERSION" new --from "$TARBALL" rust-service --no-git --projen-version "$PROJEN_VERSION" --database postgres
for f in compose.yaml prometheus.yml src/db/mod.rs src/db/migrate.rs src/db/tls.rs src/metrics.rs migrations/0001_create_tasks.sql; do
  [ -f "$f" ] || fail "projen new --database postgres did not create $f"
done
grep -Eq "database: [\"']postgres[\"']" .projenrc.ts || fail ".projenrc.ts lacks database: 'postgres'"
grep -q '^tokio-postgres = "0.7"$' Cargo.toml || fail "Cargo.toml lacks tokio-postgres"
grep -q '    command: \["migrate"\]' compose.yaml || fail "compose.yaml has no migrations one-shot"
grep -q '"pg-svc:8080"' prometheus.yml || fail "prometheus.yml does not scrape pg-svc:8080"
grep -qx 'compose.yaml' .dockerignore || fail ".dockerignore does not keep compose.yaml out of the build context"
node -e '
  const tasks = require("./.projen/tasks.json").tasks;
  for (const name of ["stack:up", "stack:down", "stack:logs"]) {
    const steps = (tasks[name]?.steps ?? []).map((s) => s.exec);
    if (steps.length !== 2 || !steps[0].startsWith("docker info ") || !steps[1].includes("$compose -p pg-svc -f compose.yaml")) { console.error(`task ${name}: ${JSON.stringify(steps)}`); process.exit(1); }
  }
' || fail "the stack:* tasks are not as expected"
if [ -x "$RUSTFMT" ]; then
  "$RUSTFMT" --check --edition 2021 src/*.rs src/*/*.rs || fail "the PostgreSQL sample crate is not rustfmt-clean"
fi
step "second npx projen (offline) must change nothing"
second_run_changes_nothing
step "PASS"
