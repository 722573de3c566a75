#!/usr/bin/env bash
# Runs a command with a throw-away PostgreSQL server on loopback, its URL in
# CITYLEDGER_PG_DSN, and stops the server afterwards. PostgreSQL refuses to run as
# root, so as root the server runs as the postgres user (runuser). Without PostgreSQL
# installed the command runs as it is and the PostgreSQL tests say they are skipped.
set -euo pipefail
pgbin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
if [ -z "$pgbin" ] || [ ! -x "$pgbin/initdb" ]; then
  echo "pg.sh: PostgreSQL not installed; running without it" >&2
  exec "$@"
fi
dir=$(mktemp -d /tmp/cityledger-pg.XXXXXX)
port=$((20000 + RANDOM % 20000))
as=()
if [ "$(id -u)" -eq 0 ]; then
  chown postgres: "$dir"
  as=(runuser -u postgres --)
fi
"${as[@]}" "$pgbin/initdb" -D "$dir/data" -A trust -U cityledger -E UTF8 >/dev/null
"${as[@]}" "$pgbin/pg_ctl" -D "$dir/data" -l "$dir/log" -w -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off -c max_connections=200" start >/dev/null
stop() { "${as[@]}" "$pgbin/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true; rm -rf "$dir"; }
trap stop EXIT
"${as[@]}" "$pgbin/createdb" -h 127.0.0.1 -p "$port" -U cityledger cityledger_test
export CITYLEDGER_PG_DSN="postgres://cityledger@127.0.0.1:$port/cityledger_test?sslmode=disable"
"$@"
