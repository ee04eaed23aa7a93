#!/usr/bin/env bash
# Debian packages of the test servers, named in scripts/servers/debian-packages.
#
#   scripts/servers/debian.sh install [ROLE...]   install the packages of these roles (default: all) when missing,
#                                                 non-interactively, never starting the packages' own services
#   scripts/servers/debian.sh versions            one line per package: tested version, installed version
#
# Installing needs root and apt-get; it is idempotent and quick when everything is there.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
LIST="$HERE/debian-packages"
SERVERS_DIR="${LOANBOT_SERVERS_DIR:-/tmp/loanbot-servers}"

die() { echo "debian.sh: ERROR: $*" >&2; exit 1; }
note() { echo "debian.sh: $*" >&2; }

# "role package tested" lines of the list
entries() { grep -v '^\s*\(#\|$\)' "$LIST" | awk '{print $1, $2, $3}'; }

installed_version() { dpkg-query -W -f='${Status} ${Version}\n' "$1" 2>/dev/null | awk '$3 == "installed" {print $4}'; }

packages_of() {
    local role package tested want=("$@")
    while read -r role package tested; do
        if [[ ${#want[@]} -eq 0 ]] || [[ " ${want[*]} " == *" $role "* ]]; then echo "$package"; fi
    done < <(entries)
}

install() {
    local missing=() package
    for package in $(packages_of "$@"); do
        [[ -n $(installed_version "$package") ]] || missing+=("$package")
    done
    [[ ${#missing[@]} -eq 0 ]] && return 0
    command -v apt-get >/dev/null || die "missing Debian packages ${missing[*]} and apt-get is unavailable"
    [[ $(id -u) -eq 0 ]] || die "missing Debian packages ${missing[*]}; installing them needs root"
    mkdir -p "$SERVERS_DIR"
    local log="$SERVERS_DIR/apt.log" policy=/usr/sbin/policy-rc.d created_policy=0 rc=0
    note "installing ${missing[*]} (log: $log)"
    export DEBIAN_FRONTEND=noninteractive
    # Never let a package start its own service: the tests start their servers themselves, on their own ports.
    if [[ ! -e $policy ]]; then
        printf '#!/bin/sh\nexit 101\n' > "$policy"; chmod +x "$policy"; created_policy=1
    fi
    apt-get install -y -q --no-install-recommends -o DPkg::Lock::Timeout=300 "${missing[@]}" >>"$log" 2>&1 || rc=$?
    if [[ $rc -ne 0 ]]; then
        note "apt-get install failed (rc=$rc); running apt-get update and retrying"
        apt-get update -q -o DPkg::Lock::Timeout=300 >>"$log" 2>&1 || true
        rc=0
        apt-get install -y -q --no-install-recommends -o DPkg::Lock::Timeout=300 "${missing[@]}" >>"$log" 2>&1 || rc=$?
    fi
    [[ $created_policy -eq 1 ]] && rm -f "$policy"
    [[ $rc -eq 0 ]] || { tail -n 30 "$log" >&2; die "apt-get install ${missing[*]} failed (log: $log)"; }
    # If someone else's policy-rc.d let a service start anyway, stop it: the tests never use it.
    if command -v systemctl >/dev/null; then
        for service in postgresql dovecot; do
            if systemctl is-active --quiet "$service" 2>/dev/null; then
                systemctl stop "$service" 2>/dev/null || true
                systemctl disable "$service" 2>/dev/null || true
            fi
        done
    fi
}

versions() {
    local role package tested installed debian
    debian=$(cat /etc/debian_version 2>/dev/null || echo "not Debian")
    echo "Debian $debian; packages of the test servers (scripts/servers/debian-packages):"
    while read -r role package tested; do
        installed=$(installed_version "$package")
        if [[ -z $installed ]]; then
            printf '  %-14s tested %-30s installed: none\n' "$package" "$tested"
        elif [[ $installed == "$tested" ]]; then
            printf '  %-14s tested %-30s installed: the same\n' "$package" "$tested"
        else
            printf '  %-14s tested %-30s installed: %s (differs)\n' "$package" "$tested" "$installed"
        fi
    done < <(entries)
}

case "${1:-}" in
    install) shift; install "$@" ;;
    versions) versions ;;
    *) echo "usage: scripts/servers/debian.sh install [ROLE...] | versions" >&2; exit 2 ;;
esac
