#!/usr/bin/env bash
# CI of the reference host: install it into the current virtual environment, lint and type-check
# it, run its tests on SQLite, then run the same tests on a PostgreSQL server started (and
# stopped) here. Needs Python 3.10+ with pip; as root it installs PostgreSQL from Debian if absent.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
cd "$here"

echo "::: install"
python -m pip install --quiet -e "$root" -e ".[test]"
echo "::: lint and types"
ruff check .
ruff format --check .
mypy src

echo "::: tests on SQLite"
unset MEETINGFLOW_HOST_DB
python -m pytest -q -p no:cacheprovider

echo "::: tests on PostgreSQL"
bin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)"
if [ -z "$bin" ]; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql >/dev/null
  bin="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)"
fi
as_postgres() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
work="$(mktemp -d)"
[ "$(id -u)" = 0 ] && chown postgres: "$work"
port="$(python -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
stop() {
  as_postgres "$bin/pg_ctl" -D "$work/data" -m fast -w stop >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap stop EXIT
as_postgres "$bin/initdb" -D "$work/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
as_postgres "$bin/pg_ctl" -D "$work/data" -l "$work/server.log" -w start \
  -o "-c listen_addresses=127.0.0.1 -p $port -k $work -c fsync=off" >/dev/null
as_postgres "$bin/psql" -q -h 127.0.0.1 -p "$port" -U postgres -v ON_ERROR_STOP=1 \
  -c "CREATE USER host" -c "CREATE DATABASE host OWNER host"
MEETINGFLOW_HOST_DB="postgresql+psycopg://host@127.0.0.1:$port/host" \
  python -m pytest -q -p no:cacheprovider
