#!/usr/bin/env bash
# Starts a throwaway PostgreSQL cluster on 127.0.0.1 and prints its DATABASE_URL.
# Usage: source .ci/postgres.sh start   → exports DATABASE_URL, PG_TMP
#        .ci/postgres.sh stop DIR
set -euo pipefail

pg_bin() {
  if command -v initdb >/dev/null 2>&1; then dirname "$(readlink -f "$(command -v initdb)")"; return; fi
  local d; d=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
  if [ -n "$d" ] && [ -x "$d/initdb" ]; then echo "$d"; return; fi
  echo "installing postgresql with apt-get" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2 && apt-get install -y -qq postgresql >&2
  d=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1); echo "$d"
}

case "${1:-}" in
  start)
    BIN=$(pg_bin)
    PG_TMP=$(mktemp -d /tmp/coordinator-pg.XXXXXX)
    PG_PORT=${PG_PORT:-$(( 20000 + RANDOM % 20000 ))}
    RUNAS=()
    if [ "$(id -u)" = "0" ]; then
      id postgres >/dev/null 2>&1 || useradd -r -m postgres
      chown postgres "$PG_TMP"
      RUNAS=(runuser -u postgres --)
    fi
    # Subshells in / : the postgres user may not enter the caller's directory.
    (cd / && "${RUNAS[@]}" "$BIN/initdb" -D "$PG_TMP/data" -U postgres -A trust --no-sync >/dev/null)
    (cd / && "${RUNAS[@]}" "$BIN/pg_ctl" -D "$PG_TMP/data" -l "$PG_TMP/log" -w \
      -o "-c listen_addresses=127.0.0.1 -c port=$PG_PORT -c unix_socket_directories=$PG_TMP -c fsync=off -c max_connections=300" start >/dev/null)
    "$BIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -qc 'create database coordinator' >/dev/null
    export PG_TMP PG_BIN="$BIN" DATABASE_URL="postgres://postgres@127.0.0.1:$PG_PORT/coordinator"
    echo "postgres ready: $DATABASE_URL" >&2
    ;;
  stop)
    DIR=${2:?data dir}
    BIN=$(pg_bin)
    RUNAS=()
    if [ "$(id -u)" = "0" ]; then RUNAS=(runuser -u postgres --); fi
    (cd / && "${RUNAS[@]}" "$BIN/pg_ctl" -D "$DIR/data" -m fast stop >/dev/null) || true
    rm -rf "$DIR"
    ;;
  *) echo "usage: $0 start|stop DIR" >&2; exit 2 ;;
esac
