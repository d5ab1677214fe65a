#!/usr/bin/env bash
# Runs a command against a throwaway PostgreSQL server on loopback, installing it from
# Debian's packages when it is missing. Usage: scripts/with-postgres.sh COMMAND...
set -euo pipefail

PORT=${ROLLCALL_PG_PORT:-54329}
if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq postgresql >/dev/null
fi
PGBIN=$(dirname "$(ls -d /usr/lib/postgresql/*/bin/initdb | sort -V | tail -n 1)")

WORK=$(mktemp -d /tmp/rollcall-pg.XXXXXX)
chmod 755 "$WORK"
RUN_AS=()
if [ "$(id -u)" = 0 ]; then
  chown postgres:postgres "$WORK"
  RUN_AS=(runuser -u postgres --)
fi
cleanup() {
  "${RUN_AS[@]}" "$PGBIN/pg_ctl" -D "$WORK/db" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT

"${RUN_AS[@]}" "$PGBIN/initdb" -D "$WORK/db" -U postgres -A trust --no-sync -E UTF8 >/dev/null
"${RUN_AS[@]}" "$PGBIN/pg_ctl" -D "$WORK/db" -l "$WORK/log" -w \
  -o "-c listen_addresses=127.0.0.1 -p $PORT -k $WORK -c fsync=off -c synchronous_commit=off" start >/dev/null
"${RUN_AS[@]}" "$PGBIN/psql" -h 127.0.0.1 -p "$PORT" -U postgres -qc \
  "CREATE ROLE rollcall LOGIN CREATEDB PASSWORD 'rollcall'" >/dev/null
"${RUN_AS[@]}" "$PGBIN/psql" -h 127.0.0.1 -p "$PORT" -U postgres -qc \
  "CREATE DATABASE rollcall OWNER rollcall" >/dev/null

export DATABASE_URL="postgres://rollcall:rollcall@127.0.0.1:$PORT/rollcall"
echo "PostgreSQL on 127.0.0.1:$PORT"
"$@"
