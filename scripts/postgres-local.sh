#!/usr/bin/env bash
# Starts (or stops) a throw-away PostgreSQL on 127.0.0.1 for the test suite.
#   scripts/postgres-local.sh start DIR PORT   → prints the TEST_POSTGRES_URL
#   scripts/postgres-local.sh stop DIR
# Installs Debian's postgresql when no server binaries are present.
set -euo pipefail
cmd=${1:?start|stop}; dir=${2:?data dir}; port=${3:-54329}

as_pg() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

pgbin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }

case "$cmd" in
start)
  if [ -z "$(pgbin)" ] || [ ! -x "$(pgbin)/initdb" ]; then
    echo "PostgreSQL server not found: installing it (apt-get)…" >&2
    SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
    $SUDO apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq postgresql >&2
  fi
  bin=$(pgbin)
  if [ "$(id -u)" = 0 ] && ! id postgres >/dev/null 2>&1; then useradd --system --home "$dir" postgres; fi
  mkdir -p "$dir"
  [ "$(id -u)" = 0 ] && chown postgres "$dir"
  as_pg "$bin/initdb" -D "$dir/data" -U jz --auth=trust -E UTF8 --locale=C >"$dir/initdb.log" 2>&1
  as_pg "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w \
    -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200" start >&2
  as_pg "$bin/createdb" -h 127.0.0.1 -p "$port" -U jz jz_test
  echo "postgres://jz:jz@127.0.0.1:$port/jz_test"
  ;;
stop)
  bin=$(pgbin)
  as_pg "$bin/pg_ctl" -D "$dir/data" -m fast stop >&2 || true
  ;;
esac
