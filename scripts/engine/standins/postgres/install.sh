#!/bin/sh
# Installs Debian's PostgreSQL MAJOR into the postgres stand-in, laid out as
# the official image lays out PGDG's (see ../postgres.Dockerfile).
#
#   install.sh MAJOR
set -eu
major="$1"
export DEBIAN_FRONTEND=noninteractive

# The slim base keeps /usr/share/locale out; the official image lifts that for the locale below.
sed -i '/\/usr\/share\/locale/d' /etc/dpkg/dpkg.cfg.d/docker
apt-get update -qq
apt-get install -y -qq --no-install-recommends locales libnss-wrapper >/dev/null
echo 'en_US.UTF-8 UTF-8' >>/etc/locale.gen
locale-gen
locale -a | grep -qx en_US.utf8

# Clusters come from the entrypoint, not from the package's postinst.
apt-get install -y -qq --no-install-recommends postgresql-common >/dev/null
sed -ri 's/#(create_main_cluster) .*$/\1 = false/' /etc/postgresql-common/createcluster.conf
apt-get install -y -qq --no-install-recommends "postgresql-$major" >/dev/null
rm -rf /var/lib/apt/lists/*
ls /var/lib/postgresql/"$major" 2>/dev/null && { echo "a cluster was created at install" >&2; exit 1; }

# initdb copies the sample: listening on every interface is the container's default.
sample="/usr/share/postgresql/$major/postgresql.conf.sample"
sed -ri "s!^#?(listen_addresses)\s*=\s*\S+.*!\1 = '*'!" "$sample"
grep -qF "listen_addresses = '*'" "$sample"

install -d -o postgres -g postgres -m 3777 /var/run/postgresql
# 1777 until the entrypoint makes it 0700 (any --user can then use it).
install -d -o postgres -g postgres -m 1777 /var/lib/postgresql/data
mkdir /docker-entrypoint-initdb.d
"/usr/lib/postgresql/$major/bin/postgres" --version
