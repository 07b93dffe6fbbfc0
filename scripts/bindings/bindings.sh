#!/usr/bin/env bash
# The Python and Java bindings check (issue 7), run by `npx projen bindings`.
#
# What this machine allows (no PyPI, no Maven Central, so no jsii runtime to
# run the bindings with):
#   1. jsii-pacmak --code-only: the Python and Java source of this package;
#   2. the Python and Java source of its jsii dependencies (constructs,
#      aws-cdk-lib, projen), generated from the .jsii assemblies in
#      node_modules, cached per package version in dist-bindings/deps;
#   3. the Python wheel, built offline from the generated source with the
#      system's setuptools/wheel and no build isolation, then installed
#      (without dependencies) into dist-bindings/site, compiling every module;
#   4. test/bindings/check-consumers.ts: pyright (strict) on the Python
#      consumers, javac on the generated Java sources and the Java consumers;
#      good consumers must have no diagnostic, the deliberately wrong ones
#      exactly the errors their expect-error markers name.
# Needs python3 with setuptools, wheel and pip, a JDK, and Debian's Jackson
# and JetBrains annotations jars; under CI (as root) it installs them.
# Timings go to dist-bindings/timings.txt.
set -euo pipefail
cd "$(dirname "$0")/../.."

export JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION=20
OUT=dist-bindings
mkdir -p "$OUT"
: > "$OUT/timings.txt"

timed() {
  local label=$1; shift
  local start ms
  start=$(date +%s%N)
  "$@"
  ms=$(( ($(date +%s%N) - start) / 1000000 ))
  printf '%-44s %4d.%01ds\n' "$label" $((ms / 1000)) $((ms % 1000 / 100)) | tee -a "$OUT/timings.txt"
}

if [ ! -f .jsii ]; then
  echo "bindings: .jsii is missing; run 'npx projen compile' first" >&2
  exit 1
fi

# 0. Tools. Debian packages: python3-pip python3-setuptools python3-wheel
# default-jdk-headless libjackson2-databind-java libjetbrains-annotations-java.
python=""
find_python() {
  for candidate in "${PYTHON:-}" /usr/bin/python3 python3; do
    if [ -n "$candidate" ] && "$candidate" -c 'import setuptools, wheel, pip' 2>/dev/null; then
      python=$candidate
      return 0
    fi
  done
  return 1
}
java_ready() {
  command -v javac >/dev/null && [ -f /usr/share/java/jackson-databind.jar ] && [ -f /usr/share/java/org.jetbrains.annotations-java8.jar ]
}
if ! find_python || ! java_ready; then
  if [ -n "${CI:-}" ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    # A fresh machine may have no package lists yet.
    timed "apt-get update" apt-get update -q >/dev/null
    timed "apt-get install (python, JDK, jars)" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
      python3-pip python3-setuptools python3-wheel default-jdk-headless libjackson2-databind-java libjetbrains-annotations-java >/dev/null
    find_python
  fi
  if [ -z "$python" ] || ! java_ready; then
    echo "bindings: needs python3 with setuptools, wheel and pip (or set PYTHON), javac, and Debian's jars; on Debian:" >&2
    echo "  apt-get install python3-pip python3-setuptools python3-wheel default-jdk-headless libjackson2-databind-java libjetbrains-annotations-java" >&2
    exit 1
  fi
fi

# 1. This package. --no-npmignore: pacmak must not edit the projen-managed
# .npmignore. A rosetta tablet from `rosetta:extract`, when present, turns the
# TypeScript examples of the docstrings into Python and Java.
tablet=()
if [ -f .jsii.tabl.json ]; then tablet=(--rosetta-tablet .jsii.tabl.json); fi
rm -rf "$OUT/self"
timed "pacmak python+java (cdk-rust-image)" \
  jsii-pacmak --code-only --no-npmignore --force --target python --target java -o "$OUT/self" "${tablet[@]}"

# 2. The jsii dependencies the generated code imports.
for pkg in constructs aws-cdk-lib projen; do
  dir=$(node -p "require('path').dirname(require.resolve('$pkg/package.json'))")
  stamp="$pkg@$(node -p "require('$pkg/package.json').version") pacmak@$(jsii-pacmak --version) python+java"
  if [ -f "$OUT/deps/$pkg/.stamp" ] && [ "$(cat "$OUT/deps/$pkg/.stamp")" = "$stamp" ]; then
    echo "pacmak python+java ($pkg): cached ($stamp)" | tee -a "$OUT/timings.txt"
    continue
  fi
  rm -rf "$OUT/deps/$pkg"
  timed "pacmak python+java ($pkg)" \
    jsii-pacmak --code-only --no-npmignore --no-fingerprint --target python --target java -o "$OUT/deps/$pkg" "$dir"
  echo "$stamp" > "$OUT/deps/$pkg/.stamp"
done

# 3. The wheel. The generated pyproject pins setuptools/build versions and
# the runtime dependencies (jsii, publication, constructs, aws-cdk-lib...):
# none can be fetched, so build with the system's setuptools and wheel, no
# build isolation, no index, no dependencies.
rm -rf "$OUT/wheels" "$OUT/site"
timed "wheel (pip wheel, no build isolation)" \
  "$python" -m pip wheel --quiet --no-deps --no-build-isolation --no-index -w "$OUT/wheels" "$OUT/self/python"
wheel=$(ls "$OUT"/wheels/cdk_rust_image-*.whl)
timed "install wheel into $OUT/site" \
  "$python" -m pip install --quiet --no-deps --no-index --no-warn-script-location --disable-pip-version-check \
  --root-user-action=ignore --target "$OUT/site" "$wheel"
for f in cdk_rust_image/py.typed cdk_rust_image/__init__.py; do
  [ -f "$OUT/site/$f" ] || { echo "bindings: the wheel lacks $f" >&2; exit 1; }
done
ls "$OUT"/site/cdk_rust_image/_jsii/cdk-rust-image@*.jsii.tgz >/dev/null \
  || { echo "bindings: the wheel lacks the jsii assembly tarball" >&2; exit 1; }
echo "wheel: $wheel ($(du -k "$wheel" | cut -f1) KiB); requires: $("$python" -c 'import sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
meta = next(n for n in z.namelist() if n.endswith(".dist-info/METADATA"))
print("; ".join(l[15:] for l in z.read(meta).decode().splitlines() if l.startswith("Requires-Dist: ")))' "$wheel")"

# 4. The consumers: pyright and javac.
timed "pyright + javac (consumers)" ts-node --project tsconfig.dev.json test/bindings/check-consumers.ts

echo "bindings: timings"
cat "$OUT/timings.txt"
