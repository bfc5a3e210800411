#!/usr/bin/env bash
# pg-cluster.sh - a throwaway PostgreSQL cluster for tests (docs/ARCHITECTURE.md,
# "Storage"): initdb in a temporary folder, listening only on a Unix socket in
# that folder, run by an unprivileged user even when this script runs as root
# (postgres refuses to run as root): the Debian package's `postgres` user when
# there is one, else `nobody`. Durability is off (fsync, full pages): the
# cluster lives for one test run.
#
#   scripts/pg-cluster.sh start        make and start a cluster; prints its folder
#   scripts/pg-cluster.sh uri DIR      the URI of its database `meso`
#   scripts/pg-cluster.sh stop DIR     stop it and remove the folder
#
# The superuser is `postgres`, trusted on the socket, and the database `meso`
# is made at start. Tests make a schema (unit tests) or a database (e2e) each.
set -euo pipefail

bindir() {
    local d
    for d in /usr/lib/postgresql/*/bin; do [ -x "$d/initdb" ] && { echo "$d"; return; }; done
    command -v initdb >/dev/null && { dirname "$(command -v initdb)"; return; }
    echo "pg-cluster: initdb not found (run scripts/deps.sh: it installs postgresql)" >&2
    exit 1
}

# as_owner CMD...: run CMD as the cluster's owner.
as_owner() {
    if [ "$(id -u)" -eq 0 ]; then
        runuser -u "$OWNER" -- "$@"
    else
        "$@"
    fi
}

owner() {
    if [ "$(id -u)" -ne 0 ]; then id -un
    elif getent passwd postgres >/dev/null; then echo postgres
    else echo nobody
    fi
}

cmd=${1:-}
case "$cmd" in
start)
    BIN=$(bindir)
    OWNER=$(owner)
    DIR=$(mktemp -d "${TMPDIR:-/tmp}/meso-pg-XXXXXX")
    chmod 755 "$DIR"
    mkdir -m 700 "$DIR/data"
    [ "$(id -u)" -eq 0 ] && chown "$OWNER" "$DIR" "$DIR/data"
    if ! as_owner "$BIN/initdb" -D "$DIR/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 \
        --no-sync >"$DIR/initdb.log" 2>&1; then
        cat "$DIR/initdb.log" >&2
        rm -rf "$DIR"
        exit 1
    fi
    if ! as_owner "$BIN/pg_ctl" -D "$DIR/data" -l "$DIR/server.log" -w -t 60 \
        -o "-c listen_addresses='' -c unix_socket_directories='$DIR' -c fsync=off \
            -c synchronous_commit=off -c full_page_writes=off -c max_connections=300 \
            -c shared_buffers=64MB" start >/dev/null; then
        cat "$DIR/server.log" >&2
        rm -rf "$DIR"
        exit 1
    fi
    "$BIN/psql" -X -q -h "$DIR" -U postgres -d postgres -c 'CREATE DATABASE meso' >/dev/null
    echo "$DIR"
    ;;
uri)
    DIR=${2:?usage: pg-cluster.sh uri DIR}
    echo "postgresql:///meso?host=$DIR&user=postgres"
    ;;
stop)
    DIR=${2:?usage: pg-cluster.sh stop DIR}
    case "$DIR" in */meso-pg-*) ;; *) echo "pg-cluster: $DIR is not a test cluster" >&2; exit 1 ;; esac
    if [ -f "$DIR/data/postmaster.pid" ]; then
        BIN=$(bindir)
        OWNER=$(stat -c %U "$DIR/data")
        as_owner "$BIN/pg_ctl" -D "$DIR/data" -m immediate -w stop >/dev/null 2>&1 || true
    fi
    rm -rf "$DIR"
    ;;
*)
    echo "usage: scripts/pg-cluster.sh start | uri DIR | stop DIR" >&2
    exit 1
    ;;
esac
