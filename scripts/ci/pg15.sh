#!/usr/bin/env bash
# Throwaway PostgreSQL 15 server for the compatibility test run.
#   bash scripts/ci/pg15.sh start  -> stdout: exactly one line "DATABASE_URL=postgres://..."
#   bash scripts/ci/pg15.sh stop   -> stops it and deletes everything (exit 0 if nothing runs)
# It uses Debian's PostgreSQL 15 binaries but never the system cluster 15/main:
# the server below lives in its own temp dir, owned by this run.
# All diagnostics go to stderr so that stdout stays machine-readable.
set -Eeuo pipefail   # -E: the ERR trap in start() also fires inside functions

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
STATE="$ROOT/.data/pg15-ci.state"
PGBIN="${PG15_BIN:-/usr/lib/postgresql/15/bin}"
# Below Linux's ephemeral range (32768-60999): by the time this run starts, the e2e and
# multi-instance steps have opened thousands of client connections, and one of them can hold
# a port in that range as its local end (CI once failed with 55432 "Address already in use").
PORT_FROM="${PG15_PORT:-25432}"

log() { echo "[pg15] $*" >&2; }
as_pg() { runuser -u postgres -- "$@"; }   # initdb/postgres refuse to run as root

apt_install() {
  # Fast path with the existing package lists; refresh only if that fails.
  # `apt-get update` exits non-zero if any one source is unreachable, so its status is ignored.
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y --no-install-recommends "$@" </dev/null >&2 && return 0
  apt-get update </dev/null >&2 || log "apt-get update reported errors; retrying install anyway"
  apt-get install -y --no-install-recommends "$@" </dev/null >&2
}

ensure_pg15() {
  [[ -x "$PGBIN/initdb" && -x "$PGBIN/pg_ctl" ]] && return 0
  log "PostgreSQL 15 binaries missing in $PGBIN; installing Debian's postgresql package"
  local t=$SECONDS
  apt_install postgresql
  log "postgresql installed in $((SECONDS - t)) s"
  [[ -x "$PGBIN/initdb" ]] || { log "still no $PGBIN/initdb after install"; exit 1; }
}

# Free means "can be bound", not "nobody answers": a client socket's local end refuses a
# listener as well, and a connect test does not see it.
port_bindable() {
  node -e "const s=require('net').createServer();s.once('error',()=>process.exit(1));s.listen($1,'127.0.0.1',()=>s.close(()=>process.exit(0)))" 2>/dev/null
}

free_port() {
  local p
  for ((p = PORT_FROM; p < PORT_FROM + 100; p++)); do
    port_bindable "$p" && { echo "$p"; return 0; }
  done
  log "no free port in $PORT_FROM..$((PORT_FROM + 99))"; return 1
}

stop() {
  [[ -f "$STATE" ]] || { log "no state file, nothing to stop"; return 0; }
  local dir; dir="$(cat "$STATE")"
  # Guard the rm -rf below: only ever delete a directory this script created.
  if [[ "$dir" != /tmp/paluu-pg15.* ]]; then log "unexpected dir '$dir' in $STATE; not touching it"; return 1; fi
  if [[ -f "$dir/data/postmaster.pid" ]]; then
    as_pg "$PGBIN/pg_ctl" -D "$dir/data" -m fast -w -t 30 stop >&2 ||
      as_pg "$PGBIN/pg_ctl" -D "$dir/data" -m immediate -w stop >&2 || log "pg_ctl stop failed"
  fi
  rm -rf "$dir" "$STATE"
  log "stopped and removed $dir"
}

start() {
  [[ $EUID -eq 0 ]] || { log "must run as root (uses apt-get and runuser)"; exit 1; }
  [[ -f "$STATE" ]] && { log "stale state file from an earlier run; cleaning it up first"; stop; }
  ensure_pg15
  local t=$SECONDS port dir password
  port="$(free_port)"
  # Explicit /tmp: a $TMPDIR under /root (mode 700) would not be traversable by the postgres user.
  dir="$(mktemp -d /tmp/paluu-pg15.XXXXXX)"
  chmod 755 "$dir"
  mkdir -p "$ROOT/.data"
  echo "$dir" >"$STATE"   # written first, so `stop` can clean up after a failed start
  trap 'log "start failed; server log:"; tail -n 20 "$dir/server.log" >&2 2>/dev/null || true; stop' ERR

  password="$(od -An -tx1 -N16 /dev/urandom | tr -d ' \n')"   # hex: no URL escaping needed
  install -d -o postgres -g postgres -m 700 "$dir/data"
  install -d -o postgres -g postgres -m 755 "$dir/sock"   # postgres writes socket + lock file here
  # Files the postgres user must write are created with that owner up front.
  install -o postgres -g postgres -m 600 /dev/null "$dir/pwfile"
  install -o postgres -g postgres -m 600 /dev/null "$dir/server.log"
  printf '%s\n' "$password" >"$dir/pwfile"
  # Explicit encoding/locale: with LANG unset (typical in CI) initdb would pick SQL_ASCII.
  as_pg "$PGBIN/initdb" -D "$dir/data" -U postgres --pwfile="$dir/pwfile" \
    --auth-local=trust --auth-host=scram-sha-256 -E UTF8 --locale=C.UTF-8 >&2
  rm -f "$dir/pwfile"

  # TCP on 127.0.0.1 only; socket in our own dir (not /var/run/postgresql, which 15/main uses).
  # fsync etc. off: a throwaway test database does not need crash safety.
  as_pg "$PGBIN/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 start -o \
    "-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories='$dir/sock' -c fsync=off -c synchronous_commit=off -c full_page_writes=off" >&2
  as_pg "$PGBIN/createdb" -h "$dir/sock" -p "$port" -U postgres paluu_test   # over the socket (trust)
  trap - ERR
  log "PostgreSQL 15 ready on 127.0.0.1:$port (data in $dir) in $((SECONDS - t)) s"
  echo "DATABASE_URL=postgres://postgres:${password}@127.0.0.1:${port}/paluu_test"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
