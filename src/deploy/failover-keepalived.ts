/**
 * How keepalived runs on a host, and how to stop it and start it again the same way: through systemd when
 * systemd runs it, else by signalling the pid from its pid file and restarting the binary with the same
 * config and pid files (daemonizing, whatever foreground flags the original had).
 */
import { commandLine } from './shell-quote.js';

export const DEFAULT_KEEPALIVED_CONFIG = '/etc/keepalived/keepalived.conf';
export const DEFAULT_KEEPALIVED_PID = '/run/keepalived.pid';

export type KeepalivedRuntime =
    | { readonly kind: 'systemd' }
    | { readonly kind: 'process'; readonly pid: number; readonly argv: string[] }
    | { readonly kind: 'none' };

/** Prints `systemd`, `none`, or `pid N` followed by the process's argv, one argument per line. */
export const DETECT_KEEPALIVED_SCRIPT = [
    'if [ -d /run/systemd/system ] && systemctl is-active --quiet keepalived 2>/dev/null; then echo systemd; exit 0; fi',
    `pid=$(cat ${DEFAULT_KEEPALIVED_PID} 2>/dev/null)`,
    'if [ -z "$pid" ] || ! kill -0 "$pid" 2>/dev/null; then pid=$(pgrep -o -x keepalived); fi',
    'if [ -z "$pid" ]; then echo none; exit 0; fi',
    'echo "pid $pid"',
    'tr "\\000" "\\n" < "/proc/$pid/cmdline"'
].join('\n');

export function parseKeepalivedRuntime(output: string): KeepalivedRuntime {
    const [first = '', ...rest] = output.split('\n');
    if (first.trim() === 'systemd') {
        return { kind: 'systemd' };
    }
    const match = /^pid ([0-9]+)$/.exec(first.trim());
    if (!match) {
        return { kind: 'none' };
    }
    const argv = rest[rest.length - 1] === '' ? rest.slice(0, -1) : rest;
    return { kind: 'process', pid: Number(match[1]), argv };
}

const VALUE_OPTIONS: Record<string, string> = {
    '-f': '--use-file',
    '-p': '--pid',
    '-r': '--vrrp_pid',
    '-c': '--checkers_pid'
};

/**
 * argv that starts keepalived again as a daemon with the original's config and pid files; foreground and
 * logging flags (-n, -l, -D, -G) are dropped because the restarted copy must outlive the SSH command.
 */
export function restartArgv(original: readonly string[]): string[] {
    const values = new Map<string, string>();
    for (let i = 1; i < original.length; i++) {
        const arg = original[i];
        for (const [short, long] of Object.entries(VALUE_OPTIONS)) {
            if (arg === short || arg === long) {
                const value = original[i + 1];
                if (value !== undefined) {
                    values.set(short, value);
                    i++;
                }
            } else if (arg.startsWith(`${long}=`)) {
                values.set(short, arg.slice(long.length + 1));
            } else if (arg.startsWith(short) && arg.length > 2 && !arg.startsWith('--')) {
                values.set(short, arg.slice(2));
            }
        }
    }
    const argv = ['keepalived', '-f', values.get('-f') ?? DEFAULT_KEEPALIVED_CONFIG, '-p', values.get('-p') ?? DEFAULT_KEEPALIVED_PID];
    for (const short of ['-r', '-c']) {
        const value = values.get(short);
        if (value) {
            argv.push(short, value);
        }
    }
    return argv;
}

/**
 * argv that exits 0 while the process still runs (a zombie counts as gone). keepalived refuses to start
 * while its pid file names a live process, so a restart must wait for the stopped one to finish exiting.
 */
export function processAliveArgv(pid: number): string[] {
    return ['sh', '-c', '[ -e "/proc/$1" ] && ! grep -q "^State:[[:space:]]*Z" "/proc/$1/status" 2>/dev/null', 'bgptopo-alive', String(pid)];
}

/** argv of the stop command. */
export function stopArgv(runtime: KeepalivedRuntime): string[] {
    switch (runtime.kind) {
        case 'systemd':
            return ['systemctl', 'stop', 'keepalived'];
        case 'process':
            return ['kill', '-TERM', String(runtime.pid)];
        case 'none':
            throw new Error('keepalived is not running');
    }
}

/** argv of the start command; the process form detaches stdio so the SSH channel closes. */
export function startArgv(runtime: KeepalivedRuntime): string[] {
    switch (runtime.kind) {
        case 'systemd':
            return ['systemctl', 'start', 'keepalived'];
        case 'process':
            return ['sh', '-c', `exec ${commandLine(restartArgv(runtime.argv))} </dev/null >/dev/null 2>&1`];
        case 'none':
            throw new Error('keepalived was not running; nothing to restore');
    }
}
