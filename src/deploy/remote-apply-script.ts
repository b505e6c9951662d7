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

// Shell parameter expansions are written \${…} here (a template literal would interpolate ${…}).
const APPLY_BODY = String.raw`
emit() { printf 'BGPTOPO %s\n' "$*"; }
# Checker output can quote the offending line (vtysh does): never let a secret reach an event or a log.
redact() { sed -E 's/((password|auth-password|secret|privatekey|presharedkey|private-key)[[:space:]=]+)[^[:space:]]+/\1<redacted>/Ig'; }
fail_out() { redact < "$1" 2>/dev/null | sed 's/^/  | /' | head -40; }
systemd_running() { [ -d /run/systemd/system ] && command -v systemctl >/dev/null 2>&1; }
alive() { [ -n "$1" ] && kill -0 "$1" 2>/dev/null; }
pidof_file() { [ -s "$1" ] && head -1 "$1" | tr -dc 0-9; }

# 0. The lock: one deploy at a time on this host. A lock whose owner process is gone (killed -9, host
#    crashed before /run was cleared) is broken; a live one makes this deploy stop with nothing changed.
# The lock folder is made complete (with its owner file) aside, then renamed into place: rename(2) of a
# folder onto a non-empty one fails, so a second deploy never sees a lock without an owner.
take_lock() {
  fresh=$(mktemp -d "$LOCK.new.XXXXXX") || return 1
  printf '%s pid %s\n' "$OWNER" "$$" > "$fresh/owner" && mv -T "$fresh" "$LOCK" 2>/dev/null && return 0
  rm -rf "$fresh"; return 1
}
lock_pid() { sed -n 's/.* pid \([0-9]*\)$/\1/p' "$1/owner" 2>/dev/null; }
if ! take_lock; then
  holder=$(cat "$LOCK/owner" 2>/dev/null || echo unknown)
  stale="$LOCK.stale.$$"
  if ! alive "$(lock_pid "$LOCK")" && mv -T "$LOCK" "$stale" 2>/dev/null; then
    # Moved aside: if it was not the stale lock we judged (a deploy took it meanwhile), give it back.
    if [ "$(cat "$stale/owner" 2>/dev/null || echo unknown)" = "$holder" ]; then rm -rf "$stale"; else mv -T "$stale" "$LOCK" 2>/dev/null; fi
  fi
  if take_lock; then
    emit STALE-LOCK-BROKEN "$holder"
  else
    emit LOCKED "$(cat "$LOCK/owner" 2>/dev/null || echo "$holder")"
    rm -rf "$STAGE"
    exit 75
  fi
fi
PHASE=check
ROLLING_BACK=""
LOG=""
cleanup() { rm -rf "$STAGE" "$LOCK"; }
trap cleanup EXIT
# A signal after files were moved must not leave half a deploy: roll back first.
on_signal() { if [ "$PHASE" = install ] || [ "$PHASE" = reload ]; then rollback "interrupted"; fi; exit 130; }
trap on_signal INT TERM HUP

# Tool output goes to a file in the root-only staging folder (removed at exit).
LOG="$STAGE/apply.log"
# Few processes: on a small router every fork+exec counts, so the entries are parsed once by the shell and
# paths are split with parameter expansion instead of dirname/basename. ALL and CHANGED hold whole lines.
ALL=""
CHANGED=""
while read -r staged target owner mode check service changed extra; do
  [ -n "$changed" ] && [ -z "$extra" ] || continue
  line="$staged $target $owner $mode $check $service $changed"
  ALL="$ALL$line
"
  [ "$changed" = changed ] && CHANGED="$CHANGED$line
"
done <<BGPTOPO_LIST
$ENTRIES
BGPTOPO_LIST
dir_of() { case "$1" in */*) d=\${1%/*}; printf '%s' "\${d:-/}" ;; *) printf . ;; esac; }
newname() { printf '%s/.bgptopo-new.%s' "$(dir_of "$1")" "\${1##*/}"; }
entries() { printf '%s' "$ALL"; }
changed_entries() { printf '%s' "$CHANGED"; }
targets_of() { entries | while read -r staged target owner mode check service changed; do if [ "$service" = "$1" ]; then printf '%s\n' "$target"; fi; done; }

# sysctl files: "key = value" lines whose keys exist on this host.
check_sysctl() {
  bad=$(grep -Ev '^[[:space:]]*([#;].*)?$' "$1" | while IFS='=' read -r key value; do
    key=$(echo "$key" | tr -d '[:space:]')
    [ -n "$key" ] && [ -e "/proc/sys/$(echo "$key" | tr . /)" ] || echo "unknown sysctl key: $key"
  done)
  [ -z "$bad" ] || { echo "$bad"; return 1; }
}
sysctl_keys() { grep -Ev '^[[:space:]]*([#;].*)?$' "$1" 2>/dev/null | cut -d= -f1 | tr -d '[:space:]' | sort -u; }

# 1. Stage and check every changed file next to its target; nothing on the host changes yet.
changed_entries | while read -r staged target owner mode check service changed; do
  dir=$(dir_of "$target")
  [ -d "$dir" ] || mkdir -p "$dir" 2>"$LOG" || { emit CHECK-FAILED "$target" "cannot create $dir: $(head -1 "$LOG")"; exit 1; }
  new=$(newname "$target")
  case "$check" in wireguard) new="$dir/.bgptopo-check/\${target##*/}"; mkdir -p "$dir/.bgptopo-check" ;; esac
  # One process copies, sets the mode and the owner (user:group) of the staged file.
  if ! install -m "$mode" -o "\${owner%%:*}" -g "\${owner#*:}" "$STAGE/$staged" "$new" 2>"$LOG"; then
    emit CHECK-FAILED "$target" "cannot write in $dir as $owner $mode: $(head -1 "$LOG")"; rm -f "$new"; exit 1
  fi
  ok=1
  case "$check" in
    frr)
      # vtysh --dryrun exits 0 on some errors: any printed text means the file was not clean.
      vtysh --dryrun -f "$new" >"$LOG" 2>&1 || ok=0
      while IFS= read -r out || [ -n "$out" ]; do case "$out" in *[![:space:]]*) ok=0 ;; esac; done < "$LOG" ;;
    keepalived) keepalived -t -f "$new" >"$LOG" 2>&1 || ok=0 ;;
    haproxy) haproxy -c -q -f "$new" >"$LOG" 2>&1 || ok=0 ;;
    wireguard)
      # wg-quick's own parser, then wg's: setconf on a missing interface still parses the whole file first.
      if wg-quick strip "$new" >"$LOG.conf" 2>"$LOG"; then
        wg setconf bgptopo-chk0 "$LOG.conf" >"$LOG" 2>&1
        grep -qi 'parsing error\|invalid\|unable to parse' "$LOG" && ok=0
      else ok=0; fi
      rm -f "$LOG.conf" ;;
    sysctl) check_sysctl "$new" >"$LOG" 2>&1 || ok=0 ;;
    shell) sh -n "$new" >"$LOG" 2>&1 || ok=0 ;;
    none) ;;
  esac
  if [ "$ok" != 1 ]; then
    emit CHECK-FAILED "$target" "$check rejected the new file"
    fail_out "$LOG"
    rm -f "$new"; rm -rf "$dir/.bgptopo-check"
    exit 1
  fi
  if [ "$check" = wireguard ]; then mv -f "$new" "$(newname "$target")" && rm -rf "$dir/.bgptopo-check" || exit 1; fi
  emit CHECKED "$target"
done || {
  changed_entries | while read -r staged target rest; do rm -f "$(newname "$target")"; done
  exit 1
}

# 2. Back up the current files (and the runtime values of the sysctl keys involved), then move the new
#    ones into place (rename(2): atomic on one file system; the new file was staged in the same folder).
mkdir -p -m 700 "$BACKUP" && : > "$BACKUP/manifest" || { emit FAILED backup "cannot create $BACKUP"; exit 1; }
changed_entries | while read -r staged target owner mode check service changed; do
  if [ -e "$target" ]; then
    mkdir -p "$BACKUP$(dir_of "$target")" && cp -p "$target" "$BACKUP$target" || exit 1
    echo "present $target" >> "$BACKUP/manifest"
  else
    echo "absent $target" >> "$BACKUP/manifest"
  fi
  if [ "$service" = sysctl ]; then
    for key in $( { sysctl_keys "$target"; sysctl_keys "$(newname "$target")"; } | sort -u); do
      printf '%s=%s\n' "$key" "$(sysctl -n "$key")" >> "$BACKUP/sysctl.values" || exit 1
    done
  fi
done || { emit FAILED backup "could not back up the current files"; changed_entries | while read -r staged target rest; do rm -f "$(newname "$target")"; done; exit 1; }
emit BACKUP "$BACKUP"

# The touched services, in reload order; whether FRR's daemons file changes.
CHANGED_SERVICES=" $(changed_entries | while read -r staged target owner mode check service changed; do printf '%s ' "$service"; done)"
SERVICES=""
for service in sysctl frr keepalived haproxy wireguard kubelet; do
  case "$CHANGED_SERVICES" in *" $service "*) SERVICES="$SERVICES $service" ;; esac
done
DAEMONS_CHANGED=""
case " $CHANGED " in *" /etc/frr/daemons "*) DAEMONS_CHANGED=yes ;; esac
# FRR applies a changed TCP-MD5 password only on a new session, and frr-reload.py would remove the old one
# with "vtysh -c 'no neighbor X password OLD'" (a secret on a command line): restart instead.
# Same password lines in both files (in any order)? One awk, no temporary copies.
same_passwords() {
  awk -v old="$1" '
    /^[[:space:]]*neighbor[[:space:]]+[^[:space:]]+[[:space:]]+password[[:space:]]/ { count[$0] += (FILENAME == old) ? 1 : -1 }
    END { for (line in count) if (count[line] != 0) exit 1 }' "$1" "$2"
}
FRR_PASSWORDS_CHANGED=""
if [ -e /etc/frr/.bgptopo-new.frr.conf ]; then
  old=/etc/frr/frr.conf; [ -e "$old" ] || old=/dev/null
  same_passwords "$old" /etc/frr/.bgptopo-new.frr.conf || FRR_PASSWORDS_CHANGED=yes
fi

restore_file() {
  # Copy next to the target, then rename: the target is never seen half-written.
  cp -p "$BACKUP$1" "$(newname "$1")" && mv -f "$(newname "$1")" "$1"
}

rollback() {
  PHASE=rollback
  ROLLING_BACK=yes
  emit ROLLING-BACK "$1"
  while read -r state target; do
    rm -f "$(newname "$target")"
    if [ "$state" = present ]; then restore_file "$target"; else rm -f "$target"; fi
    emit RESTORED "$target"
  done < "$BACKUP/manifest"
  result=0
  for service in $SERVICES; do
    if reload "$service" >"$LOG" 2>&1 && healthy "$service"; then emit RELOADED "$service"
    else emit ROLLBACK-FAILED "$service"; fail_out "$LOG"; result=1; fi
  done
  if [ "$result" = 0 ]; then emit ROLLED-BACK "$BACKUP"; exit 2; fi
  emit ROLLBACK-INCOMPLETE "$BACKUP"
  exit 4
}

PHASE=install
changed_entries | while read -r staged target owner mode check service changed; do
  mv -f "$(newname "$target")" "$target" 2>"$LOG" || { emit INSTALL-FAILED "$target"; fail_out "$LOG"; exit 1; }
  emit INSTALLED "$target"
done || rollback install

haproxy_master() { pidof_file /run/haproxy.pid; }
HAPROXY_WORKERS_BEFORE=""
keepalived_pid() { pidof_file /run/keepalived.pid; }

reload() {
  case "$1" in
    sysctl)
      if [ -n "$ROLLING_BACK" ]; then
        # Restore the exact runtime values from before (a removed file would leave the new ones set).
        [ -s "$BACKUP/sysctl.values" ] && while IFS= read -r kv; do sysctl -q -w "$kv" || return 1; done < "$BACKUP/sysctl.values"
        for conf in $(targets_of sysctl); do [ -e "$conf" ] && { sysctl -q -p "$conf" || return 1; }; done
      else
        for conf in $(targets_of sysctl); do sysctl -q -p "$conf" || return 1; done
      fi ;;
    frr)
      if systemd_running; then
        if [ -n "$DAEMONS_CHANGED$FRR_PASSWORDS_CHANGED" ] || ! systemctl is-active --quiet frr; then systemctl restart frr; else systemctl reload frr; fi
      elif [ -n "$DAEMONS_CHANGED$FRR_PASSWORDS_CHANGED" ] || ! pgrep -x watchfrr >/dev/null; then
        /usr/lib/frr/frrinit.sh restart
      else
        /usr/lib/frr/frr-reload.py --reload /etc/frr/frr.conf
      fi ;;
    keepalived)
      if systemd_running; then systemctl reload-or-restart keepalived
      elif alive "$(keepalived_pid)"; then kill -HUP "$(keepalived_pid)"
      else keepalived -f /etc/keepalived/keepalived.conf -p /run/keepalived.pid; fi ;;
    haproxy)
      # Master-worker mode (as Debian's unit runs it): SIGUSR2 to the master reloads without dropping
      # connections; healthy means a NEW worker runs and every bind of the file is listening.
      HAPROXY_WORKERS_BEFORE=$(alive "$(haproxy_master)" && pgrep -P "$(haproxy_master)" | sort | tr '\n' ' ')
      if systemd_running; then systemctl reload-or-restart haproxy
      elif alive "$(haproxy_master)"; then mkdir -p /run/haproxy; kill -USR2 "$(haproxy_master)"
      else mkdir -p /run/haproxy; haproxy -W -D -f /etc/haproxy/haproxy.cfg -p /run/haproxy.pid; fi ;;  # the stats socket's folder (systemd's RuntimeDirectory)
    wireguard)
      for conf in $(targets_of wireguard); do
        ifname=$(basename "$conf" .conf)
        if [ ! -e "$conf" ]; then ip link del "$ifname" 2>/dev/null || true
        elif ip link show "$ifname" >/dev/null 2>&1; then
          wg-quick strip "$conf" > "$LOG.wg" && wg syncconf "$ifname" "$LOG.wg" || return 1
          # What PostUp does on wg-quick up: the private key stays in its own file on this host.
          [ -s "/etc/wireguard/$ifname.key" ] && { wg set "$ifname" private-key "/etc/wireguard/$ifname.key" || return 1; }
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
    sysctl)
      for conf in $(targets_of sysctl); do
        [ -e "$conf" ] || continue
        grep -Ev '^[[:space:]]*([#;].*)?$' "$conf" | while IFS='=' read -r key value; do
          key=$(echo "$key" | tr -d '[:space:]'); value=$(echo "$value" | sed 's/^[[:space:]]*//; s/[[:space:]]*$//')
          [ "$(sysctl -n "$key")" = "$value" ] || exit 1
        done || return 1
      done ;;
    frr)
      # One vtysh: bgpd answers, and every BGP instance of the file is running.
      running=$(vtysh -c 'show bgp summary json' -c 'show running-config' 2>/dev/null) || return 1
      conf=/etc/frr/frr.conf; [ -e "$conf" ] || conf=/dev/null
      printf '%s\n' "$running" | awk -v conf="$conf" '
        FILENAME == conf { if ($1 == "router" && $2 == "bgp") want[$3] = 1; next }
        /^\{/ { json = 1 }
        $1 == "router" && $2 == "bgp" { have[$3] = 1 }
        END { if (!json) exit 1; for (asn in want) if (!(asn in have)) exit 1 }' "$conf" - ;;
    keepalived)
      if systemd_running; then systemctl is-active --quiet keepalived
      else alive "$(keepalived_pid)" && pgrep -P "$(keepalived_pid)" >/dev/null; fi ;;
    haproxy)
      if systemd_running; then systemctl is-active --quiet haproxy || return 1
      else
        master=$(haproxy_master); alive "$master" || return 1
        fresh=""
        for worker in $(pgrep -P "$master"); do case " $HAPROXY_WORKERS_BEFORE " in *" $worker "*) ;; *) fresh=yes ;; esac; done
        [ -n "$fresh" ] || return 1
      fi
      listening=$(ss -Hltnp 2>/dev/null | grep '"haproxy"' | awk '{ print $4 }')
      for bind in $(awk '$1 == "bind" { print $2 }' /etc/haproxy/haproxy.cfg); do
        case "$bind" in
          \*:*|:::*|0.0.0.0:*) port=$(echo "$bind" | sed 's/.*://'); echo "$listening" | grep -q ":$port\$" || return 1 ;;
          *) echo "$listening" | grep -qx "$bind" || return 1 ;;
        esac
      done ;;
    wireguard) for conf in $(targets_of wireguard); do [ -e "$conf" ] || continue; wg show "$(basename "$conf" .conf)" >/dev/null 2>&1 || return 1; done ;;
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

# 3. Reload each touched service (sysctl first: HAProxy may need ip_nonlocal_bind) and wait until it is
#    healthy; any failure restores the backup and reloads it.
PHASE=reload
for service in $SERVICES; do
  if ! reload "$service" >"$LOG" 2>&1; then
    emit RELOAD-FAILED "$service"; fail_out "$LOG"; rollback "$service"
  fi
  if ! healthy "$service"; then
    emit UNHEALTHY "$service"; rollback "$service"
  fi
  emit RELOADED "$service"
done
PHASE=done
emit DONE
exit 0
`.replace(/\\\$\{/g, '${');
