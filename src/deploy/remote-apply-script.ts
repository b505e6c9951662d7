/**
 * The script that applies one host's files atomically, run as root on the host after its payload was
 * uploaded and its checksum verified. It takes a lock, checks every new file with the host's own tool,
 * backs up the current files, moves the new ones into place with rename(2), reloads each touched service
 * in the least disruptive way, checks the services are healthy, and on any failure restores the backup,
 * reloads again and reports. It prints `BGPTOPO <event> …` lines the deployer parses.
 *
 * The body is fixed text; only the data section at the top varies, and every value in it is quoted.
 */
import { shellQuote } from './shell-quote.js';
import type { CheckKind, ServiceName } from './deploy-file-kinds.js';

export interface ApplyEntry {
    /** File name of the content inside the staging folder. */
    readonly staged: string;
    readonly target: string;
    readonly owner: string;
    readonly mode: string;
    readonly check: CheckKind;
    readonly service: ServiceName;
    /** The file changes (unchanged files are not moved, but still count for the health check). */
    readonly changed: boolean;
}

export interface ApplyScriptInput {
    readonly stageDir: string;
    readonly backupDir: string;
    readonly lockDir: string;
    /** Who holds the lock (shown to a second deploy). */
    readonly owner: string;
    readonly entries: readonly ApplyEntry[];
    /** Seconds to wait for a service to become healthy after a reload. */
    readonly healthTimeoutSeconds: number;
}

export function applyScript(input: ApplyScriptInput): string {
    const data = [
        `STAGE=${shellQuote(input.stageDir)}`,
        `BACKUP=${shellQuote(input.backupDir)}`,
        `LOCK=${shellQuote(input.lockDir)}`,
        `OWNER=${shellQuote(input.owner)}`,
        `HEALTH_TIMEOUT=${Math.max(1, Math.round(input.healthTimeoutSeconds))}`,
        'ENTRIES=$(cat <<"BGPTOPO_ENTRIES"',
        ...input.entries.map((entry) =>
            [entry.staged, entry.target, entry.owner, entry.mode, entry.check, entry.service, entry.changed ? 'changed' : 'same']
                .map((value) => {
                    if (/[\s"'\\]/.test(value) || value === '') {
                        throw new Error(`unsafe value in apply entry: ${JSON.stringify(value)}`);
                    }
                    return value;
                })
                .join(' ')
        ),
        'BGPTOPO_ENTRIES',
        ')'
    ];
    return `#!/bin/sh\n# bgptopo apply script (generated)\nset -u\n${data.join('\n')}\n${APPLY_BODY}`;
}

const APPLY_BODY = String.raw`
emit() { printf 'BGPTOPO %s\n' "$*"; }
fail_out() { sed 's/^/  | /' "$1" 2>/dev/null | head -40; }
systemd_running() { [ -d /run/systemd/system ] && command -v systemctl >/dev/null 2>&1; }

if ! mkdir "$LOCK" 2>/dev/null; then
  emit LOCKED "$(cat "$LOCK/owner" 2>/dev/null || echo unknown)"
  exit 75
fi
printf '%s\n' "$OWNER" > "$LOCK/owner"
cleanup() { rm -rf "$STAGE" "$LOCK"; }
trap cleanup EXIT
trap 'exit 130' INT TERM HUP

LOG=$(mktemp)
SERVICES=""
add_service() { case " $SERVICES " in *" $1 "*) ;; *) SERVICES="$SERVICES $1" ;; esac; }
newname() { printf '%s/.bgptopo-new.%s' "$(dirname "$1")" "$(basename "$1")"; }

# 1. Stage and check every changed file next to its target; nothing on the host changes yet.
echo "$ENTRIES" | while read -r staged target owner mode check service changed; do
  [ -n "$staged" ] || continue
  [ "$changed" = changed ] || continue
  dir=$(dirname "$target")
  mkdir -p "$dir" || { emit CHECK-FAILED "$target" "cannot create $dir"; exit 1; }
  new=$(newname "$target")
  case "$check" in wireguard) new="$dir/.bgptopo-check/$(basename "$target")"; mkdir -p "$dir/.bgptopo-check" ;; esac
  if ! cp "$STAGE/$staged" "$new" 2>"$LOG"; then emit CHECK-FAILED "$target" "cannot write $dir: $(head -1 "$LOG")"; exit 1; fi
  chmod "$mode" "$new"; chown "$owner" "$new" 2>/dev/null || true
  ok=1
  case "$check" in
    frr) vtysh --dryrun -f "$new" >"$LOG" 2>&1 || ok=0; [ -s "$LOG" ] && grep -qv '^$' "$LOG" && ok=0 ;;
    keepalived) keepalived -t -f "$new" >"$LOG" 2>&1 || ok=0 ;;
    haproxy) haproxy -c -f "$new" >"$LOG" 2>&1 || ok=0 ;;
    wireguard)
      if wg-quick strip "$new" >"$LOG.conf" 2>"$LOG"; then
        wg setconf bgptopo-chk0 "$LOG.conf" >"$LOG" 2>&1
        grep -q 'Configuration parsing error' "$LOG" && ok=0
      else ok=0; fi
      rm -f "$LOG.conf" ;;
    shell) sh -n "$new" >"$LOG" 2>&1 || ok=0 ;;
    none) ;;
  esac
  if [ "$ok" != 1 ]; then
    emit CHECK-FAILED "$target" "$check rejected the new file"
    fail_out "$LOG"
    rm -f "$new"; rm -rf "$dir/.bgptopo-check"
    exit 1
  fi
  if [ "$check" = wireguard ]; then mv -f "$new" "$(newname "$target")"; rm -rf "$dir/.bgptopo-check"; fi
  emit CHECKED "$target"
done || {
  echo "$ENTRIES" | while read -r staged target rest; do [ -n "$target" ] && rm -f "$(newname "$target")"; done
  exit 1
}

# 2. Back up the current files, then move the new ones into place (rename is atomic on one file system).
mkdir -p "$BACKUP" || { emit FAILED backup "cannot create $BACKUP"; exit 1; }
: > "$BACKUP/manifest"
echo "$ENTRIES" | while read -r staged target owner mode check service changed; do
  [ -n "$staged" ] && [ "$changed" = changed ] || continue
  if [ -e "$target" ]; then
    mkdir -p "$BACKUP$(dirname "$target")" && cp -p "$target" "$BACKUP$target" || exit 1
    echo "present $target" >> "$BACKUP/manifest"
  else
    echo "absent $target" >> "$BACKUP/manifest"
  fi
done || { emit FAILED backup "could not back up the current files"; exit 1; }
emit BACKUP "$BACKUP"

echo "$ENTRIES" | while read -r staged target owner mode check service changed; do
  [ -n "$staged" ] && [ "$changed" = changed ] || continue
  mv -f "$(newname "$target")" "$target" && emit INSTALLED "$target"
done
for service in $(echo "$ENTRIES" | awk '$7 == "changed" { print $6 }' | sort -u); do add_service "$service"; done
DAEMONS_CHANGED=$(echo "$ENTRIES" | awk '$7 == "changed" && $2 == "/etc/frr/daemons" { print "yes" }')

reload() {
  case "$1" in
    frr)
      if systemd_running; then
        if [ -n "$DAEMONS_CHANGED" ] || ! systemctl is-active --quiet frr; then systemctl restart frr; else systemctl reload frr; fi
      elif [ -n "$DAEMONS_CHANGED" ] || ! pgrep -x bgpd >/dev/null; then
        /usr/lib/frr/frrinit.sh restart
      else
        /usr/lib/frr/frr-reload.py --reload /etc/frr/frr.conf
      fi ;;
    keepalived)
      if systemd_running; then systemctl reload-or-restart keepalived
      elif [ -s /run/keepalived.pid ] && kill -0 "$(cat /run/keepalived.pid)" 2>/dev/null; then kill -HUP "$(cat /run/keepalived.pid)"
      else keepalived -f /etc/keepalived/keepalived.conf -p /run/keepalived.pid; fi ;;
    haproxy)
      # Master-worker mode (as Debian's unit runs it): SIGUSR2 to the master reloads without dropping connections.
      if systemd_running; then systemctl reload-or-restart haproxy
      elif [ -s /run/haproxy.pid ] && kill -0 "$(cat /run/haproxy.pid)" 2>/dev/null; then kill -USR2 "$(cat /run/haproxy.pid)"
      else haproxy -W -D -f /etc/haproxy/haproxy.cfg -p /run/haproxy.pid; fi ;;
    wireguard)
      for conf in $(echo "$ENTRIES" | awk '$6 == "wireguard" { print $2 }'); do
        ifname=$(basename "$conf" .conf)
        if ip link show "$ifname" >/dev/null 2>&1; then
          wg-quick strip "$conf" > "$LOG.wg" && wg syncconf "$ifname" "$LOG.wg" || return 1
          rm -f "$LOG.wg"
        else
          wg-quick up "$ifname" || return 1
        fi
      done ;;
    kubelet) ;;
  esac
}

healthy_once() {
  case "$1" in
    frr) vtysh -c 'show bgp summary json' 2>/dev/null | grep -q '^{' ;;
    keepalived) if systemd_running; then systemctl is-active --quiet keepalived; else [ -s /run/keepalived.pid ] && kill -0 "$(cat /run/keepalived.pid)" 2>/dev/null; fi ;;
    haproxy) if systemd_running; then systemctl is-active --quiet haproxy; else [ -s /run/haproxy.pid ] && kill -0 "$(cat /run/haproxy.pid)" 2>/dev/null; fi ;;
    wireguard) for conf in $(echo "$ENTRIES" | awk '$6 == "wireguard" { print $2 }'); do wg show "$(basename "$conf" .conf)" >/dev/null 2>&1 || return 1; done ;;
    kubelet) return 0 ;;
  esac
}

healthy() {
  waited=0
  while [ "$waited" -lt $((HEALTH_TIMEOUT * 5)) ]; do
    healthy_once "$1" && return 0
    sleep 0.2; waited=$((waited + 1))
  done
  return 1
}

rollback() {
  emit ROLLING-BACK "$1"
  while read -r state target; do
    if [ "$state" = present ]; then cp -p "$BACKUP$target" "$target"; else rm -f "$target"; fi
    emit RESTORED "$target"
  done < "$BACKUP/manifest"
  for service in $SERVICES; do
    if reload "$service" >"$LOG" 2>&1 && healthy "$service"; then emit RELOADED "$service"
    else emit ROLLBACK-FAILED "$service"; fail_out "$LOG"; fi
  done
  emit ROLLED-BACK "$BACKUP"
  exit 2
}

# 3. Reload each touched service and wait until it is healthy; any failure restores the backup.
for service in $SERVICES; do
  if ! reload "$service" >"$LOG" 2>&1; then
    emit RELOAD-FAILED "$service"; fail_out "$LOG"; rollback "$service"
  fi
  if ! healthy "$service"; then
    emit UNHEALTHY "$service"; rollback "$service"
  fi
  emit RELOADED "$service"
done
rm -f "$LOG"
emit DONE
exit 0
`;
