#!/usr/bin/env bash
# Runs a command against a throw-away PostgreSQL cluster.
#
#   .ci/pg.sh                 # the tests of ticket/pgstore and ticket/pgstore/wakeup, with -race
#   .ci/pg.sh go test -run=^$ -bench=. -benchtime=2s ./...   # any command, run in ticket/pgstore
#   .ci/pg.sh -C ticket/pgstore/wakeup go test -run Faults -v ./...   # run in another folder
#
# It finds the server binaries (pg_config --bindir, else the newest
# /usr/lib/postgresql/*/bin; installs the Debian package postgresql when
# there are none), initdb's a cluster into a temporary directory, starts it
# listening only on a Unix socket in that directory, exports
#
#   DESK_PG_URL      the connection URL of the cluster's "postgres" database
#   DESK_PG_RESTART  a shell command that restarts the server (pg_ctl restart)
#
# runs the command in ticket/pgstore (or in the folder -C names, relative
# to the repository's root), and stops the server and removes the
# directory on exit, whatever happens. The server runs with fsync off (the
# data is thrown away) unless DESK_PG_DURABLE=1. initdb and postgres refuse
# to run as root, so as root they run as the unprivileged user nobody.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
workdir="$root/ticket/pgstore"
if [ "${1:-}" = "-C" ]; then
  workdir="$root/$2"
  shift 2
fi
cd "$workdir"

bindir=""
if command -v pg_config >/dev/null 2>&1; then
  bindir=$(pg_config --bindir 2>/dev/null || true)
fi
if [ -z "$bindir" ] || [ ! -x "$bindir/initdb" ]; then
  bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
fi
if [ -z "$bindir" ] || [ ! -x "$bindir/initdb" ]; then
  echo "pg.sh: no PostgreSQL server binaries; installing the Debian package postgresql" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq postgresql >/dev/null
  bindir=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
fi

# as_server runs a server binary, as nobody when we are root.
if [ "$(id -u)" = 0 ]; then
  dir=$(mktemp -d /tmp/desk-pg.XXXXXX)
  chown nobody "$dir"
  as_server() { runuser -u nobody -- "$@"; }
  server_prefix="runuser -u nobody -- "
else
  dir=$(mktemp -d "${TMPDIR:-/tmp}/desk-pg.XXXXXX")
  as_server() { "$@"; }
  server_prefix=""
fi
data="$dir/data"
log="$dir/server.log"

stop() {
  status=$?
  if [ -f "$data/postmaster.pid" ]; then
    as_server "$bindir/pg_ctl" -D "$data" -m immediate -w stop >/dev/null 2>&1 || true
  fi
  if [ "$status" != 0 ] && [ -f "$log" ]; then
    echo "pg.sh: exit status $status; last lines of the server log:" >&2
    tail -n 20 "$log" >&2 || true
  fi
  rm -rf "$dir"
  exit "$status"
}
trap stop EXIT
trap 'exit 130' INT TERM

fsync=off
if [ "${DESK_PG_DURABLE:-}" = 1 ]; then
  fsync=on
fi
as_server "$bindir/initdb" -D "$data" -U desk -A trust -E UTF8 --locale=C >/dev/null
opts="-c listen_addresses='' -k $dir -p 5432 -c fsync=$fsync -c full_page_writes=$fsync -c max_connections=200"
as_server "$bindir/pg_ctl" -D "$data" -l "$log" -w -t 60 -o "$opts" start >/dev/null

export DESK_PG_URL="postgres:///postgres?host=$dir&port=5432&user=desk&sslmode=disable"
export DESK_PG_RESTART="${server_prefix}$bindir/pg_ctl -D $data -l $log -w -t 60 -o \"$opts\" restart >/dev/null"
echo "pg.sh: $("$bindir/postgres" --version) on $dir (fsync=$fsync)"

if [ "$#" = 0 ]; then
  # Each module's tests; the wake-ups' fault test restarts the server.
  go test -race -count=1 ./...
  (cd "$root/ticket/pgstore/wakeup" && go test -race -count=1 -timeout 30m ./...)
  exit 0
fi
"$@"
