#!/usr/bin/env bash
# Throwaway PostgreSQL server for loanbot's tests, on loopback only.
#
#   scripts/servers/postgres.sh start   # install if needed, initdb if needed, start (idempotent)
#   scripts/servers/postgres.sh stop    # stop (idempotent)
#   scripts/servers/postgres.sh url     # print the SQLAlchemy URL of the test database
#   scripts/servers/postgres.sh status  # exit 0 if running
#
# Environment:
#   LOANBOT_SERVERS_DIR  (default /tmp/loanbot-servers)  cluster lives in $LOANBOT_SERVERS_DIR/pg
#   LOANBOT_PG_PORT      (default 55432)
#   LOANBOT_PG_USER      (default postgres) unprivileged OS user that runs the server
#
# The Debian package's own cluster/service (port 5432) is never used or touched.
set -euo pipefail

SERVERS_DIR="${LOANBOT_SERVERS_DIR:-/tmp/loanbot-servers}"
PG_DIR="$SERVERS_DIR/pg"
DATA="$PG_DIR/data"
LOG="$PG_DIR/postgres.log"
PORT="${LOANBOT_PG_PORT:-55432}"
PG_USER="${LOANBOT_PG_USER:-postgres}"
DB=loanbot_test

die() { echo "postgres.sh: ERROR: $*" >&2; exit 1; }
note() { echo "postgres.sh: $*" >&2; }

find_bindir() {
    local d
    # highest major version first
    for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -t/ -k4 -V -r); do
        if [[ -x "$d/postgres" && -x "$d/initdb" && -x "$d/pg_ctl" ]]; then
            echo "$d"; return 0
        fi
    done
    return 1
}

apt_install() {  # the packages of this server, as named in scripts/servers/debian-packages
    bash "$(dirname "${BASH_SOURCE[0]}")/debian.sh" install postgres
}

ensure_bindir() {
    if ! BINDIR=$(find_bindir); then
        note "no PostgreSQL server binaries in /usr/lib/postgresql/*/bin; installing Debian's 'postgresql' package"
        apt_install
        BINDIR=$(find_bindir) || die "installed 'postgresql' but still no /usr/lib/postgresql/*/bin/postgres"
    fi
}

# Run a command as the unprivileged server user (or directly if we are not root).
as_pg() {
    if [[ $(id -u) -eq 0 ]]; then
        runuser -u "$PG_USER" -- "$@"
    else
        "$@"
    fi
}

ensure_user() {
    if [[ $(id -u) -ne 0 ]]; then
        PG_USER=$(id -un); return
    fi
    if ! id -u "$PG_USER" >/dev/null 2>&1; then
        note "creating system user $PG_USER"
        useradd --system --user-group --home-dir "$PG_DIR" --no-create-home --shell /usr/sbin/nologin "$PG_USER" \
            || die "could not create user $PG_USER"
    fi
}

# True if PID is a live (non-zombie) process whose command line mentions postgres.
# (In containers without a reaping init, a killed postmaster stays a zombie, which
# kill -0 / pg_ctl status still report as alive.)
pid_is_postgres() {
    local pid=$1 state
    [[ -n "$pid" && -r /proc/$pid/stat ]] || return 1
    state=$(sed -E 's/^[0-9]+ \(.*\) ([A-Za-z]).*/\1/' "/proc/$pid/stat" 2>/dev/null) || return 1
    [[ "$state" != Z && "$state" != X ]] || return 1
    grep -qa postgres "/proc/$pid/cmdline" 2>/dev/null
}

is_running() {
    [[ -n "${BINDIR:-}" ]] || BINDIR=$(find_bindir) || return 1
    [[ -f "$DATA/postmaster.pid" ]] || return 1
    pid_is_postgres "$(head -n1 "$DATA/postmaster.pid" 2>/dev/null)" || return 1
    "$BINDIR/pg_isready" -q -h 127.0.0.1 -p "$PORT" -t 5 >/dev/null 2>&1
}

url() { echo "postgresql+asyncpg://$PG_USER@127.0.0.1:$PORT/$DB"; }

start() {
    mkdir -p "$SERVERS_DIR"
    chmod 755 "$SERVERS_DIR" 2>/dev/null || true
    ensure_bindir
    ensure_user
    mkdir -p "$PG_DIR"
    [[ $(id -u) -eq 0 ]] && chown "$PG_USER:" "$PG_DIR"
    chmod 700 "$PG_DIR"

    if is_running; then
        note "already running on 127.0.0.1:$PORT"
        url; return 0
    fi

    if [[ ! -f "$DATA/PG_VERSION" ]]; then
        rm -rf "$DATA"
        note "initdb in $DATA"
        as_pg "$BINDIR/initdb" -D "$DATA" -U "$PG_USER" --auth=trust --encoding=UTF8 --locale=C.UTF-8 \
            >"$PG_DIR/initdb.log" 2>&1 \
          || as_pg "$BINDIR/initdb" -D "$DATA" -U "$PG_USER" --auth=trust --encoding=UTF8 --locale=C \
            >"$PG_DIR/initdb.log" 2>&1 \
          || { cat "$PG_DIR/initdb.log" >&2; die "initdb failed"; }
        cat > "$DATA/pg_hba.conf" <<HBA
local   all all               trust
host    all all 127.0.0.1/32  trust
HBA
    elif [[ "$(cat "$DATA/PG_VERSION")" != "$("$BINDIR/postgres" --version | sed -E 's/.* ([0-9]+)[.].*/\1/')" ]]; then
        note "existing cluster is from another PostgreSQL version; re-creating it"
        rm -rf "$DATA"; start; return
    fi

    # A crashed previous run may leave a stale pid file; pg_ctl/postgres handle a stale one
    # unless its pid was reused by another live process, so remove it when the pid is not a postmaster.
    if [[ -f "$DATA/postmaster.pid" ]]; then
        local oldpid; oldpid=$(head -n1 "$DATA/postmaster.pid" || true)
        if ! pid_is_postgres "$oldpid"; then
            note "removing stale pid file (pid ${oldpid:-?})"
            rm -f "$DATA/postmaster.pid"
        fi
    fi
    # Same for the unix-socket lock file (its first line is the owning postmaster's pid).
    local lock="$PG_DIR/.s.PGSQL.$PORT.lock"
    if [[ -f "$lock" ]] && ! pid_is_postgres "$(head -n1 "$lock" 2>/dev/null)"; then
        rm -f "$lock" "$PG_DIR/.s.PGSQL.$PORT"
    fi

    local opts="-c listen_addresses=127.0.0.1 -c port=$PORT -c unix_socket_directories=$PG_DIR"
    opts+=" -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=100"
    opts+=" -c shared_buffers=32MB -c logging_collector=off"
    # 9>&-: the daemon must not inherit (and so hold forever) our lock.
    if ! as_pg "$BINDIR/pg_ctl" -D "$DATA" -l "$LOG" -o "$opts" -w -t 30 start >/dev/null 9>&-; then
        tail -n 30 "$LOG" >&2 || true
        die "PostgreSQL failed to start on 127.0.0.1:$PORT (is the port taken? log: $LOG)"
    fi

    if ! as_pg "$BINDIR/psql" -h "$PG_DIR" -p "$PORT" -U "$PG_USER" -d postgres -tAq \
            -c "SELECT 1 FROM pg_database WHERE datname='$DB'" | grep -q 1; then
        as_pg "$BINDIR/createdb" -h "$PG_DIR" -p "$PORT" -U "$PG_USER" "$DB" || die "createdb $DB failed"
    fi
    note "running on 127.0.0.1:$PORT (data $DATA)"
    url
}

stop() {
    BINDIR=$(find_bindir) || { note "no PostgreSQL installed; nothing to stop"; return 0; }
    if [[ ! -f "$DATA/postmaster.pid" ]]; then
        note "not running"; return 0
    fi
    if ! pid_is_postgres "$(head -n1 "$DATA/postmaster.pid" 2>/dev/null)"; then
        note "not running (removed stale pid file)"
        rm -f "$DATA/postmaster.pid"; return 0
    fi
    PG_USER=$(stat -c %U "$DATA")
    if as_pg "$BINDIR/pg_ctl" -D "$DATA" -m fast -w -t 30 stop >/dev/null 2>&1; then
        note "stopped"
    else
        note "not running (removed stale pid file)"
        rm -f "$DATA/postmaster.pid"
    fi
}

# Serialize start/stop between concurrent test runs sharing $LOANBOT_SERVERS_DIR.
lock() {
    mkdir -p "$SERVERS_DIR"
    exec 9>"$SERVERS_DIR/.postgres.lock"
    flock -w 300 9 || die "timed out waiting for $SERVERS_DIR/.postgres.lock"
}

case "${1:-}" in
    start) lock; start ;;
    stop) lock; stop ;;
    url) if [[ $(id -u) -ne 0 ]]; then PG_USER=$(id -un); fi; url ;;
    status) if is_running; then echo running; else echo stopped; exit 1; fi ;;
    restart) lock; stop; start ;;
    *) echo "usage: $0 start|stop|url|status|restart" >&2; exit 2 ;;
esac
