#!/usr/bin/env bash
# A throwaway PostgreSQL server for the tests and CI, on 127.0.0.1 only.
#
#   scripts/start-postgres.sh          # start (or reuse) it; prints its URL on stdout
#   scripts/start-postgres.sh stop     # stop it (the cluster directory stays, for a restart)
#   scripts/start-postgres.sh destroy  # stop it and delete the cluster directory
#
#   export CERCLE_TEST_POSTGRES_URL="$(scripts/start-postgres.sh)"
#
# Installs nothing: the Debian package `postgresql` must be there (CI installs it). The
# cluster lives in $CERCLE_PG_DIR (default /tmp/cercle-pg), listens on 127.0.0.1:$CERCLE_PG_PORT
# (default 54329) and nowhere else, and holds a role `cercle` (password `cercle`, CREATEDB:
# each test creates its own database) and the database `cercle_test`. Running it again
# reuses what exists. Connections over TCP need the password (scram-sha-256), so the
# tests exercise the same password path as a real server; only the cluster's owner may
# use the Unix socket, which sits in the cluster directory, not in /var/run.
#
# As root the server runs as the `postgres` system user (PostgreSQL refuses root);
# as any other user it runs as that user. Messages go to stderr, only the URL to stdout.
set -euo pipefail

PORT="${CERCLE_PG_PORT:-54329}"
DIR="${CERCLE_PG_DIR:-/tmp/cercle-pg}"
DATA="$DIR/data"
SOCKET="$DIR/run"
LOG="$DIR/server.log"
ROLE=cercle
PASSWORD=cercle
DATABASE=cercle_test
URL="postgresql+psycopg://$ROLE:$PASSWORD@127.0.0.1:$PORT/$DATABASE"

say() { echo "start-postgres: $*" >&2; }

BIN="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)"
if [ -z "$BIN" ] || [ ! -x "$BIN/pg_ctl" ]; then
  say "no PostgreSQL server binaries under /usr/lib/postgresql/*/bin (apt-get install postgresql)"
  exit 1
fi

if [ "$(id -u)" = 0 ]; then
  OWNER=postgres
  as_owner() { runuser -u "$OWNER" -- "$@"; }
else
  OWNER="$(id -un)"
  as_owner() { "$@"; }
fi
cd /tmp  # the server's user may not be allowed into the caller's directory

pg() { as_owner "$BIN/$1" "${@:2}"; }
psql_owner() { as_owner "$BIN/psql" -X -q -v ON_ERROR_STOP=1 -h "$SOCKET" -p "$PORT" -d postgres "$@"; }
running() { [ -f "$DATA/postmaster.pid" ] && pg pg_ctl -D "$DATA" status >/dev/null 2>&1; }

case "${1:-start}" in
  stop)
    if running; then pg pg_ctl -D "$DATA" -m fast -w stop >&2; fi
    exit 0 ;;
  destroy)
    if running; then pg pg_ctl -D "$DATA" -m fast -w stop >&2; fi
    rm -rf "$DIR"
    exit 0 ;;
  start) ;;
  *) say "usage: $0 [start|stop|destroy]"; exit 2 ;;
esac

mkdir -p "$DIR"
chown "$OWNER" "$DIR"
chmod 700 "$DIR"

if [ ! -f "$DATA/PG_VERSION" ]; then
  say "creating the cluster in $DATA ($BIN)"
  # Local (socket) connections: the owner only, trusted; TCP on 127.0.0.1: password.
  pg initdb -D "$DATA" -U "$OWNER" --encoding=UTF8 --locale=C.UTF-8 \
    --auth-local=trust --auth-host=scram-sha-256 >"$DIR/initdb.log" 2>&1 \
    || { cat "$DIR/initdb.log" >&2; exit 1; }
  as_owner mkdir -p "$SOCKET"
fi

if ! running; then
  say "starting PostgreSQL on 127.0.0.1:$PORT (log: $LOG)"
  # fsync off: a test server, thrown away; losing it on a crash costs nothing.
  # autovacuum off: its workers may sit in a test database when the test drops it, and
  # the test role may not terminate them (DROP DATABASE … WITH (FORCE) then fails).
  OPTIONS="-c listen_addresses=127.0.0.1 -p $PORT -k $SOCKET -c unix_socket_permissions=0700"
  OPTIONS="$OPTIONS -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c autovacuum=off"
  OPTIONS="$OPTIONS -c max_connections=200"
  pg pg_ctl -D "$DATA" -l "$LOG" -w -t 60 -o "$OPTIONS" start >&2 || { tail -n 30 "$LOG" >&2; exit 1; }
fi

# The role and the database, created once (the password is reset every time: harmless).
if [ "$(psql_owner -tA -c "SELECT 1 FROM pg_roles WHERE rolname = '$ROLE'")" != 1 ]; then
  psql_owner -c "CREATE ROLE $ROLE LOGIN CREATEDB PASSWORD '$PASSWORD'"
else
  psql_owner -c "ALTER ROLE $ROLE LOGIN CREATEDB PASSWORD '$PASSWORD'"
fi
if [ "$(psql_owner -tA -c "SELECT 1 FROM pg_database WHERE datname = '$DATABASE'")" != 1 ]; then
  psql_owner -c "CREATE DATABASE $DATABASE OWNER $ROLE"
fi

echo "$URL"
