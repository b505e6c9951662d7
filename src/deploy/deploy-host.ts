/** Plan and apply for one host over an open SSH session. */
import { randomBytes } from 'node:crypto';
import { fileKindSpec, withoutComments, type DeployFile } from './deploy-file-kinds.js';
import { HOST_EXIT, parseHostEvents, reportedExit, type HostEventName } from './deploy-host-events.js';
import { plannedRestarts } from './deploy-restart.js';
import type { FilePlan, HostDeployResult, HostOutcome, HostPlan } from './deploy-types.js';
import { unifiedDiff } from './line-diff.js';
import { buildBundle, sha256 } from './remote-bundle.js';
import { fetchFilesScript, parseFetchedFiles } from './remote-file-fetch.js';
import { receiveScript, type ApplyEntry } from './remote-apply-script.js';
import { SshError } from './ssh-errors.js';
import type { SshSession } from './ssh-session.js';

const STATE_DIR = '/var/lib/bgptopo';
/** `sha256  path` of what bgptopo last installed (written by deploy-apply.sh after a healthy deploy). */
const INSTALLED_RECORD = `${STATE_DIR}/installed.sha256`;
const BACKUP_ROOT = '/var/backups/bgptopo';
const LOCK_DIR = '/run/lock/bgptopo.lock';

/** Seconds each service gets to become healthy after a reload (`--health-timeout`, `bgptopo.deploy.healthTimeout`). */
export const DEFAULT_HEALTH_TIMEOUT_SECONDS = 30;

export interface PlanHostOptions {
    /** Addresses of the BGP sessions the sessions table expects on this host. */
    readonly sessions?: readonly string[];
}

export async function planHost(session: SshSession, host: string, files: readonly DeployFile[], options: PlanHostOptions = {}): Promise<HostPlan> {
    const paths = files.map((file) => file.path);
    const result = await session.exec(['sh', '-c', fetchFilesScript([...paths, INSTALLED_RECORD, `${LOCK_DIR}/owner`])], { sudo: true, timeoutMs: 30_000 });
    if (result.code !== 0) {
        throw new Error(`${host}: could not read the current files: ${result.stderr.trim() || `exit ${result.code}`}`);
    }
    const fetched = parseFetchedFiles(result.stdout, files.length + 2);
    // While another deploy holds the lock its files are half-recorded: no drift is judged (its apply is refused as locked).
    const installedRecord = fetched[files.length + 1] === undefined ? fetched[files.length] : undefined;
    const installedSha = new Map((installedRecord ?? '').split('\n').flatMap((line) => {
        const match = /^([0-9a-f]{64}) {2}(.+)$/.exec(line);
        return match ? [[match[2], match[1]] as const] : [];
    }));
    const planned = files.map((file, index): FilePlan => {
        const before = fetched[index];
        const currentSha = before === undefined ? 'absent' : sha256(before);
        const installed = installedSha.get(file.path);
        // Comments (the generated header among them) never make a change: see withoutComments.
        const same = before !== undefined && withoutComments(file.kind, before) === withoutComments(file.kind, file.content);
        const change = before === undefined ? 'create' : same ? 'unchanged' : 'update';
        const drifted = installed !== undefined && currentSha !== installed;
        return {
            file,
            change,
            current: before,
            currentSha,
            diff: change === 'unchanged' ? '' : planDiff(`${host}:${file.path}`, before ?? '', file.content),
            drift: drifted ? { installedSha: installed } : undefined
        };
    });
    return { host, files: planned, restarts: plannedRestarts(planned), sessions: [...(options.sessions ?? [])] };
}

/**
 * Lines above which a plan shows a summary instead of a diff: line-diff's Myers keeps one copy of its
 * frontier per edit step, so its memory grows with (lines × edit distance) — a 400,000-line file took the
 * test process past 20 GB. Rendered configs are far below this.
 */
export const MAX_DIFF_LINES = 20_000;

function planDiff(name: string, before: string, after: string): string {
    const lines = (text: string) => (text.match(/\n/g)?.length ?? 0) + (text.endsWith('\n') || text === '' ? 0 : 1);
    if (lines(before) + lines(after) > MAX_DIFF_LINES) {
        return `--- ${name} (current)\n+++ ${name} (new)\n@@ diff omitted: ${lines(before)} → ${lines(after)} lines (more than ${MAX_DIFF_LINES} in all) @@\n`;
    }
    return unifiedDiff(before, after, `${name} (current)`, `${name} (new)`);
}

export interface ApplyHostOptions {
    /** Who deploys, recorded in the lock (e.g. `user@machine`). */
    readonly owner: string;
    readonly healthTimeoutSeconds?: number;
    readonly commandTimeoutMs?: number;
    /** Replace files that differ from what bgptopo last installed (drift shown in the plan). */
    readonly overwriteDrift?: boolean;
    /**
     * Opens a new session to the host: when the connection drops during a run, the result is read back
     * from the host's log (the run carries on there, detached).
     */
    readonly reconnect?: () => Promise<SshSession>;
    /** How long to wait for a run to finish when reading it back after a lost connection (default 5 min). */
    readonly readBackTimeoutMs?: number;
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
    const drifted = hostFiles.filter((entry) => entry.drift && entry.change !== 'unchanged');
    if (drifted.length > 0 && !options.overwriteDrift) {
        return done(
            'drift',
            `${drifted.map((entry) => entry.file.path).join(', ')} changed on the host since bgptopo installed it (drift, shown in the plan); nothing on ${plan.host} was changed (overwrite with --overwrite-drift)`
        );
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
            changed: entry.change !== 'unchanged',
            expect: entry.currentSha,
            sha256: sha256(entry.file.content)
        };
    });
    // Only changed files travel: the others are named in the entries (for the health checks) but never staged.
    const bundle = buildBundle(
        entries.flatMap((entry, index) => (entry.changed ? [{ staged: entry.staged, content: hostFiles[index].file.content }] : [])),
        {
            stageDir,
            backupDir: `${BACKUP_ROOT}/${runId}`,
            lockDir: LOCK_DIR,
            stateDir: STATE_DIR,
            owner: `${options.owner} ${runId}`,
            entries,
            healthTimeoutSeconds: options.healthTimeoutSeconds ?? DEFAULT_HEALTH_TIMEOUT_SECONDS,
            restart: plan.restarts.map((restart) => restart.service),
            sessions: plan.sessions
        }
    );
    const timeoutMs = options.commandTimeoutMs ?? 120_000;
    const logFile = `${STATE_DIR}/apply-${runId}.log`;
    const where = `run ${runId}, log on the host: ${logFile}`;
    let run: { code: number | null; stdout: string; stderr: string };
    try {
        run = await session.exec(['sh', '-c', receiveScript(), 'sh', stageDir, bundle.sha256, logFile, STATE_DIR], { sudo: true, stdin: bundle.text, timeoutMs });
    } catch (error) {
        if (!(error instanceof SshError) || (error.code !== 'connection-lost' && error.code !== 'command-timeout')) {
            throw error;
        }
        const readBack = options.reconnect ? await readBackRun(options.reconnect, logFile, options.readBackTimeoutMs ?? 300_000) : undefined;
        if (!readBack) {
            return done('connection-lost', `${error.message} during ${where}; once the upload was whole the host finishes the run on its own, and its log tells how it ended`);
        }
        const result = judgeRun(plan.host, readBack.code, readBack.log, '', where);
        return done(result.outcome, `connection lost during the run (${error.message}); read back from the host: ${result.message}`, readBack.log, result.backupDir);
    }
    const log = run.stdout.split('\n').filter((line) => line !== '');
    const result = judgeRun(plan.host, reportedExit(log) ?? run.code ?? -1, log, run.stderr, where);
    return done(result.outcome, result.message, log, result.backupDir);
}

/**
 * After a lost connection: reconnect and read the run's log until it ends with its exit code (bounded).
 * Undefined when the host cannot be reached again or the run did not finish in time.
 */
async function readBackRun(reconnect: () => Promise<SshSession>, logFile: string, timeoutMs: number): Promise<{ code: number; log: string[] } | undefined> {
    const deadline = Date.now() + timeoutMs;
    let session: SshSession | undefined;
    try {
        while (Date.now() < deadline) {
            try {
                session ??= await reconnect();
                const read = await session.exec(['cat', logFile], { sudo: true, timeoutMs: 20_000 });
                const log = read.stdout.split('\n').filter((line) => line !== '');
                const code = reportedExit(log);
                if (code !== undefined) {
                    return { code, log };
                }
            } catch {
                session?.close();
                session = undefined;
            }
            await new Promise((resolve) => setTimeout(resolve, 1000)); // poll interval while waiting on the host, bounded by the deadline
        }
        return undefined;
    } finally {
        session?.close();
    }
}

interface Judged {
    readonly outcome: HostOutcome;
    readonly message: string;
    readonly backupDir?: string;
}

/** What a run's exit code and events mean. */
function judgeRun(host: string, code: number, log: string[], stderr: string, where: string): Judged {
    const events = parseHostEvents(log);
    const event = (name: HostEventName): string | undefined => events.find((e) => e.name === name)?.text;
    const all = (name: HostEventName): string[] => events.filter((e) => e.name === name).map((e) => e.text);
    const backupDir = event('BACKUP');
    const down = [
        ...all('SESSION-DOWN').map((text) => `BGP session ${text}`),
        ...all('VRRP-DOWN').map((text) => `VRRP instance ${text}`),
        ...all('BACKEND-DOWN').map((text) => `HAProxy backend ${text} (no server UP)`)
    ];
    const stayedDown = down.length > 0 ? `\n  stayed down after the reload: ${down.join(', ')}` : '';
    const lastEvents = (): string => {
        const tail = log.slice(-6).map((line) => `    ${line}`);
        return tail.length > 0 ? `\n  last events on the host:\n${tail.join('\n')}` : '\n  the host printed nothing';
    };
    switch (code) {
        case HOST_EXIT.OK:
            return { outcome: 'applied', message: `${log.filter((line) => line.startsWith('BGPTOPO INSTALLED ')).length} file(s) installed, services reloaded and healthy`, backupDir };
        case HOST_EXIT.LOCKED:
            return { outcome: 'locked', message: `another deploy holds the lock on ${host} (${event('LOCKED') ?? '?'}); nothing was changed` };
        case HOST_EXIT.DRIFT:
            return {
                outcome: 'drift',
                message: `changed on the host since the plan: ${all('DRIFT').map((text) => text.split(' ')[0]).join(', ')}; nothing on ${host} was changed (plan again to see the change)`
            };
        case HOST_EXIT.ROLLED_BACK:
            return { outcome: 'rolled-back', message: `${describeFailure(log)}${stayedDown}\n  the previous files were restored and reloaded (backup ${backupDir ?? '?'})`, backupDir };
        case HOST_EXIT.ROLLBACK_INCOMPLETE:
            return {
                outcome: 'rollback-failed',
                message: `${describeFailure(log)}${stayedDown}\n  the previous files were restored (backup ${backupDir ?? '?'}) but a service did not come back healthy: ${event('ROLLBACK-FAILED') ?? '?'}`,
                backupDir
            };
        case HOST_EXIT.UPLOAD_FAILED:
            return { outcome: 'failed', message: `upload failed (${where.replace(/, log on the host: .*/, '')}): ${event('UPLOAD-FAILED') ?? (stderr.trim() || 'cannot write the staging folder')}; nothing was run or changed, the partial upload was removed` };
        case HOST_EXIT.CHECKSUM:
            return { outcome: 'failed', message: `the upload did not arrive intact (${where}): ${event('CHECKSUM-MISMATCH') ?? '?'} (disk full?); nothing was changed, the staged files were removed` };
        case HOST_EXIT.CHECK_FAILED:
            if (event('CHECK-FAILED') !== undefined) {
                return { outcome: 'check-failed', message: `${describeFailure(log)}\n  nothing was changed` };
            }
            break;
    }
    return { outcome: 'failed', message: `${describeFailure(log) || stderr.trim() || `exit ${code}`} (${where})${lastEvents()}`, backupDir };
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
