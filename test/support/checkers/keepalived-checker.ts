/**
 * Checks a keepalived.conf with `keepalived -t` (config test) the way it would run on its host.
 *
 * keepalived 2.2.7 fails the test (exit 5) when a configured interface does not exist or a
 * referenced script is missing, so the test runs inside a throwaway network namespace that has the
 * requested interfaces (veth pairs: this kernel has no `dummy` type), and inside a private mount
 * namespace in which every referenced script path exists as an executable `exit 0` stub.
 *
 * Choice for scripts: stubs are created at the *real* paths the config names (an overlayfs over
 * the nearest existing parent directory, upper layer on a tmpfs, see keepalived-sandbox.mjs), so the
 * config text is checked verbatim — including keepalived's script-security checks of the path —
 * and nothing is written to the host filesystem. By default the paths are taken from the config's
 * `script` / `notify*` lines; pass `scripts` to control the list (`[]` = no stubs, so a config whose
 * scripts are not installed on this machine fails as it would on a host without them).
 *
 * Exit codes of keepalived -t (2.2.7): 0 ok, 5 configuration errors (unknown keyword, range,
 * missing interface/script, braces), 6 script-security violation; 70 = the sandbox itself failed.
 * Needs root (netns, mounts).
 */
import { randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type CheckResult, skippedResult, toolResult } from './check-result.js';
import { ROOT, missingPrerequisites, outputLines, resolveTool, runTool, withTempDir } from './checker-tools.js';

export const KEEPALIVED_CHECKER_PREREQUISITES = ['keepalived', 'ip', 'unshare', 'mount', ROOT] as const;

const TOOL = 'keepalived -t';
const SANDBOX = fileURLToPath(new URL('./keepalived-sandbox.mjs', import.meta.url));
const IFNAME = /^[A-Za-z0-9_.-]{1,15}$/;
const SCRIPT_PATH = /^\/[A-Za-z0-9_./+@-]+$/;
const SCRIPT_LINE = /^\s*(?:script|notify|notify_master|notify_backup|notify_fault|notify_stop|notify_deleted|notify_master_rx_lower_pri)\s+(?:"([^"]*)"|'([^']*)'|(\S+))/;
const EXIT_MEANING: Record<number, string> = {
    5: 'configuration errors',
    6: 'script security violation',
    70: 'sandbox failure',
};

let namespaceCounter = 0;
let staleSwept: Promise<void> | undefined;
const NAMESPACE_PREFIX = 'bgptopo-ka-';

/** Whether a process id names a live process (EPERM: alive, owned by someone else). */
function processAlive(pid: number): boolean {
    try {
        process.kill(pid, 0);
        return true;
    } catch (error) {
        return (error as NodeJS.ErrnoException).code === 'EPERM';
    }
}

/**
 * Removes the throwaway namespaces of checker processes that no longer run (a worker killed between
 * `ip netns add` and its `finally`), so a killed run leaves nothing behind for longer than the next check.
 * Namespaces of live processes are left alone: their checks are still in flight.
 */
export async function removeStaleKeepalivedNamespaces(): Promise<string[]> {
    const ip = resolveTool('ip');
    if (!ip) {
        return [];
    }
    const list = await runTool(ip, ['netns', 'list']);
    const stale = outputLines(list.stdout)
        .map((line) => line.split(/\s+/)[0])
        .filter((name) => {
            const match = new RegExp(`^${NAMESPACE_PREFIX}(\\d+)-\\d+-[0-9a-f]+$`).exec(name);
            return match !== null && !processAlive(Number(match[1]));
        });
    for (const name of stale) {
        await runTool(ip, ['netns', 'del', name]);
    }
    return stale;
}

export interface KeepalivedCheckOptions {
    /** Absolute script paths to stub; default: those named by `script`/`notify*` lines. */
    scripts?: readonly string[];
    timeoutMs?: number;
}

/** Absolute executable paths named by `script "..."` and `notify* "..."` lines (first word only). */
export function keepalivedScriptPaths(text: string): string[] {
    const paths = new Set<string>();
    for (const line of text.split(/\r?\n/)) {
        const m = SCRIPT_LINE.exec(line);
        const command = m ? (m[1] ?? m[2] ?? m[3]).trim() : '';
        const executable = command.split(/\s+/)[0];
        if (executable?.startsWith('/')) {
            paths.add(executable);
        }
    }
    return [...paths];
}

export async function checkKeepalivedConfig(
    text: string,
    interfaces: readonly string[],
    options: KeepalivedCheckOptions = {},
): Promise<CheckResult> {
    const missing = missingPrerequisites(KEEPALIVED_CHECKER_PREREQUISITES);
    if (missing.length > 0) {
        return skippedResult(TOOL, `missing: ${missing.join(', ')} (Debian: keepalived, iproute2, util-linux)`);
    }
    const ifnames = [...new Set(interfaces)].filter((name) => name !== 'lo');
    const scripts = options.scripts ?? keepalivedScriptPaths(text);
    const invalid = [
        ...ifnames.filter((n) => !IFNAME.test(n)).map((n) => `invalid interface name: ${JSON.stringify(n)}`),
        ...scripts.filter((s) => !SCRIPT_PATH.test(s)).map((s) => `unsupported script path: ${JSON.stringify(s)}`),
    ];
    if (invalid.length > 0) {
        return { ok: false, tool: TOOL, exitCode: null, stdout: '', stderr: '', errors: invalid, warnings: [] };
    }
    staleSwept ??= removeStaleKeepalivedNamespaces().then(() => undefined);
    await staleSwept;
    const ip = resolveTool('ip')!;
    const netns = `${NAMESPACE_PREFIX}${process.pid}-${++namespaceCounter}-${randomBytes(3).toString('hex')}`;
    return withTempDir('keepalived', async (dir) => {
        const file = join(dir, 'keepalived.conf');
        const scratch = join(dir, 'stubs');
        await writeFile(file, text);
        await mkdir(scratch);
        const setup = await runTool(ip, ['netns', 'add', netns]);
        if (setup.exitCode !== 0) {
            return setupFailure(`ip netns add ${netns}: ${setup.failure ?? setup.stderr.trim()}`);
        }
        try {
            for (const [index, name] of ifnames.entries()) {
                const peer = `kp${index}${randomBytes(3).toString('hex')}`;
                const link = await runTool(ip, ['-n', netns, 'link', 'add', name, 'type', 'veth', 'peer', 'name', peer]);
                if (link.exitCode !== 0) {
                    return setupFailure(`ip link add ${name}: ${link.failure ?? link.stderr.trim()}`);
                }
            }
            const spec = JSON.stringify({
                stubs: scripts,
                scratch,
                command: [resolveTool('keepalived')!, '-t', '-e', '-f', file],
            });
            const run = await runTool(
                ip,
                ['netns', 'exec', netns, resolveTool('unshare')!, '--mount', '--propagation', 'private',
                    process.execPath, SANDBOX, spec],
                { timeoutMs: options.timeoutMs },
            );
            const messages = outputLines(run.stderr + '\n' + run.stdout).map((line) => locate(line, file));
            const ok = run.exitCode === 0 && !run.failure;
            const errors = ok ? [] : [
                ...(run.failure ? [run.failure] : []),
                ...messages,
                `keepalived -t exited ${run.exitCode ?? run.signal}` +
                    (run.exitCode !== null && EXIT_MEANING[run.exitCode] ? ` (${EXIT_MEANING[run.exitCode]})` : ''),
            ];
            return toolResult(TOOL, run, ok, errors, ok ? messages : []);
        } finally {
            await runTool(ip, ['netns', 'del', netns]);
        }
    });
}

function setupFailure(message: string): CheckResult {
    return { ok: false, tool: TOOL, exitCode: null, stdout: '', stderr: '', errors: [`setup: ${message}`], warnings: [] };
}

/** "(/tmp/.../keepalived.conf: Line 19) Unknown keyword 'x'" -> "line 19: Unknown keyword 'x'". */
function locate(line: string, file: string): string {
    const m = /^\((.*?): Line (\d+)\)\s*(.*)$/.exec(line);
    if (m && m[1] === file) {
        return `line ${m[2]}: ${m[3]}`;
    }
    return line.split(file).join('keepalived.conf');
}
