#!/usr/bin/env bash
# Installs what `npm run bench` needs beyond the test tools: everything .ci/install-tools.sh installs (the
# deploy and verify benchmarks run real FRR routers with sshd in network namespaces), code-server and
# Chromium (the editor benchmark, through .ci/install-code-server.sh), and Debian's ansible-core, the
# baseline the deploy benchmark compares against.
#
#   sudo bash .ci/install-bench-tools.sh
#
# Idempotent; runs no apt command when everything is there.
set -euo pipefail
cd "$(dirname "$0")/.."

log() { printf '[install-bench-tools] %s\n' "$*" >&2; }
trap 'log "failed: $BASH_COMMAND (line $LINENO)"' ERR

bash .ci/install-tools.sh
bash .ci/install-code-server.sh >/dev/null

if command -v ansible-playbook >/dev/null 2>&1; then
  log "ansible-playbook already installed ($(ansible-playbook --version | head -n1))"
  exit 0
fi
as_root=()
[ "$(id -u)" -eq 0 ] || as_root=(sudo)
apt_opts=(-o DPkg::Lock::Timeout=900 -y -q)
log "apt-get install ansible-core"
"${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get "${apt_opts[@]}" update
"${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get "${apt_opts[@]}" install --no-install-recommends ansible-core
command -v ansible-playbook >/dev/null 2>&1 || { log "ansible-core installed but ansible-playbook is not on PATH"; exit 1; }
log "done ($(ansible-playbook --version | head -n1))"
