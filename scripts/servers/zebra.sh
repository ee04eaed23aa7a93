#!/usr/bin/env bash
# Throwaway, unprivileged Zebra SRU server for loanbot's tests (a union catalogue), on loopback only.
#
#   scripts/servers/zebra.sh start                   # install if needed, configure, start (idempotent)
#   scripts/servers/zebra.sh stop                    # stop (idempotent)
#   scripts/servers/zebra.sh info                    # KEY=VALUE lines: host, port, base URL, directory, log
#   scripts/servers/zebra.sh status                  # exit 0 if running
#   scripts/servers/zebra.sh load DATABASE FILE...   # index MARCXML collection files into DATABASE (while running);
#                                                    # SRU then answers at http://127.0.0.1:PORT/DATABASE
#
# Environment:
#   LOANBOT_SERVERS_DIR   (default /tmp/loanbot-servers)  everything lives in $LOANBOT_SERVERS_DIR/zebra
#   LOANBOT_ZEBRA_PORT    SRU port; default: the port this directory's server used last, else a free one
#   LOANBOT_ZEBRA_USER    (default loanbot-zebra) unprivileged OS user that runs Zebra when this script runs as
#                         root (created if missing)
#
# The configuration is tests/servers/zebra/: ICU word and phrase indexes that fold case and diacritics (Zebra's
# default character map garbles letters outside Latin-1, so "Osmanlı" is never found), an exact index for ISBN,
# ISSN and DOI, MARCXML in and out through the DOM filter, Dublin Core out, and the CQL index names Bath and
# Dublin Core give them (bath.isbn, dc.title, dc.creator, ...).
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
FIXTURES=$(cd "$HERE/../../tests/servers/zebra" && pwd)
SERVERS_DIR="${LOANBOT_SERVERS_DIR:-/tmp/loanbot-servers}"
D="$SERVERS_DIR/zebra"
PIDFILE="$D/zebrasrv.pid"
HOST=127.0.0.1
RUN_USER="${LOANBOT_ZEBRA_USER:-loanbot-zebra}"

die() { echo "zebra.sh: ERROR: $*" >&2; exit 1; }
note() { echo "zebra.sh: $*" >&2; }

modules_dir() {   # where Debian puts Zebra's filter modules (the DOM filter among them)
    local dir
    for dir in /usr/lib/*/idzebra-2.0/modules /usr/lib/idzebra-2.0/modules; do
        [[ -d $dir ]] && { echo "$dir"; return 0; }
    done
    return 0
}

ensure_installed() {
    if ! command -v zebrasrv >/dev/null || ! command -v zebraidx >/dev/null || [[ -z $(modules_dir) ]]; then
        note "Zebra not installed; installing the Debian packages named in scripts/servers/debian-packages"
        bash "$HERE/debian.sh" install zebra
        command -v zebrasrv >/dev/null && [[ -n $(modules_dir) ]] || die "installed idzebra-2.0 but zebrasrv is missing"
    fi
}

ensure_run_user() {
    if [[ $(id -u) -ne 0 ]]; then RUN_USER=$(id -un); return; fi
    if ! id -u "$RUN_USER" >/dev/null 2>&1; then
        note "creating system user $RUN_USER"
        useradd --system --user-group --home-dir "$D" --no-create-home --shell /usr/sbin/nologin "$RUN_USER" \
            || die "could not create user $RUN_USER"
    fi
}

as_run_user() { if [[ $(id -u) -eq 0 ]]; then runuser -u "$RUN_USER" -- "$@"; else "$@"; fi; }

port_open() { (exec 3<>"/dev/tcp/$HOST/$1") 2>/dev/null; }

free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

port() {
    if [[ -n ${LOANBOT_ZEBRA_PORT:-} ]]; then echo "$LOANBOT_ZEBRA_PORT"
    elif [[ -s $D/port ]]; then cat "$D/port"
    else free_port
    fi
}

pid_is_zebra() {
    local pid=$1
    [[ -n $pid && -r /proc/$pid/cmdline ]] && grep -qa zebrasrv "/proc/$pid/cmdline" 2>/dev/null
}

is_running() { [[ -f $PIDFILE ]] && pid_is_zebra "$(cat "$PIDFILE" 2>/dev/null)" && port_open "$(port)"; }

write_config() {
    local modules port=$1 file
    modules=$(modules_dir)
    mkdir -p "$D/register" "$D/lock" "$D/tmp" "$D/incoming"
    for file in "$FIXTURES"/*; do
        sed -e "s#@ZEBRA_DIR@#$D#g" -e "s#@MODULES@#$modules#g" -e "s#@PORT@#$port#g" "$file" > "$D/$(basename "$file")"
    done
    echo "$port" > "$D/port"
}

start() {
    ensure_installed
    mkdir -p "$SERVERS_DIR"; chmod 755 "$SERVERS_DIR" 2>/dev/null || true
    ensure_run_user
    mkdir -p "$D"
    if is_running; then note "already running on $HOST:$(port)"; return 0; fi
    if [[ -f $PIDFILE ]]; then
        local old; old=$(cat "$PIDFILE" 2>/dev/null || true)
        if pid_is_zebra "$old"; then kill "$old" 2>/dev/null || true; sleep 0.5; kill -9 "$old" 2>/dev/null || true; fi
        rm -f "$PIDFILE"
    fi
    local port; port=$(port)
    port_open "$port" && die "port $HOST:$port is already in use by another program (set LOANBOT_ZEBRA_PORT)"
    rm -rf "$D/register" "$D/lock" "$D/tmp"   # a fresh catalogue each start: tests load what they need
    write_config "$port"
    [[ $(id -u) -eq 0 ]] && chown -R "$RUN_USER:" "$D"
    (cd "$D" && as_run_user zebraidx -c zebra.cfg init >"$D/zebraidx.log" 2>&1) \
        || { tail -n 20 "$D/zebraidx.log" >&2; die "zebraidx init failed (log $D/zebraidx.log)"; }
    # -D: detach; 9>&-: the daemon must not hold our lock
    if ! (cd "$D" && as_run_user zebrasrv -D -p "$PIDFILE" -l "$D/zebrasrv.log" -f "$D/yazserver.xml" \
            >"$D/start.out" 2>&1 </dev/null 9>&-); then
        cat "$D/start.out" >&2; die "zebrasrv failed to start (log $D/zebrasrv.log)"
    fi
    local i
    for i in $(seq 1 100); do port_open "$port" && [[ -s $PIDFILE ]] && break; sleep 0.1; done
    port_open "$port" || { tail -n 20 "$D/zebrasrv.log" >&2; die "zebrasrv started but $HOST:$port is not answering"; }
    note "running on $HOST:$port, dir $D"
}

stop() {
    if [[ ! -f $PIDFILE ]]; then note "not running"; return 0; fi
    local pid; pid=$(cat "$PIDFILE" 2>/dev/null || true)
    if pid_is_zebra "$pid"; then
        kill "$pid" 2>/dev/null || true
        local i
        for i in $(seq 1 50); do pid_is_zebra "$pid" || break; sleep 0.1; done
        pid_is_zebra "$pid" && kill -9 "$pid" 2>/dev/null || true
    fi
    rm -f "$PIDFILE"
    note "stopped"
}

load() {
    local database=${1:-}; shift || true
    [[ $database =~ ^[A-Za-z0-9_-]+$ && $# -gt 0 ]] || die "usage: $0 load DATABASE FILE... (DATABASE: letters, digits, _ -)"
    is_running || die "not running: start it first"
    local copies=() file copy
    for file in "$@"; do
        [[ -r $file ]] || die "cannot read $file"
        copy="$D/incoming/$database-$$-$(basename "$file")"
        cp "$file" "$copy"; copies+=("$copy")
    done
    [[ $(id -u) -eq 0 ]] && chown "$RUN_USER:" "${copies[@]}"
    if ! (cd "$D" && as_run_user zebraidx -c zebra.cfg -d "$database" update "${copies[@]}" >>"$D/zebraidx.log" 2>&1); then
        tail -n 20 "$D/zebraidx.log" >&2; die "zebraidx update failed (log $D/zebraidx.log)"
    fi
    rm -f "${copies[@]}"
    note "indexed $# file(s) into $database"
}

info() {
    echo "ZEBRA_HOST=$HOST"
    echo "ZEBRA_PORT=$(port)"
    echo "ZEBRA_URL=http://$HOST:$(port)"
    echo "ZEBRA_DIR=$D"
    echo "ZEBRA_LOG=$D/zebrasrv.log"
}

# Serialize start/stop/load between concurrent test runs sharing $LOANBOT_SERVERS_DIR.
lock() {
    mkdir -p "$SERVERS_DIR"
    exec 9>"$SERVERS_DIR/.zebra.lock"
    flock -w 120 9 || die "timed out waiting for $SERVERS_DIR/.zebra.lock"
}

case "${1:-}" in
    start) lock; start; info ;;
    stop) lock; stop ;;
    restart) lock; stop; start; info ;;
    info) info ;;
    status) if is_running; then echo running; else echo stopped; exit 1; fi ;;
    load) shift; lock; [[ $(id -u) -eq 0 ]] || RUN_USER=$(id -un); load "$@" ;;
    *) echo "usage: $0 start|stop|restart|info|status|load DATABASE FILE..." >&2; exit 2 ;;
esac
