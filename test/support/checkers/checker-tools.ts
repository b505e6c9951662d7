/**
 * Process plumbing shared by the real-tool checkers: locating binaries, running them with explicit
 * argument vectors (never through a shell), temporary directories, and the skip/fail policy.
 */
import { spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, isAbsolute, join } from 'node:path';
import type { ToolRun } from './check-result.js';

/** sbin directories are often missing from a non-root PATH although the tools live there. */
const EXTRA_DIRS = ['/usr/local/sbin', '/usr/sbin', '/sbin'];
const DEFAULT_TIMEOUT_MS = 60_000;
const MAX_OUTPUT_BYTES = 4 * 1024 * 1024;

const resolved = new Map<string, string | undefined>();

function isExecutable(path: string): boolean {
    try {
        accessSync(path, constants.X_OK);
        return true;
    } catch {
        return false;
    }
}

/** Absolute path of `name` (a bare command or an absolute path), or undefined when not executable. */
export function resolveTool(name: string): string | undefined {
    if (resolved.has(name)) {
        return resolved.get(name);
    }
    let found: string | undefined;
    if (isAbsolute(name)) {
        found = isExecutable(name) ? name : undefined;
    } else {
        const dirs = [...(process.env.PATH ?? '').split(delimiter).filter(Boolean), ...EXTRA_DIRS];
        found = dirs.map((dir) => join(dir, name)).find(isExecutable);
    }
    resolved.set(name, found);
    return found;
}

/** True when `name` (command or absolute path) can be executed here. */
export function toolAvailable(name: string): boolean {
    return resolveTool(name) !== undefined;
}

export function isRoot(): boolean {
    return typeof process.getuid === 'function' && process.getuid() === 0;
}

/** Pseudo-tool name understood by {@link missingPrerequisites}: the checker must run as root. */
export const ROOT = 'root';

/** The prerequisites (tool names, or {@link ROOT}) that are not met. */
export function missingPrerequisites(prerequisites: readonly string[]): string[] {
    return prerequisites.filter((p) => (p === ROOT ? !isRoot() : !toolAvailable(p)));
}

export interface ToolGate {
    /** Unmet prerequisites. */
    missing: string[];
    /** True when a test should be skipped: something is missing and we are not in CI. */
    skip: boolean;
    reason: string;
}

/**
 * Decides whether tests of a checker may be skipped. Outside CI a missing tool skips with a reason;
 * with `CI` set nothing is skipped, so the checker runs, reports `skipped` and the test fails —
 * CI installs the tools (.ci/install-tools.sh) and a silently skipped check would hide a regression.
 */
export function toolGate(prerequisites: readonly string[]): ToolGate {
    const missing = missingPrerequisites(prerequisites);
    const reason = missing.length === 0 ? '' : `missing prerequisite(s): ${missing.join(', ')}`;
    return { missing, skip: missing.length > 0 && !process.env.CI, reason };
}

export interface RunOptions {
    timeoutMs?: number;
    cwd?: string;
}

/** Runs `file args...` without a shell; never rejects — failures are reported in the result. */
export function runTool(file: string, args: readonly string[], options: RunOptions = {}): Promise<ToolRun> {
    return new Promise((resolve) => {
        const stdout: Buffer[] = [];
        const stderr: Buffer[] = [];
        let size = 0;
        let failure: string | undefined;
        const child = spawn(file, args, {
            cwd: options.cwd,
            env: { ...process.env, LC_ALL: 'C', LANG: 'C' },
            stdio: ['ignore', 'pipe', 'pipe'],
            timeout: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
            killSignal: 'SIGKILL',
        });
        const collect = (sink: Buffer[]) => (chunk: Buffer) => {
            size += chunk.length;
            if (size <= MAX_OUTPUT_BYTES) {
                sink.push(chunk);
            } else if (!failure) {
                failure = `output exceeded ${MAX_OUTPUT_BYTES} bytes`;
                child.kill('SIGKILL');
            }
        };
        child.stdout.on('data', collect(stdout));
        child.stderr.on('data', collect(stderr));
        let started = false;
        child.on('spawn', () => {
            started = true;
        });
        child.on('error', (err) => {
            failure ??= `could not run ${file}: ${err.message}`;
        });
        child.on('close', (exitCode, signal) => {
            if (signal && !failure) {
                failure = `${file} killed by ${signal} (timeout ${options.timeoutMs ?? DEFAULT_TIMEOUT_MS} ms?)`;
            }
            resolve({
                exitCode: started ? exitCode : null, // Node reports a negative errno when spawn failed
                signal,
                stdout: Buffer.concat(stdout).toString('utf8'),
                stderr: Buffer.concat(stderr).toString('utf8'),
                failure,
            });
        });
    });
}

/** Creates a private directory under os.tmpdir(), passes it to `fn`, and always removes it. */
export async function withTempDir<T>(prefix: string, fn: (dir: string) => Promise<T>): Promise<T> {
    const dir = await mkdtemp(join(tmpdir(), `bgptopo-${prefix}-`));
    try {
        return await fn(dir);
    } finally {
        await rm(dir, { recursive: true, force: true });
    }
}

/** Splits tool output into trimmed, non-empty lines. */
export function outputLines(text: string): string[] {
    return text
        .split(/\r?\n/)
        .map((line) => line.trimEnd())
        .filter((line) => line.trim() !== '');
}
