#!/usr/bin/env bash
# Throwaway, unprivileged Dovecot IMAP server for loanbot's tests, on loopback only.
#
#   scripts/servers/dovecot.sh start              # install if needed, configure, start (idempotent)
#   scripts/servers/dovecot.sh stop               # stop (idempotent)
#   scripts/servers/dovecot.sh info               # KEY=VALUE lines: host, ports, users, CA cert
#   scripts/servers/dovecot.sh status             # exit 0 if running
#   scripts/servers/dovecot.sh adduser NAME PASS  # add/replace a mail user (works while running)
#
# Environment:
#   LOANBOT_SERVERS_DIR    (default /tmp/loanbot-servers)  everything lives in $LOANBOT_SERVERS_DIR/dovecot
#   LOANBOT_IMAP_PORT      (default 10143)  plain IMAP (STARTTLS offered, plaintext auth allowed)
#   LOANBOT_IMAPS_PORT     (default 10993)  IMAP over TLS, self-signed certificate
#   LOANBOT_IMAP_USERS     extra users, "name:password name2:password2"
#   LOANBOT_DOVECOT_USER   (default loanbot-imap) unprivileged OS user that runs the whole
#                          instance when this script runs as root (created if missing)
#
# The Debian package's own system service (ports 143/993, /etc/dovecot) is never used.
# Our instance runs entirely as one unprivileged user ("rootless" Dovecot): master,
# login, auth and mail processes, with base_dir/state_dir/logs/Maildirs under our directory.
set -euo pipefail

SERVERS_DIR="${LOANBOT_SERVERS_DIR:-/tmp/loanbot-servers}"
D="$SERVERS_DIR/dovecot"
CONF="$D/dovecot.conf"
USERS_FILE="$D/users"
PIDFILE="$D/run/master.pid"
HOST=127.0.0.1
PORT="${LOANBOT_IMAP_PORT:-10143}"
SPORT="${LOANBOT_IMAPS_PORT:-10993}"
RUN_USER="${LOANBOT_DOVECOT_USER:-loanbot-imap}"
DEFAULT_USERS="library:library-secret staff:staff-secret"

die() { echo "dovecot.sh: ERROR: $*" >&2; exit 1; }
note() { echo "dovecot.sh: $*" >&2; }

apt_install() {
    command -v apt-get >/dev/null || die "Dovecot is not installed and apt-get is unavailable; install dovecot-imapd"
    [[ $(id -u) -eq 0 ]] || die "Dovecot is not installed; installing it needs root (run as root or install dovecot-imapd)"
    mkdir -p "$SERVERS_DIR"
    export DEBIAN_FRONTEND=noninteractive
    # Keep the package's postinst from starting its own system service.
    local policy=/usr/sbin/policy-rc.d created_policy=0 rc=0
    if [[ ! -e $policy ]]; then
        printf '#!/bin/sh\nexit 101\n' > "$policy"; chmod +x "$policy"; created_policy=1
    fi
    apt-get install -y -q --no-install-recommends -o DPkg::Lock::Timeout=300 "$@" >"$SERVERS_DIR/apt-dovecot.log" 2>&1 || rc=$?
    if [[ $rc -ne 0 ]]; then
        note "apt-get install failed (rc=$rc); running apt-get update and retrying"
        apt-get update -q -o DPkg::Lock::Timeout=300 >>"$SERVERS_DIR/apt-dovecot.log" 2>&1 || true
        rc=0
        apt-get install -y -q --no-install-recommends -o DPkg::Lock::Timeout=300 "$@" >>"$SERVERS_DIR/apt-dovecot.log" 2>&1 || rc=$?
    fi
    [[ $created_policy -eq 1 ]] && rm -f "$policy"
    [[ $rc -eq 0 ]] || { tail -n 30 "$SERVERS_DIR/apt-dovecot.log" >&2; die "apt-get install $* failed (log: $SERVERS_DIR/apt-dovecot.log)"; }
    # If a policy-rc.d of someone else let the service start anyway, stop it: we never use it.
    if command -v systemctl >/dev/null && systemctl is-active --quiet dovecot 2>/dev/null; then
        systemctl stop dovecot 2>/dev/null || true
        systemctl disable dovecot 2>/dev/null || true
    fi
}

ensure_installed() {
    if ! command -v dovecot >/dev/null || [[ ! -x /usr/lib/dovecot/imap ]] || [[ ! -x /usr/lib/dovecot/imap-login ]]; then
        note "Dovecot IMAP not installed; installing Debian's 'dovecot-imapd' package"
        apt_install dovecot-imapd
        command -v dovecot >/dev/null && [[ -x /usr/lib/dovecot/imap ]] \
            || die "installed dovecot-imapd but /usr/sbin/dovecot or /usr/lib/dovecot/imap is missing"
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

as_run_user() {
    if [[ $(id -u) -eq 0 ]]; then runuser -u "$RUN_USER" -- "$@"; else "$@"; fi
}

pid_is_dovecot() {
    local pid=$1 state
    [[ -n "$pid" && -r /proc/$pid/stat ]] || return 1
    state=$(sed -E 's/^[0-9]+ \(.*\) ([A-Za-z]).*/\1/' "/proc/$pid/stat" 2>/dev/null) || return 1
    [[ "$state" != Z && "$state" != X ]] || return 1
    grep -qa dovecot "/proc/$pid/cmdline" 2>/dev/null
}

port_open() { (exec 3<>"/dev/tcp/$HOST/$1") 2>/dev/null; }

is_running() {
    [[ -f "$PIDFILE" ]] && pid_is_dovecot "$(cat "$PIDFILE" 2>/dev/null)" && port_open "$PORT"
}

# "name:password" words: defaults, then LOANBOT_IMAP_USERS, then users added with `adduser`.
write_users() {
    local uid gid spec name pass
    uid=$(id -u "$RUN_USER"); gid=$(id -g "$RUN_USER")
    local tmp="$USERS_FILE.tmp.$$"
    : > "$tmp"
    for spec in $DEFAULT_USERS ${LOANBOT_IMAP_USERS:-} $(cat "$D/extra-users" 2>/dev/null || true); do
        name=${spec%%:*}; pass=${spec#*:}
        [[ -n "$name" && "$spec" == *:* ]] || die "bad user spec '$spec' (want name:password)"
        # later entries win
        sed -i "/^$name:/d" "$tmp"
        echo "$name:{PLAIN}$pass:$uid:$gid::$D/home/$name::" >> "$tmp"
    done
    chmod 640 "$tmp"
    [[ $(id -u) -eq 0 ]] && chown "$RUN_USER:" "$tmp"
    mv -f "$tmp" "$USERS_FILE"
}

ensure_cert() {
    [[ -s "$D/ssl/cert.pem" && -s "$D/ssl/key.pem" ]] && return 0
    command -v openssl >/dev/null || { note "openssl missing: IMAPS disabled"; return 1; }
    mkdir -p "$D/ssl"
    openssl req -x509 -newkey rsa:2048 -nodes -days 3650 -subj "/CN=127.0.0.1" \
        -addext "subjectAltName=IP:127.0.0.1,DNS:localhost" \
        -keyout "$D/ssl/key.pem" -out "$D/ssl/cert.pem" >/dev/null 2>&1 \
        || { note "openssl failed: IMAPS disabled"; rm -f "$D/ssl/"*.pem; return 1; }
}

write_config() {
    local ssl_block
    if [[ -s "$D/ssl/cert.pem" ]]; then
        ssl_block="ssl = yes
ssl_cert = <$D/ssl/cert.pem
ssl_key = <$D/ssl/key.pem
ssl_min_protocol = TLSv1.2"
    else
        ssl_block="ssl = no"
    fi
    cat > "$CONF.tmp" <<CONF
# Generated by scripts/servers/dovecot.sh -- throwaway test instance, do not edit.
instance_name = loanbot-test-$PORT
base_dir = $D/run
state_dir = $D/state
log_path = $D/dovecot.log
info_log_path = $D/dovecot.log
debug_log_path = $D/dovecot.log

protocols = imap
listen = $HOST
$ssl_block
disable_plaintext_auth = no
auth_mechanisms = plain login
auth_cache_size = 0
# tests should not wait after a failed login (see also service anvil below)
auth_failure_delay = 0
login_trusted_networks = 127.0.0.0/8

# rootless: every process runs as the one unprivileged user
default_login_user = $RUN_USER
default_internal_user = $RUN_USER
default_internal_group = $(id -gn "$RUN_USER")
first_valid_uid = 1
last_valid_uid = 0

passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u $USERS_FILE
}
userdb {
  driver = passwd-file
  args = username_format=%u $USERS_FILE
}
mail_location = maildir:~/Maildir
namespace inbox {
  inbox = yes
  separator = /
}
mail_fsync = never

service imap-login {
  chroot =
  user = $RUN_USER
  inet_listener imap {
    address = $HOST
    port = $PORT
  }
  inet_listener imaps {
    address = $HOST
    port = $( [[ -s "$D/ssl/cert.pem" ]] && echo "$SPORT" || echo 0 )
    ssl = yes
  }
}
service anvil {
  chroot =
  # mode 0 = auth cannot connect = no per-IP auth penalty (up to 15 s after failed logins)
  unix_listener anvil-auth-penalty {
    mode = 0
  }
}
service stats {
  chroot =
}
service imap {
  process_limit = 100
}
service auth {
  user = $RUN_USER
}
service auth-worker {
  user = $RUN_USER
}
CONF
    if [[ -f "$CONF" ]] && cmp -s "$CONF.tmp" "$CONF"; then
        rm -f "$CONF.tmp"; return 1  # unchanged
    fi
    mv -f "$CONF.tmp" "$CONF"
    [[ $(id -u) -eq 0 ]] && chown "$RUN_USER:" "$CONF"
    return 0
}

start() {
    ensure_installed
    mkdir -p "$SERVERS_DIR"; chmod 755 "$SERVERS_DIR" 2>/dev/null || true
    ensure_run_user
    mkdir -p "$D" "$D/run" "$D/state" "$D/home"

    if is_running; then
        note "already running on $HOST:$PORT"
        write_users  # pick up LOANBOT_IMAP_USERS changes; passwd-file is re-read on change
        if write_config; then  # this script changed since the server started: reload it
            note "configuration changed; reloading (SIGHUP)"
            kill -HUP "$(cat "$PIDFILE")"
        fi
        return 0
    fi
    if [[ -f "$PIDFILE" ]]; then
        local oldpid; oldpid=$(cat "$PIDFILE" 2>/dev/null || true)
        if pid_is_dovecot "$oldpid"; then
            note "process $oldpid holds $PIDFILE but port $PORT is not answering; stopping it"
            kill "$oldpid" 2>/dev/null || true; sleep 1; kill -9 "$oldpid" 2>/dev/null || true
        else
            note "removing stale pid file (pid ${oldpid:-?})"
        fi
        rm -f "$PIDFILE"
    fi
    port_open "$PORT" && die "port $HOST:$PORT is already in use by another program (set LOANBOT_IMAP_PORT)"
    rm -rf "$D/run"  # stale sockets of a previous instance (nothing is running here)
    mkdir -p "$D/run"

    ensure_cert || true
    write_users
    write_config || true
    [[ $(id -u) -eq 0 ]] && chown -R "$RUN_USER:" "$D"
    chmod 700 "$D"

    # Output to a file, not a pipe: the daemonized master would keep a pipe open forever.
    # 9>&-: the daemon must not inherit (and so hold forever) our lock.
    if ! as_run_user dovecot -c "$CONF" >"$D/start.out" 2>&1 </dev/null 9>&-; then
        cat "$D/start.out" >&2; tail -n 20 "$D/dovecot.log" >&2 2>/dev/null || true
        die "dovecot failed to start (config $CONF, log $D/dovecot.log)"
    fi
    local i
    for i in $(seq 1 100); do
        port_open "$PORT" && break
        sleep 0.1
    done
    if ! port_open "$PORT"; then
        tail -n 20 "$D/dovecot.log" >&2 2>/dev/null || true
        die "dovecot started but $HOST:$PORT is not accepting connections (log $D/dovecot.log)"
    fi
    note "running on $HOST:$PORT (imaps $SPORT), dir $D"
}

stop() {
    if [[ ! -f "$PIDFILE" ]]; then note "not running"; return 0; fi
    local pid; pid=$(cat "$PIDFILE" 2>/dev/null || true)
    if ! pid_is_dovecot "$pid"; then
        rm -f "$PIDFILE"; note "not running (removed stale pid file)"; return 0
    fi
    kill "$pid" 2>/dev/null || true
    local i
    for i in $(seq 1 50); do
        pid_is_dovecot "$pid" || break
        sleep 0.1
    done
    if pid_is_dovecot "$pid"; then kill -9 "$pid" 2>/dev/null || true; fi
    rm -f "$PIDFILE"
    note "stopped"
}

info() {
    local spec users="" name
    echo "IMAP_HOST=$HOST"
    echo "IMAP_PORT=$PORT"
    if [[ -s "$D/ssl/cert.pem" ]]; then
        echo "IMAPS_PORT=$SPORT"
        echo "IMAP_CA_CERT=$D/ssl/cert.pem"
    fi
    if [[ -s "$USERS_FILE" ]]; then
        while IFS=: read -r name pass _; do
            users+="${users:+,}$name:${pass#\{PLAIN\}}"
        done < "$USERS_FILE"
    else
        for spec in $DEFAULT_USERS ${LOANBOT_IMAP_USERS:-}; do users+="${users:+,}$spec"; done
    fi
    echo "IMAP_USERS=$users"
    echo "IMAP_DIR=$D"
    echo "IMAP_LOG=$D/dovecot.log"
}

adduser() {
    local name=${1:-} pass=${2:-}
    [[ -n "$name" && -n "$pass" && "$name$pass" != *[:,[:space:]]* ]] \
        || die "usage: $0 adduser NAME PASSWORD (no ':' ',' or spaces)"
    ensure_run_user
    mkdir -p "$D"
    { grep -v "^$name:" "$D/extra-users" 2>/dev/null || true; echo "$name:$pass"; } > "$D/extra-users.tmp"
    mv -f "$D/extra-users.tmp" "$D/extra-users"
    write_users
    # Dovecot re-reads the passwd-file at most once a second: wait until the user works.
    if is_running; then
        local i
        for i in $(seq 1 40); do
            doveadm -c "$CONF" auth test "$name" "$pass" >/dev/null 2>&1 && break
            sleep 0.1
        done
    fi
    note "user $name ready"
}

# Serialize start/adduser between concurrent test runs sharing $LOANBOT_SERVERS_DIR.
lock() {
    mkdir -p "$SERVERS_DIR"
    exec 9>"$SERVERS_DIR/.dovecot.lock"
    flock -w 120 9 || die "timed out waiting for $SERVERS_DIR/.dovecot.lock"
}

case "${1:-}" in
    start) lock; start; info ;;
    stop) lock; stop ;;
    info) [[ $(id -u) -eq 0 ]] || RUN_USER=$(id -un); info ;;
    status) if is_running; then echo running; else echo stopped; exit 1; fi ;;
    restart) lock; stop; start; info ;;
    adduser) shift; lock; adduser "$@" ;;
    *) echo "usage: $0 start|stop|info|status|restart|adduser NAME PASSWORD" >&2; exit 2 ;;
esac
