#!/usr/bin/env bash
# Installs code-server 4.100.3 (= VS Code 1.100.3, the last release whose engines accept Node 20) outside
# the project's node_modules, for the real-editor tests in test/editor-harness/.
#
#   .ci/install-code-server.sh            # installs (or confirms) and prints the code-server binary path
#   BGPTOPO_CACHE=/some/dir .ci/install-code-server.sh
#
# Result: ${BGPTOPO_CACHE:-$HOME/.cache/bgptopo}/code-server-4.100.3/node_modules/.bin/code-server
# Idempotent: exits early when that binary already reports 4.100.3.
#
# Traps handled (measured on Debian 12, Node 20, npm 11):
# - npm 11 blocks dependency install scripts unless the project's policy allows them. code-server's
#   postinstall runs two NESTED project-scoped `npm install`s (lib/vscode, lib/vscode/extensions), whose
#   package.json has no `allowScripts`; `--allow-scripts`/npm_config_allow_scripts is rejected there
#   (EALLOWSCRIPTS). So: install with --ignore-scripts, write a reviewed `allow-scripts` list into
#   lib/vscode/.npmrc (project npmrc layer), then `npm rebuild` the two top-level packages whose scripts
#   the top-level package.json#allowScripts approves. Without this, node-pty, spdlog, ripgrep... are
#   silently not built and the server cannot start terminals, watch files or search.
# - node-pty / node-gyp may go through npx; this machine's npmrc sets yes=false -> npm_config_yes=true.
# - code-server's postinstall refuses to run as root without npm_config_unsafe_perm=true.
# - @vscode/ripgrep downloads from GitHub unless its cache already holds the asset: we pre-seed it with a
#   tarball of Debian's /usr/bin/rg in a scratch TMPDIR.
# - kerberos builds from source (needs libkrb5-dev); the tests need chromium; ripgrep provides rg.
set -euo pipefail

readonly CODE_SERVER_VERSION="4.100.3"
readonly RIPGREP_PKG_VERSION="1.15.11"          # @vscode/ripgrep pinned by VS Code 1.100's shrinkwrap
readonly RIPGREP_ASSET="ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz"
readonly APT_PACKAGES=(chromium ripgrep libkrb5-dev)
# Dependencies of lib/vscode whose install scripts VS Code needs (listed by `npm install-scripts ls`
# there). The two windows-* modules build nothing on Linux but are allowed to mirror upstream behaviour.
readonly VSCODE_ALLOWED_SCRIPTS="@parcel/watcher,@vscode/deviceid,@vscode/ripgrep,@vscode/spdlog,@vscode/windows-process-tree,@vscode/windows-registry,kerberos,native-watchdog,node-pty"

cache_root="${BGPTOPO_CACHE:-$HOME/.cache/bgptopo}"
prefix="$cache_root/code-server-$CODE_SERVER_VERSION"
bin="$prefix/node_modules/.bin/code-server"

log() { printf '[install-code-server] %s\n' "$*" >&2; }
trap 'log "failed: $BASH_COMMAND (line $LINENO)"' ERR

# code-server's first run on a machine writes ~/.config/code-server/config.yaml and says so on stdout
# ("[…] info  Wrote default config file …") before the version line. Ask for the version in a scratch HOME
# (so this script never writes the user's home) and take the first line that is a version, not line one.
installed_version() {
  [ -x "$bin" ] || return 1
  local probe_home rc=0
  probe_home="$(mktemp -d)"
  env HOME="$probe_home" XDG_CONFIG_HOME="$probe_home/config" XDG_DATA_HOME="$probe_home/data" \
    XDG_CACHE_HOME="$probe_home/cache" "$bin" --version 2>/dev/null |
    awk '$1 ~ /^[0-9]+\.[0-9]+\.[0-9]+$/ { print $1; found = 1; exit } END { exit !found }' || rc=$?
  rm -rf "$probe_home"
  return "$rc"
}

if [ "$(installed_version || true)" = "$CODE_SERVER_VERSION" ]; then
  log "code-server $CODE_SERVER_VERSION already installed"
  printf '%s\n' "$bin"
  exit 0
fi

if [ "$(uname -m)" != "x86_64" ]; then
  log "only x86_64 is supported (the ripgrep pre-seed is for x86_64 musl)"
  exit 1
fi
node_major="$(node -p 'process.versions.node.split(".")[0]')"
if [ "$node_major" != "20" ]; then
  log "code-server $CODE_SERVER_VERSION needs Node 20, found $(node --version)"
  exit 1
fi

install_apt_packages() {
  local missing=() pkg
  for pkg in "${APT_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
  done
  [ "${#missing[@]}" -eq 0 ] && return 0
  log "apt-get install ${missing[*]}"
  local sudo=()
  [ "$(id -u)" -eq 0 ] || sudo=(sudo)
  "${sudo[@]}" apt-get -o DPkg::Lock::Timeout=900 update -q
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get -o DPkg::Lock::Timeout=900 install -y -q \
    --no-install-recommends "${missing[@]}"
}

install_apt_packages

scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
start_seconds=$SECONDS

# Pre-seed @vscode/ripgrep's download cache (it looks in os.tmpdir()).
mkdir -p "$scratch/tmp/vscode-ripgrep-cache-$RIPGREP_PKG_VERSION" "$scratch/rg"
cp /usr/bin/rg "$scratch/rg/rg"
tar -czf "$scratch/tmp/vscode-ripgrep-cache-$RIPGREP_PKG_VERSION/$RIPGREP_ASSET" -C "$scratch/rg" rg

# A failed earlier attempt leaves a half-built tree: start clean.
rm -rf "$prefix"
mkdir -p "$prefix"
# allowScripts entries are name-only: npm can only match a pinned "name@version" entry against a lockfile
# "resolved" URL, which this machine's npmrc omits (omit-lockfile-registry-resolved). The exact version is
# pinned by "dependencies" instead.
cat > "$prefix/package.json" <<JSON
{
  "name": "bgptopo-code-server",
  "private": true,
  "description": "code-server for bgptopo's real-editor tests (written by .ci/install-code-server.sh)",
  "dependencies": { "code-server": "$CODE_SERVER_VERSION" },
  "allowScripts": { "code-server": true, "argon2": true }
}
JSON

export TMPDIR="$scratch/tmp" npm_config_yes=true npm_config_unsafe_perm=true
export npm_config_audit=false npm_config_fund=false npm_config_update_notifier=false

log "npm install code-server@$CODE_SERVER_VERSION (scripts deferred) into $prefix"
npm install --prefix "$prefix" --ignore-scripts --no-package-lock --loglevel=error

vscode_dir="$prefix/node_modules/code-server/lib/vscode"
printf 'allow-scripts=%s\n' "$VSCODE_ALLOWED_SCRIPTS" > "$vscode_dir/.npmrc"

log "running install scripts (code-server postinstall builds VS Code's native modules)"
(cd "$prefix" && npm rebuild --unsafe-perm --foreground-scripts argon2 code-server)

# Verify what silently fails otherwise.
for module in node-pty @vscode/spdlog native-watchdog kerberos; do
  if ! find "$vscode_dir/node_modules/$module/build/Release" -maxdepth 1 -name '*.node' 2>/dev/null | grep -q .; then
    log "native module $module was not built"
    exit 1
  fi
done
# @parcel/watcher ships prebuilt binaries as optional packages instead of building.
[ -f "$vscode_dir/node_modules/@parcel/watcher-linux-x64-glibc/watcher.node" ] || { log "@parcel/watcher binary missing"; exit 1; }
[ -x "$vscode_dir/node_modules/@vscode/ripgrep/bin/rg" ] || { log "ripgrep binary missing"; exit 1; }

version="$(installed_version || true)"
if [ "$version" != "$CODE_SERVER_VERSION" ]; then
  log "installed code-server reports '$version', expected $CODE_SERVER_VERSION"
  exit 1
fi
log "installed code-server $version in $((SECONDS - start_seconds)) s ($(du -sh "$prefix" | cut -f1))"
printf '%s\n' "$bin"
