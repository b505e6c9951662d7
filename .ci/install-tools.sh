#!/usr/bin/env bash
# Installs the Debian packages whose real binaries check bgptopo's rendered output
# (test/support/checkers/): FRR (vtysh, bgpd dry-run, frr-reload.py), GoBGP, keepalived, OpenSSH,
# HAProxy, WireGuard tools + wireguard-go, iproute2, jq, promtool, the Python modules of the
# reference CRD checker, and shellcheck (the host-side deploy programs, src/deploy/host/*.sh).
#
#   .ci/install-tools.sh          # as root, or as a user with passwordless sudo (CI runners)
#
# Idempotent: packages that `dpkg-query` reports as installed are skipped; when nothing is missing the
# script runs no apt command at all (about a tenth of a second). `apt-get update` runs at most once.
# Services are not started: /usr/sbin/policy-rc.d (exit 101) is created when absent, because the
# tests start the daemons they need themselves (e.g. Debian's frr and haproxy postinst would
# otherwise launch system instances).
# Target: Debian 12 (bookworm), the versions recorded in the checkers' notes. Other releases may
# lack a package (e.g. wireguard-go); apt then fails loudly rather than half-installing.
set -euo pipefail

readonly PACKAGES=(
  sudo patch openssl python3 procps psmisc
  frr frr-pythontools gobgpd keepalived openssh-server openssh-client haproxy
  wireguard-tools wireguard-go iproute2 jq prometheus python3-jsonschema python3-yaml shellcheck
)
readonly POLICY_RC_D=/usr/sbin/policy-rc.d

log() { printf '[install-tools] %s\n' "$*" >&2; }
trap 'log "failed: $BASH_COMMAND (line $LINENO)"' ERR

if [ "$(id -u)" -eq 0 ]; then
  as_root=()
elif command -v sudo >/dev/null 2>&1; then
  as_root=(sudo)
else
  log "needs root or sudo"
  exit 1
fi

is_installed() {
  [ "$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null || true)" = "install ok installed" ]
}

missing=()
for pkg in "${PACKAGES[@]}"; do
  is_installed "$pkg" || missing+=("$pkg")
done

if [ "${#missing[@]}" -eq 0 ]; then
  log "all ${#PACKAGES[@]} packages already installed"
  exit 0
fi
log "installing: ${missing[*]}"

if [ ! -e "$POLICY_RC_D" ]; then
  printf '#!/bin/sh\n# created by bgptopo .ci/install-tools.sh: do not start services on install\nexit 101\n' |
    "${as_root[@]}" tee "$POLICY_RC_D" >/dev/null
  "${as_root[@]}" chmod 0755 "$POLICY_RC_D"
  log "created $POLICY_RC_D (exit 101)"
fi

apt_opts=(-o DPkg::Lock::Timeout=900 -y -q)
"${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get "${apt_opts[@]}" update
"${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get "${apt_opts[@]}" \
  install --no-install-recommends "${missing[@]}"

still_missing=()
for pkg in "${missing[@]}"; do
  is_installed "$pkg" || still_missing+=("$pkg")
done
if [ "${#still_missing[@]}" -ne 0 ]; then
  log "still not installed: ${still_missing[*]}"
  exit 1
fi
log "done"
