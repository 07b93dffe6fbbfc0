#!/usr/bin/env bash
# Stand-in recipe: the root file system of Docker's official debian:<suite>-slim.
#
#   debian-slim.sh ARCH SUITE MIRROR SECURITY_MIRROR OUT_TAR
#
# Replaces: debian:trixie-slim (docker.io/library/debian, made by debuerreotype
# from the same Debian archive). ARCH is a Debian architecture (amd64, arm64);
# a foreign one runs debootstrap's second stage under qemu (binfmt.sh first).
#
# How it differs from the real image:
# - Made with `debootstrap --variant=minbase` instead of debuerreotype: the same
#   Essential/Required package set from the archive at build time, but not a
#   reproducible snapshot (no snapshot.debian.org timestamp, files carry today's
#   mtimes, package versions are whatever the mirror serves now).
# - The "slim" trimming is reproduced from debuerreotype's rules as this file
#   states them (dpkg path excludes for docs, man, info, locales; apt's
#   docker-clean and no-languages settings), not copied from the real image.
# - /etc/apt/sources.list.d/debian.sources names MIRROR and SECURITY_MIRROR
#   (by default deb.debian.org, as in the real image).
# - No /etc/hostname, /etc/resolv.conf or /dev entries (Docker provides them at
#   run time); /etc/machine-id is empty, as in the real image.
set -euo pipefail

[[ $# == 5 ]] || { echo "usage: $0 ARCH SUITE MIRROR SECURITY_MIRROR OUT_TAR" >&2; exit 2; }
ARCH="$1" SUITE="$2" MIRROR="$3" SECURITY_MIRROR="$4" OUT_TAR="$5"

ROOTFS="$(mktemp -d "${TMPDIR:-/tmp}/cdk-rust-image-rootfs-$ARCH.XXXXXX")"
trap 'rm -rf "$ROOTFS"' EXIT

debootstrap --variant=minbase --arch="$ARCH" "$SUITE" "$ROOTFS" "$MIRROR"

# Docker's slim variant: keep documentation and locales out, now and for every later install.
cat >"$ROOTFS/etc/dpkg/dpkg.cfg.d/docker" <<'EOF'
# Slim image (cdk-rust-image stand-in): files containers rarely need stay out.
path-exclude /usr/share/doc/*
path-include /usr/share/doc/*/copyright
path-exclude /usr/share/groff/*
path-exclude /usr/share/info/*
path-exclude /usr/share/linda/*
path-exclude /usr/share/lintian/*
path-exclude /usr/share/locale/*
path-include /usr/share/locale/locale.alias
path-exclude /usr/share/man/*
EOF
(
  cd "$ROOTFS"
  find usr/share/doc -mindepth 1 -not -name copyright -not -type d -delete
  find usr/share/doc -mindepth 1 -type d -empty -delete
  find usr/share/locale -mindepth 1 -maxdepth 1 -not -name locale.alias -exec rm -rf {} +
  rm -rf usr/share/groff/* usr/share/info/* usr/share/linda/* usr/share/lintian/* usr/share/man/*
)

# apt as the official images configure it: no cached .debs, no translations.
cat >"$ROOTFS/etc/apt/apt.conf.d/docker-clean" <<'EOF'
# Delete downloaded packages after installing them (cdk-rust-image stand-in).
DPkg::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };
APT::Update::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };
Dir::Cache::pkgcache "";
Dir::Cache::srcpkgcache "";
EOF
printf 'Acquire::Languages "none";\n' >"$ROOTFS/etc/apt/apt.conf.d/docker-no-languages"

# The official images' deb822 sources: the suite, its updates and its security archive.
rm -f "$ROOTFS/etc/apt/sources.list"
cat >"$ROOTFS/etc/apt/sources.list.d/debian.sources" <<EOF
Types: deb
URIs: $MIRROR
Suites: $SUITE $SUITE-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb
URIs: $SECURITY_MIRROR
Suites: $SUITE-security
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
EOF

# What Docker provides at run time, and what debootstrap leaves from the build machine.
rm -rf "$ROOTFS"/dev/* "$ROOTFS"/proc/* "$ROOTFS"/sys/* "$ROOTFS"/run/* "$ROOTFS"/tmp/*
rm -f "$ROOTFS/etc/hostname" "$ROOTFS/etc/resolv.conf"
: >"$ROOTFS/etc/machine-id"
rm -rf "$ROOTFS"/var/lib/apt/lists/* "$ROOTFS"/var/cache/apt/*.bin "$ROOTFS"/var/cache/apt/archives/*.deb
find "$ROOTFS/var/log" -type f -delete

tar -C "$ROOTFS" --numeric-owner -cf "$OUT_TAR" .
