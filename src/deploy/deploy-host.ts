/** Plan and apply for one host over an open SSH session. */
import { randomBytes } from 'node:crypto';
import { fileKindSpec, type DeployFile } from './deploy-file-kinds.js';
import type { FilePlan, HostDeployResult, HostOutcome, HostPlan } from './deploy-types.js';
import { unifiedDiff } from './line-diff.js';
import { buildBundle } from './remote-bundle.js';
import { fetchFilesScript, parseFetchedFiles } from './remote-file-fetch.js';
import type { ApplyEntry } from './remote-apply-script.js';
import type { SshSession } from './ssh-session.js';

const STATE_DIR = '/var/lib/bgptopo';
const BACKUP_ROOT = '/var/backups/bgptopo';
const LOCK_DIR = '/run/lock/bgptopo.lock';

export async function planHost(session: SshSession, host: string, files: readonly DeployFile[]): Promise<HostPlan> {
    const result = await session.exec(['sh', '-c', fetchFilesScript(files.map((file) => file.path))], { sudo: true, timeoutMs: 30_000 });
    if (result.code !== 0) {
        throw new Error(`${host}: could not read the current files: ${result.stderr.trim() || `exit ${result.code}`}`);
    }
    const current = parseFetchedFiles(result.stdout, files.length);
    return {
        host,
        files: files.map((file, index): FilePlan => {
            const before = current[index];
            const change = before === undefined ? 'create' : before === file.content ? 'unchanged' : 'update';
            return {
                file,
                change,
                current: before,
                diff: change === 'unchanged' ? '' : planDiff(host, file.path, before ?? '', file.content)
            };
        })
    };
}

/**
 * Lines above which a plan shows a summary instead of a diff: line-diff's Myers keeps one copy of its
 * frontier per edit step, so its memory grows with (lines × edit distance) — a 400,000-line file took the
 * test process past 20 GB. Rendered configs are far below this.
 */
export const MAX_DIFF_LINES = 20_000;

function planDiff(host: string, path: string, before: string, after: string): string {
    const lines = (text: string) => (text.match(/\n/g)?.length ?? 0) + (text.endsWith('\n') || text === '' ? 0 : 1);
    if (lines(before) + lines(after) > MAX_DIFF_LINES) {
        return `--- ${host}:${path} (current)\n+++ ${host}:${path} (new)\n@@ diff omitted: ${lines(before)} → ${lines(after)} lines (more than ${MAX_DIFF_LINES} in all) @@\n`;
    }
    return unifiedDiff(before, after, `${host}:${path} (current)`, `${host}:${path} (new)`);
}

export interface ApplyHostOptions {
    /** Who deploys, recorded in the lock (e.g. `user@machine`). */
    readonly owner: string;
    readonly healthTimeoutSeconds?: number;
    readonly commandTimeoutMs?: number;
}

export async function applyHost(session: SshSession, plan: HostPlan, options: ApplyHostOptions): Promise<HostDeployResult> {
    const started = Date.now();
    const done = (outcome: HostOutcome, message: string, log: string[] = [], backupDir?: string): HostDeployResult => ({
        host: plan.host,
        outcome,
        message,
        log,
        backupDir,
        durationMs: Date.now() - started
    });
    const hostFiles = plan.files.filter((entry) => fileKindSpec(entry.file.kind));
    if (!hostFiles.some((entry) => entry.change !== 'unchanged')) {
        return done('unchanged', 'all files are up to date');
    }
    const runId = `${new Date().toISOString().replace(/[-:]/g, '').replace(/\..*/, '')}-${randomBytes(3).toString('hex')}`;
    const stageDir = `${STATE_DIR}/stage.${runId}`;
    const entries: ApplyEntry[] = hostFiles.map((entry, index) => {
        const spec = fileKindSpec(entry.file.kind)!;
        return {
            staged: `f${index}`,
            target: entry.file.path,
            owner: spec.owner,
            mode: spec.mode,
            check: spec.check,
            service: spec.service,
            changed: entry.change !== 'unchanged'
        };
    });
    // Only changed files travel: the others are named in the entries (for the health checks) but never staged.
    const bundle = buildBundle(
        entries.flatMap((entry, index) => (entry.changed ? [{ staged: entry.staged, content: hostFiles[index].file.content }] : [])),
        {
            stageDir,
            backupDir: `${BACKUP_ROOT}/${runId}`,
            lockDir: LOCK_DIR,
            owner: `${options.owner} ${runId}`,
            entries,
            healthTimeoutSeconds: options.healthTimeoutSeconds ?? 20
        }
    );
    const timeoutMs = options.commandTimeoutMs ?? 120_000;
    // One round trip: upload the bundle whole (mode 0600 in a 0700 folder), verify its checksum, and only
    // then run it, detached from the SSH channel (setsid: a dropped connection cannot stop it half-way), with
    // its output in a root-only log that stays on the host. A connection that drops mid-upload hands `cat`
    // a short file, whose checksum cannot match: it is removed and never run. Stale staging folders of
    // older interrupted runs are removed after an hour.
    const logFile = `${STATE_DIR}/apply-${runId}.log`;
    const run = await session.exec(
        [
            'sh',
            '-c',
            'umask 077; for old in "$4"/stage.*; do [ -e "$old" ] && find "$4" -maxdepth 1 -name "stage.*" -mmin +60 -exec rm -rf {} + 2>/dev/null; break; done; ' +
                'mkdir -p "$1" && cat > "$1/bundle.sh" || { echo "BGPTOPO UPLOAD-FAILED"; exit 5; }; ' +
                'cd "$1" && echo "$2  bundle.sh" | sha256sum -c --status || { echo "BGPTOPO CHECKSUM-MISMATCH"; rm -rf "$1"; exit 3; }; ' +
                'setsid -w sh "$1/bundle.sh" > "$3" 2>&1 < /dev/null; rc=$?; cat "$3"; exit $rc',
            'sh',
            stageDir,
            bundle.sha256,
            logFile,
            STATE_DIR
        ],
        { sudo: true, stdin: bundle.text, timeoutMs }
    );
    if (run.code === 5) {
        return done('failed', `upload failed: ${run.stderr.trim() || 'cannot write the staging folder'}`);
    }
    const log = run.stdout.split('\n').filter((line) => line !== '');
    /** What follows `BGPTOPO <name> ` on the first line of that event, or undefined when there is none. */
    const event = (name: string): string | undefined => {
        const prefix = `BGPTOPO ${name} `;
        return log.find((line) => line.startsWith(prefix))?.slice(prefix.length);
    };
    const backupDir = event('BACKUP');
    switch (run.code) {
        case 0:
            return done('applied', `${entries.filter((e) => e.changed).length} file(s) installed, services reloaded and healthy`, log, backupDir);
        case 75:
            return done('locked', `another deploy holds the lock on ${plan.host} (${event('LOCKED') ?? '?'}); nothing was changed`, log);
        case 2:
            return done('rolled-back', `${describeFailure(log)}\n  the previous files were restored and reloaded (backup ${backupDir ?? '?'})`, log, backupDir);
        case 4:
            return done(
                'rollback-failed',
                `${describeFailure(log)}\n  the previous files were restored (backup ${backupDir ?? '?'}) but a service did not come back healthy: ${event('ROLLBACK-FAILED') ?? '?'}`,
                log,
                backupDir
            );
        default:
            if (event('CHECK-FAILED') !== undefined) {
                return done('check-failed', `${describeFailure(log)}\n  nothing was changed`, log);
            }
            return done('failed', `${describeFailure(log) || run.stderr.trim() || `exit ${run.code}`} (log on the host: ${logFile})`, log, backupDir);
    }
}

function describeFailure(log: string[]): string {
    const line = log.find((entry) => /^BGPTOPO (CHECK-FAILED|INSTALL-FAILED|RELOAD-FAILED|UNHEALTHY|FAILED|CHECKSUM-MISMATCH)/.test(entry));
    if (!line) {
        return '';
    }
    const details = log.filter((entry) => entry.startsWith('  | ')).slice(0, 8).map((entry) => entry.slice(4));
    return [line.replace(/^BGPTOPO /, '').toLowerCase().replace(/-/g, ' '), ...details].join('\n  ');
}

/**
 * The host's WireGuard public key for `ifname`. With `generate`, a missing key pair is created on the host
 * first (umask 077); the private key never leaves it. Without, a host that has no key yet gives undefined.
 */
export async function collectWireGuardKey(session: SshSession, ifname: string, generate: boolean): Promise<string | undefined> {
    if (!/^[A-Za-z0-9_.-]{1,15}$/.test(ifname)) {
        throw new Error(`invalid WireGuard interface name ${ifname}`);
    }
    const script = generate
        ? 'umask 077 && mkdir -p /etc/wireguard && { [ -s "$1" ] || wg genkey > "$1"; } && wg pubkey < "$1"'
        : 'if [ -s "$1" ]; then wg pubkey < "$1"; fi';
    const result = await session.exec(['sh', '-c', script, 'sh', `/etc/wireguard/${ifname}.key`], { sudo: true, timeoutMs: 20_000 });
    const key = result.stdout.trim();
    if (result.code !== 0 || (key !== '' && !/^[A-Za-z0-9+/]{42}[AEIMQUYcgkosw048]=$/.test(key))) {
        throw new Error(`${session.target.host}: could not read the WireGuard public key of ${ifname}: ${result.stderr.trim() || `exit ${result.code}`}`);
    }
    return key === '' ? undefined : key;
}
