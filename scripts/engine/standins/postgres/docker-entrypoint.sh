#!/usr/bin/env bash
# Entrypoint of the postgres stand-in (cdk-rust-image engine tests), written
# for this recipe to behave as the official image's entrypoint does for the
# variables a compose file sets:
#
#   POSTGRES_PASSWORD      the superuser's password; required on first start
#                          unless POSTGRES_HOST_AUTH_METHOD=trust
#   POSTGRES_USER          the superuser (default postgres)
#   POSTGRES_DB            the database made on first start (default: the user)
#   POSTGRES_INITDB_ARGS   more initdb arguments
#   POSTGRES_HOST_AUTH_METHOD  pg_hba method for `host all all all`
#                          (default: password_encryption, scram-sha-256)
#   VAR_FILE               reads VAR from a file (compose secrets)
#
# `postgres ...` (or only flags) initialises an empty $PGDATA once, then execs
# the server as PID 1, as the postgres user when started as root. Anything
# else is exec'd as it is.
set -Eeo pipefail

die() {
  echo "docker-entrypoint.sh: $*" >&2
  exit 1
}

# VAR from VAR or VAR_FILE (never both), else DEFAULT.
from_env_or_file() {
  local var="$1" default="${2:-}" file_var="${1}_FILE"
  if [[ -n "${!var:-}" && -n "${!file_var:-}" ]]; then die "both $var and $file_var are set; set one"; fi
  local value="$default"
  if [[ -n "${!var:-}" ]]; then
    value="${!var}"
  elif [[ -n "${!file_var:-}" ]]; then
    value="$(<"${!file_var}")"
  fi
  export "$var=$value"
  unset "$file_var"
}

# True when the arguments only ask postgres for information (it exits at once).
asks_for_info() {
  local arg
  for arg; do
    case "$arg" in -'?' | --help | --describe-config | -V | --version) return 0 ;; esac
  done
  return 1
}

prepare_directories() {
  mkdir -p "$PGDATA" /var/run/postgresql
  # Either may be someone else's mount; the server itself says if it minds.
  chmod 0700 "$PGDATA" || :
  chmod 3775 /var/run/postgresql || :
  if [[ "$(id -u)" == 0 ]]; then
    find "$PGDATA" /var/run/postgresql \! -user postgres -exec chown postgres '{}' +
  fi
}

# initdb wants the current uid in /etc/passwd; a `user:` without an entry gets one from nss_wrapper.
fake_passwd_entry() {
  getent passwd "$(id -u)" >/dev/null && return 0
  local wrapper
  for wrapper in /usr/lib/*/libnss_wrapper.so /usr/lib/libnss_wrapper.so; do
    [[ -s "$wrapper" ]] || continue
    NSS_WRAPPER_PASSWD="$(mktemp)"
    NSS_WRAPPER_GROUP="$(mktemp)"
    export LD_PRELOAD="$wrapper" NSS_WRAPPER_PASSWD NSS_WRAPPER_GROUP
    printf 'postgres:x:%s:%s:PostgreSQL:%s:/bin/false\n' "$(id -u)" "$(id -g)" "$PGDATA" >"$NSS_WRAPPER_PASSWD"
    printf 'postgres:x:%s:\n' "$(id -g)" >"$NSS_WRAPPER_GROUP"
    return 0
  done
}

# psql on the socket-only temporary server.
sql() {
  PGHOST='' PGHOSTADDR='' psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --no-password --no-psqlrc "$@"
}

run_init_files() {
  local f
  for f in /docker-entrypoint-initdb.d/*; do
    case "$f" in
      *.sh)
        echo "docker-entrypoint.sh: running $f"
        if [[ -x "$f" ]]; then "$f"; else . "$f"; fi
        ;;
      *.sql) echo "docker-entrypoint.sh: running $f"; sql --dbname "$POSTGRES_DB" -f "$f" ;;
      *.sql.gz) echo "docker-entrypoint.sh: running $f"; gunzip -c "$f" | sql --dbname "$POSTGRES_DB" ;;
      *) if [[ -e "$f" ]]; then echo "docker-entrypoint.sh: ignoring $f"; fi ;;
    esac
  done
}

initialise() {
  if [[ -z "$POSTGRES_PASSWORD" && "$POSTGRES_HOST_AUTH_METHOD" != trust ]]; then
    die "the database is uninitialised and POSTGRES_PASSWORD is empty: set POSTGRES_PASSWORD (or POSTGRES_HOST_AUTH_METHOD=trust, which lets anyone in)"
  fi
  fake_passwd_entry
  # --pwfile rejects an empty file, hence the newline.
  eval 'initdb --username="$POSTGRES_USER" --pwfile=<(printf "%s\n" "$POSTGRES_PASSWORD") '"$POSTGRES_INITDB_ARGS"
  if [[ "${LD_PRELOAD:-}" == */libnss_wrapper.so ]]; then
    rm -f "$NSS_WRAPPER_PASSWD" "$NSS_WRAPPER_GROUP"
    unset LD_PRELOAD NSS_WRAPPER_PASSWD NSS_WRAPPER_GROUP
  fi

  local method="${POSTGRES_HOST_AUTH_METHOD:-$(postgres -C password_encryption "${@:2}")}"
  printf '\nhost all all all %s\n' "$method" >>"$PGDATA/pg_hba.conf"

  export PGPASSWORD="${PGPASSWORD:-$POSTGRES_PASSWORD}"
  # Socket only: nothing on the network sees a half-made database.
  NOTIFY_SOCKET='' PGUSER="${PGUSER:-$POSTGRES_USER}" \
    pg_ctl -D "$PGDATA" -o "$(printf '%q ' "${@:2}" -c listen_addresses='' -p "${PGPORT:-5432}")" -w start
  if [[ -z "$(sql --dbname postgres --set db="$POSTGRES_DB" --tuples-only <<<"SELECT 1 FROM pg_database WHERE datname = :'db'")" ]]; then
    sql --dbname postgres --set db="$POSTGRES_DB" <<<'CREATE DATABASE :"db"'
  fi
  run_init_files
  PGUSER="${PGUSER:-$POSTGRES_USER}" pg_ctl -D "$PGDATA" -m fast -w stop
  unset PGPASSWORD
  echo 'docker-entrypoint.sh: PostgreSQL init process complete; ready for start up.'
}

main() {
  if [[ "${1:0:1}" == - ]]; then set -- postgres "$@"; fi
  if [[ "$1" != postgres ]] || asks_for_info "$@"; then
    exec "$@"
  fi
  from_env_or_file POSTGRES_PASSWORD
  from_env_or_file POSTGRES_USER postgres
  from_env_or_file POSTGRES_DB "$POSTGRES_USER"
  from_env_or_file POSTGRES_INITDB_ARGS
  : "${POSTGRES_HOST_AUTH_METHOD:=}"

  prepare_directories
  if [[ "$(id -u)" == 0 ]]; then
    exec setpriv --reuid=postgres --regid=postgres --init-groups "${BASH_SOURCE[0]}" "$@"
  fi
  if [[ -s "$PGDATA/PG_VERSION" ]]; then
    echo 'docker-entrypoint.sh: PostgreSQL Database directory appears to contain a database; Skipping initialization'
  else
    initialise "$@"
  fi
  exec "$@"
}

main "$@"
