# Stand-in for postgres:17-trixie (docker.io/library/postgres, the Docker
# official image: PGDG's PostgreSQL packages on debian:trixie-slim, with an
# entrypoint that initialises a cluster from the environment). Made from
# Debian 13's own postgresql-17 on the Debian stand-in. amd64 only.
#
# What it reproduces, for a compose file or `docker run`:
# - postgres user and group 999:999, home /var/lib/postgresql (1777);
# - PGDATA=/var/lib/postgresql/data (a VOLUME), /var/run/postgresql (3777);
# - PATH ends in /usr/lib/postgresql/17/bin; psql, pg_isready (Debian's
#   pg_wrapper in /usr/bin, as in the real image), initdb, pg_ctl;
# - LANG=en_US.utf8 with that locale generated: new databases are UTF8;
# - the sample configuration listens on '*', so initdb's postgresql.conf does;
# - ENTRYPOINT docker-entrypoint.sh, CMD postgres, STOPSIGNAL SIGINT, EXPOSE
#   5432; the entrypoint (postgres/docker-entrypoint.sh, written for this
#   recipe) honours POSTGRES_PASSWORD, POSTGRES_USER, POSTGRES_DB,
#   POSTGRES_INITDB_ARGS, POSTGRES_HOST_AUTH_METHOD and their _FILE forms,
#   initialises an empty PGDATA once, appends `host all all all
#   scram-sha-256` to pg_hba.conf, runs /docker-entrypoint-initdb.d/*.sh,
#   *.sql and *.sql.gz, drops root and execs the server as PID 1.
#
# How it differs:
# - Debian's postgresql-17 (17.12-0+deb13u1 when written) instead of PGDG's
#   build; the minor version is whatever the archive serves, not the tag's.
# - Root steps down with setpriv (util-linux), not gosu; no gosu in the image.
# - No gnupg, less, xz-utils or zstd: init files ending in .sql.xz or
#   .sql.zst are ignored; no docker-ensure-initdb.sh.
# - The entrypoint is this recipe's own and much shorter; its messages differ.
ARG DEBIAN_IMAGE=debian:trixie-slim
FROM ${DEBIAN_IMAGE}

# The official image fixes the ids before postgresql-common's postinst picks some.
RUN groupadd -r postgres --gid=999 \
 && useradd -r -g postgres --uid=999 --home-dir=/var/lib/postgresql --shell=/bin/bash postgres \
 && install -d -o postgres -g postgres -m 1777 /var/lib/postgresql

ARG PG_MAJOR=17
COPY postgres/install.sh /tmp/install.sh
RUN sh /tmp/install.sh "$PG_MAJOR" && rm /tmp/install.sh

ENV PG_MAJOR=${PG_MAJOR} \
    LANG=en_US.utf8 \
    PGDATA=/var/lib/postgresql/data \
    PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin:/usr/lib/postgresql/${PG_MAJOR}/bin
VOLUME /var/lib/postgresql/data

COPY postgres/docker-entrypoint.sh /usr/local/bin/docker-entrypoint.sh
ENTRYPOINT ["docker-entrypoint.sh"]
# Fast shutdown: SIGTERM would wait for every client (the service's pool) to leave.
STOPSIGNAL SIGINT
EXPOSE 5432
CMD ["postgres"]
ARG RECIPE=unknown
LABEL io.cdk-rust-image.engine.recipe=$RECIPE
