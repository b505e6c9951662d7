/**
 * The failover drill of a keepalived VIP (the seed's `bgp_ha_test`): find the master, stop its keepalived,
 * time until a backup holds the VIP and, for a VIP routers hold, until every BGP session towards those
 * routers is Established/OK again; then start keepalived on the old master the way it was running and
 * time until the VIP is on a single holder again, the highest-priority one (VRRP preemption). The restore runs in a `finally`, whatever happened.
 *
 * Targets are the seed's HA table: Kubernetes API VIP 1–3 s, BGP router VIP 1–5 s (only the upper bound
 * is a failure: faster is fine).
 */
import type { BgpSession, ModelHost, ModelVip, TopologyModel } from '../model/index.js';
import {
    DETECT_KEEPALIVED_SCRIPT,
    parseKeepalivedRuntime,
    processAliveArgv,
    startArgv,
    stopArgv,
    type KeepalivedRuntime
} from './failover-keepalived.js';
import { hostTarget, type HostConnect, type HostTarget } from './host-target.js';
import { sessionPool } from './ssh-session-pool.js';
import type { SshSession } from './ssh-session.js';
import { evaluateSession, parseBgpSummary } from './verify-frr.js';
import { parseIpAddrJson } from './verify-host-state.js';
import type { HostConnector } from './verify-topology.js';

export type FailoverCategory = 'api' | 'bgp' | 'vip';

export interface FailoverFigure {
    readonly name: string;
    /** Undefined when the event never happened within its bound. */
    readonly valueMs?: number;
    /** The seed's upper bound, when the figure has one. */
    readonly boundMs?: number;
    readonly status: 'pass' | 'fail' | 'info';
}

export interface FailoverReport {
    readonly vip: string;
    readonly address: string;
    readonly category: FailoverCategory;
    readonly oldMaster?: string;
    readonly newMaster?: string;
    /** How keepalived was stopped and started on the old master. */
    readonly method?: 'systemd' | 'process';
    readonly figures: FailoverFigure[];
    /** After the restore the VIP was on exactly one holder: the highest-priority one (preemption). */
    readonly restored: boolean;
    readonly holdersAfter: string[];
    /** A moment where two holders had the VIP at once was observed during the drill. */
    readonly splitBrainSeen: boolean;
    readonly errors: string[];
    readonly passed: boolean;
}

export interface FailoverOptions {
    /** Poll period of the VIP and BGP state (default 50 ms). */
    readonly pollIntervalMs?: number;
    /** Give up waiting for the VIP to move after this (default 15 s). */
    readonly moveTimeoutMs?: number;
    /** Give up waiting for BGP after this (default 30 s). */
    readonly convergeTimeoutMs?: number;
    /** Give up waiting for the VIP to settle after the restore (default 20 s). */
    readonly restoreTimeoutMs?: number;
    /** Seed bounds: API VIP 3 s, BGP VIP 5 s. */
    readonly apiVipBoundMs?: number;
    readonly bgpVipBoundMs?: number;
}

const DEFAULTS = {
    pollIntervalMs: 50,
    moveTimeoutMs: 15_000,
    convergeTimeoutMs: 30_000,
    restoreTimeoutMs: 20_000,
    apiVipBoundMs: 3_000,
    bgpVipBoundMs: 5_000
};

/** The BGP sessions a VIP's failover can disturb: those towards routers that hold it, or kube-vip's. */
export function sessionsAffectedBy(model: TopologyModel, vip: ModelVip): BgpSession[] {
    const routers = new Set(vip.holders.map((holder) => holder.host).filter((host) => host.kind === 'router'));
    return model.sessions.filter(
        (session) =>
            routers.has(session.router) ||
            (vip.address !== undefined && session.destination?.address.text === vip.address.text) ||
            session.speaker.vips.includes(vip)
    );
}

export function failoverCategory(model: TopologyModel, vip: ModelVip): FailoverCategory {
    if (sessionsAffectedBy(model, vip).length > 0 || vip.holders.some((holder) => holder.host.kind === 'router')) {
        return 'bgp';
    }
    return vip.frontends.length > 0 ? 'api' : 'vip';
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `probe` every `intervalMs` until it returns true or `timeoutMs` passes; returns the elapsed time or undefined. */
async function timeUntil(start: number, timeoutMs: number, intervalMs: number, probe: () => Promise<boolean>): Promise<number | undefined> {
    for (;;) {
        const round = performance.now();
        if (await probe()) {
            return performance.now() - start;
        }
        if (performance.now() - start > timeoutMs) {
            return undefined;
        }
        await sleep(Math.max(0, intervalMs - (performance.now() - round)));
    }
}

/** The drill of a keepalived VIP, as plain data (JSON-safe): built from the model where it is parsed. */
export interface FailoverInput {
    readonly topology: string;
    readonly uri: string;
    readonly vip: string;
    readonly address: string;
    readonly category: FailoverCategory;
    /** The VIP's holders, each once. */
    readonly holders: readonly HostTarget[];
    /** The holder VRRP elects when all run (see {@link preferredHolder}). */
    readonly preferred?: string;
    /** Routers whose BGP sessions the failover can disturb, and those sessions (by speaker source address). */
    readonly routers: readonly HostTarget[];
    readonly sessions: readonly { readonly router: string; readonly source: string }[];
}

/** Throws, with a message for people, when the VIP cannot be drilled (unknown, not keepalived, one holder). */
export function failoverInput(model: TopologyModel, vipName: string, uri: string): FailoverInput {
    const vip = model.vips.find((candidate) => candidate.name === vipName);
    if (!vip?.address) {
        throw new Error(`no VIP named ${vipName} with an address`);
    }
    if (vip.mechanism !== 'keepalived') {
        throw new Error(`vip ${vipName} is not a keepalived VIP (its failover is not a VRRP election)`);
    }
    const holders = [...new Set(vip.holders.map((holder) => holder.host))];
    if (holders.length < 2) {
        throw new Error(`vip ${vipName} has ${holders.length} holder(s): nothing to fail over to`);
    }
    const affected = sessionsAffectedBy(model, vip).filter((session) => session.source);
    return {
        topology: model.name,
        uri,
        vip: vip.name,
        address: vip.address.text,
        category: failoverCategory(model, vip),
        holders: holders.map(hostTarget),
        preferred: preferredHolder(vip)?.name,
        routers: [...new Set(affected.map((session) => session.router))].map(hostTarget),
        sessions: affected.map((session) => ({ router: session.router.name, source: session.source!.address.text }))
    };
}

/** The drill with a model's VIP (see {@link runFailover}). */
export async function failoverTest(model: TopologyModel, vipName: string, connect: HostConnector, options: FailoverOptions = {}): Promise<FailoverReport> {
    const input = failoverInput(model, vipName, '');
    const hosts = new Map(model.hosts.map((host) => [host.name, host]));
    return runFailover(input, (target) => connect(hosts.get(target.name)!), options);
}

/** The drill; the sessions it opens through `connect` are pooled and closed here, once, at the end. */
export async function runFailover(input: FailoverInput, connect: HostConnect, options: FailoverOptions = {}): Promise<FailoverReport> {
    const settings = { ...DEFAULTS, ...options };
    const { vip: vipName, address, category, holders, routers } = input;
    const affected = input.sessions;
    const pool = sessionPool(connect);
    const session = (host: HostTarget): Promise<SshSession> => pool.connect(host);
    const errors: string[] = [];
    const figures: FailoverFigure[] = [];
    let splitBrainSeen = false;

    const holdersNow = async (): Promise<string[]> => {
        const results = await Promise.all(
            holders.map(async (host) => {
                const result = await (await session(host)).exec(['ip', '-j', 'addr', 'show'], { timeoutMs: 5_000 });
                return result.code === 0 && parseIpAddrJson(result.stdout).has(address) ? [host.name] : [];
            })
        );
        const having = results.flat();
        if (having.length > 1) {
            splitBrainSeen = true;
        }
        return having;
    };
    const bgpHealthy = async (): Promise<boolean> => {
        const summaries = await Promise.all(
            routers.map(async (router) => {
                const result = await (await session(router)).exec(['vtysh', '-c', 'show bgp summary json'], { sudo: true, timeoutMs: 5_000 });
                return [router.name, result.code === 0 ? parseBgpSummary(result.stdout) : undefined] as const;
            })
        );
        const byRouter = new Map(summaries);
        return affected.every((s) => {
            const peers = byRouter.get(s.router);
            return peers !== undefined && evaluateSession(peers.get(s.source), s.source).status === 'pass';
        });
    };

    let oldMaster: HostTarget | undefined;
    let runtime: KeepalivedRuntime | undefined;
    let newMaster: string | undefined;
    let holdersAfter: string[] = [];
    let restored = false;
    const moveBound = category === 'bgp' ? settings.bgpVipBoundMs : settings.apiVipBoundMs;
    try {
        const before = await holdersNow();
        if (before.length !== 1) {
            throw new Error(`vip ${vipName} (${address}) must be on exactly one holder before the drill; it is on ${before.join(', ') || 'none'}`);
        }
        oldMaster = holders.find((host) => host.name === before[0])!;
        const masterSession = await session(oldMaster);
        const detected = await masterSession.exec(['sh', '-c', DETECT_KEEPALIVED_SCRIPT], { sudo: true, timeoutMs: 10_000 });
        runtime = parseKeepalivedRuntime(detected.stdout);
        if (runtime.kind === 'none') {
            throw new Error(`${oldMaster.name} holds ${address} but no keepalived runs there`);
        }
        const start = performance.now();
        const stopped = await masterSession.exec(stopArgv(runtime), { sudo: true, timeoutMs: 10_000 });
        if (stopped.code !== 0) {
            runtime = undefined; // nothing was stopped: nothing to restore
            throw new Error(`${oldMaster.name}: stopping keepalived failed: ${stopped.stderr.trim() || `exit ${stopped.code}`}`);
        }
        const master = oldMaster;
        const moved = await timeUntil(start, settings.moveTimeoutMs, settings.pollIntervalMs, async () => {
            const now = await holdersNow();
            newMaster = now.find((name) => name !== master.name);
            return newMaster !== undefined;
        });
        figures.push({
            name: `${category === 'api' ? 'API' : category === 'bgp' ? 'BGP router' : ''} VIP ${vipName} on a backup after keepalived stopped on ${master.name}`.trim(),
            valueMs: moved,
            boundMs: moveBound,
            status: moved !== undefined && moved <= moveBound ? 'pass' : 'fail'
        });
        if (moved === undefined) {
            errors.push(`${address} did not move to a backup within ${settings.moveTimeoutMs} ms`);
        }
        if (affected.length > 0) {
            const converged = await timeUntil(start, settings.convergeTimeoutMs, settings.pollIntervalMs, bgpHealthy);
            figures.push({
                name: `BGP sessions towards ${routers.map((r) => r.name).join(', ')} Established/OK (${affected.length} sessions)`,
                valueMs: converged,
                boundMs: settings.bgpVipBoundMs,
                status: converged !== undefined && converged <= settings.bgpVipBoundMs ? 'pass' : 'fail'
            });
            if (converged === undefined) {
                errors.push(`BGP did not re-converge within ${settings.convergeTimeoutMs} ms`);
            }
        }
    } catch (error) {
        errors.push((error as Error).message);
    } finally {
        if (oldMaster && runtime && runtime.kind !== 'none') {
            try {
                const masterSession = await session(oldMaster);
                const start = performance.now();
                if (runtime.kind === 'process') {
                    const pid = runtime.pid;
                    const gone = await timeUntil(start, settings.restoreTimeoutMs, settings.pollIntervalMs, async () => {
                        return (await masterSession.exec(processAliveArgv(pid), { sudo: true, timeoutMs: 5_000 })).code !== 0;
                    });
                    if (gone === undefined) {
                        errors.push(`${oldMaster.name}: the stopped keepalived (pid ${pid}) is still running`);
                    }
                }
                const started = await masterSession.exec(startArgv(runtime), { sudo: true, timeoutMs: 15_000 });
                if (started.code !== 0) {
                    errors.push(`${oldMaster.name}: restarting keepalived failed: ${started.stderr.trim() || `exit ${started.code}`}`);
                }
                // With preemption (keepalived's default) the highest-priority holder takes the VIP back.
                const preferred = input.preferred;
                const settled = await timeUntil(start, settings.restoreTimeoutMs, settings.pollIntervalMs, async () => {
                    holdersAfter = await holdersNow();
                    const single = holdersAfter.length === 1 && (preferred === undefined || holdersAfter[0] === preferred);
                    return single && (await keepalivedRunning(await session(oldMaster!)));
                });
                restored = settled !== undefined;
                figures.push({ name: `restore: keepalived restarted on ${oldMaster.name}, VIP on ${holdersAfter.join(', ') || 'nobody'}`, valueMs: settled, status: 'info' });
                if (!restored) {
                    errors.push(`after the restore ${address} is on ${holdersAfter.join(', ') || 'no holder'} (wanted exactly one)`);
                }
            } catch (error) {
                errors.push(`restore failed: ${(error as Error).message}`);
            }
        }
        pool.closeAll();
    }
    return {
        vip: vipName,
        address,
        category,
        oldMaster: oldMaster?.name,
        newMaster,
        method: runtime && runtime.kind !== 'none' ? runtime.kind : undefined,
        figures,
        restored,
        holdersAfter,
        splitBrainSeen,
        errors,
        passed: errors.length === 0 && restored && figures.every((figure) => figure.status !== 'fail')
    };
}

/** The holder VRRP elects when all run: highest priority (keepalived's default 100), first among equals. */
export function preferredHolder(vip: ModelVip): ModelHost | undefined {
    let best: { host: ModelHost; priority: number } | undefined;
    for (const holder of vip.holders) {
        const priority = holder.priority ?? 100;
        if (!best || priority > best.priority) {
            best = { host: holder.host, priority };
        }
    }
    return best?.host;
}

async function keepalivedRunning(session: SshSession): Promise<boolean> {
    const result = await session.exec(['sh', '-c', DETECT_KEEPALIVED_SCRIPT], { sudo: true, timeoutMs: 5_000 });
    return parseKeepalivedRuntime(result.stdout).kind !== 'none';
}

/** Text form: one line per figure with its bound and verdict. */
export function formatFailoverText(report: FailoverReport): string {
    const lines = [`failover of vip ${report.vip} ${report.address} (${report.category}): ${report.oldMaster ?? '?'} -> ${report.newMaster ?? '?'}${report.method ? ` [keepalived via ${report.method}]` : ''}`];
    for (const figure of report.figures) {
        const value = figure.valueMs === undefined ? 'never' : `${(figure.valueMs / 1000).toFixed(2)} s`;
        const bound = figure.boundMs === undefined ? '' : ` (target <= ${(figure.boundMs / 1000).toFixed(0)} s)`;
        lines.push(`  ${figure.status.toUpperCase().padEnd(4)}  ${value}${bound}  ${figure.name}`);
    }
    if (report.splitBrainSeen) {
        lines.push('  note: both holders had the VIP at one poll during the drill');
    }
    for (const error of report.errors) {
        lines.push(`  error: ${error}`);
    }
    lines.push(`  ${report.passed ? 'PASSED' : 'FAILED'}; VIP now on ${report.holdersAfter.join(', ') || 'nobody'}`);
    return lines.join('\n') + '\n';
}
