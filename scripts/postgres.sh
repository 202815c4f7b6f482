#!/usr/bin/env bash
# A throwaway PostgreSQL 15 server for the tests and benchmarks (docs/storage-postgresql.md).
#   scripts/postgres.sh run CMD [ARGS]   install postgresql-15 if missing, initdb a cluster in a
#                                        temporary directory, start it, run CMD with the variables
#                                        below exported, then stop the server and remove the directory
#   scripts/postgres.sh restart DIR      stop and start the cluster in DIR (the restart test uses it)
# Exported to CMD:
#   ITSM_TEST_POSTGRES_URI      postgresql://…  over the cluster's unix socket (trust)
#   ITSM_TEST_POSTGRES_TCP_URI  the same over 127.0.0.1 with the role's password (scram-sha-256)
#   ITSM_TEST_POSTGRES_RESTART  a command that restarts the server
# When the server cannot be installed or started, CMD still runs, without the variables, after a
# clear message; the PostgreSQL tests then report themselves as skipped (ctest: "Skipped").
# PostgreSQL refuses to run as root: as root, the server runs as the 'postgres' user (or 'nobody').
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
bin=/usr/lib/postgresql/15/bin
password=itsm-test-password

as_server_user() {
  if [ "$(id -u)" -eq 0 ]; then
    local user=postgres
    id -u postgres >/dev/null 2>&1 || user=nobody
    runuser -u "$user" -- "$@"
  else
    "$@"
  fi
}

server_user() {
  if [ "$(id -u)" -ne 0 ]; then id -un; elif id -u postgres >/dev/null 2>&1; then echo postgres; else echo nobody; fi
}

start_server() {  # DIR
  local dir=$1
  as_server_user "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
    -o "-k $dir -p $(cat "$dir/port") -c listen_addresses=127.0.0.1 -c max_connections=200" start >/dev/null
}

stop_server() {  # DIR
  as_server_user "$bin/pg_ctl" -D "$1/data" -m fast -w stop >/dev/null 2>&1 || true
}

create_cluster() {  # prints the directory
  local dir port
  dir=$(mktemp -d /tmp/itsm-pg-XXXXXX)
  chmod 755 "$dir"
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  echo "$port" >"$dir/port"
  echo "$password" >"$dir/pw"
  chown -R "$(server_user)" "$dir"
  as_server_user "$bin/initdb" -D "$dir/data" -U itsm --pwfile="$dir/pw" -E UTF8 --locale=C \
    --auth-local=trust --auth-host=scram-sha-256 >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; return 1; }
  start_server "$dir" || { cat "$dir/server.log" >&2; return 1; }
  as_server_user "$bin/createdb" -h "$dir" -p "$port" -U itsm itsm
  echo "$dir"
}

case "${1:-}" in
  run)
    shift
    [ $# -gt 0 ] || { echo "usage: scripts/postgres.sh run CMD [ARGS]" >&2; exit 2; }
    [ -x "$bin/initdb" ] || bash "$here/install-deps.sh" postgresql-15 || true
    dir=""
    if [ ! -x "$bin/initdb" ]; then
      echo "itsm: PostgreSQL 15 could not be installed: the PostgreSQL tests and benchmark are SKIPPED" >&2
    elif ! dir=$(create_cluster); then
      echo "itsm: the PostgreSQL server did not start: the PostgreSQL tests and benchmark are SKIPPED" >&2
      dir=""
    fi
    if [ -n "$dir" ]; then
      trap 'stop_server "$dir"; rm -rf "$dir"' EXIT
      port=$(cat "$dir/port")
      export ITSM_TEST_POSTGRES_URI="postgresql:///itsm?host=$dir&port=$port&user=itsm"
      export ITSM_TEST_POSTGRES_TCP_URI="postgresql://itsm:$password@127.0.0.1:$port/itsm"
      export ITSM_TEST_POSTGRES_RESTART="bash $here/postgres.sh restart $dir"
      echo "itsm: PostgreSQL 15 test server at $ITSM_TEST_POSTGRES_URI" >&2
    fi
    status=0
    "$@" || status=$?
    exit "$status"
    ;;
  restart)
    stop_server "$2"
    start_server "$2"
    ;;
  *)
    echo "usage: scripts/postgres.sh run CMD [ARGS] | restart DIR" >&2
    exit 2
    ;;
esac
