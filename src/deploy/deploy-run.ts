/**
 * The host steps of a deploy: plan every host that gets files (read the current files, diff) and apply
 * the plans host by host in the safe order. The deploy workflow (deploy-workflow.ts) runs them with
 * pooled sessions; `planDeploy` / `applyDeploy` take a model for callers that have one.
 */
import { hostname, userInfo } from 'node:os';
import type { TopologyModel } from '../model/topology-model.js';
import type { RenderedFile } from '../render/render-types.js';
import { fileKindSpec, type DeployFile } from './deploy-file-kinds.js';
import { deployInput, type DeployInput } from './deploy-input.js';
import { applyHost, planHost } from './deploy-host.js';
import { deployChains, runChains } from './deploy-order.js';
import type { DeployReporter, HostDeployResult, HostPlan } from './deploy-types.js';
import { targetsByName, type HostConnect } from './host-target.js';
import { SshError } from './ssh-errors.js';
import type { SshSession } from './ssh-session.js';
import { mapBounded } from './workflow-concurrency.js';

export type Connect = HostConnect;

export interface DeployRunOptions {
    readonly concurrency: number;
    readonly owner: string;
    readonly reporter: DeployReporter;
    readonly healthTimeoutSeconds?: number;
    /** Replace host files that differ from what bgptopo last installed (drift). */
    readonly overwriteDrift?: boolean;
    /** Opens a NEW session (not a pooled one): used to read a run back from the host after a lost connection. */
    readonly reconnect?: Connect;
    /** Add the host preparation files (kernel settings, deploy-sysctl); default true. */
    readonly hostPreparation?: boolean;
}

export interface PlanRun {
    readonly plans: HostPlan[];
    /** Hosts that could not be planned (unreachable, host key refused, …). */
    readonly failures: HostDeployResult[];
    /** The session each planned host was planned (and is applied) through. */
    readonly sessions: Map<string, SshSession>;
}

/**
 * Files grouped by the host they go to (cluster manifests are left out: see deploy-kubernetes), each host
 * with the preparation file its role needs (deploy-sysctl), from a model or a deploy input's list.
 */
export function filesByHost(files: readonly RenderedFile[], preparation?: TopologyModel | readonly DeployFile[]): Map<string, DeployFile[]> {
    const result = new Map<string, DeployFile[]>();
    for (const file of files) {
        if (!file.host || !fileKindSpec(file.kind)) {
            continue;
        }
        const list = result.get(file.host) ?? [];
        list.push(file);
        result.set(file.host, list);
    }
    const prepared = preparation === undefined ? [] : 'hosts' in preparation ? deployInput(preparation, '').preparation : preparation;
    for (const file of prepared) {
        result.get(file.host!)?.push(file);
    }
    return result;
}

/** Plan with a model's hosts; `connect`'s sessions are in the run (see {@link closeSessions}). */
export function planDeploy(model: TopologyModel, files: readonly RenderedFile[], connect: Connect, options: DeployRunOptions): Promise<PlanRun> {
    return planHosts(deployInput(model, ''), files, connect, options);
}

export async function planHosts(input: DeployInput, files: readonly RenderedFile[], connect: Connect, options: DeployRunOptions): Promise<PlanRun> {
    const byHost = filesByHost(files, options.hostPreparation === false ? undefined : input.preparation);
    const hosts = targetsByName(input.hosts);
    const sessions = new Map<string, SshSession>();
    const names = [...byHost.keys()];
    const planned = await mapBounded(names, options.concurrency, async (name): Promise<HostPlan | HostDeployResult> => {
        const started = Date.now();
        const host = hosts.get(name);
        try {
            if (!host) {
                throw new Error(`host ${name} is not in the topology`);
            }
            const session = await connect(host);
            sessions.set(name, session);
            return await planHost(session, name, byHost.get(name)!, { sessions: input.sessions[name] ?? [] });
        } catch (error) {
            return failure(name, error, started);
        }
    });
    const plans = planned.filter((entry): entry is HostPlan => 'files' in entry);
    const failures = planned.filter((entry): entry is HostDeployResult => 'outcome' in entry);
    return { plans, failures, sessions };
}

/** Apply with a model's VIP groups: see {@link applyPlans}. */
export function applyDeploy(model: TopologyModel, run: PlanRun, options: DeployRunOptions): Promise<HostDeployResult[]> {
    return applyPlans(deployInput(model, ''), run, options);
}

/**
 * Apply every planned host in the safe order. A host that could not be planned (unreachable, host key
 * refused) keeps its place in its VIP group's chain and counts as a failure there, so the holders after it
 * are skipped; every other host is still deployed.
 */
export async function applyPlans(input: Pick<DeployInput, 'vipGroups' | 'hosts'>, run: PlanRun, options: DeployRunOptions): Promise<HostDeployResult[]> {
    const plans = new Map(run.plans.map((plan) => [plan.host, plan]));
    const hosts = targetsByName(input.hosts);
    const unplanned = new Map(run.failures.map((result) => [result.host, result]));
    const chains = deployChains(input.vipGroups, [...plans.keys(), ...unplanned.keys()]);
    const results = await runChains<HostDeployResult>(
        chains,
        options.concurrency,
        async (name) => {
            const known = unplanned.get(name);
            if (known) {
                return known;
            }
            const started = Date.now();
            if (options.reporter.cancelled?.()) {
                return { host: name, outcome: 'skipped', message: 'cancelled before this host', log: [], durationMs: 0 };
            }
            options.reporter.hostStarted?.(name);
            let result: HostDeployResult;
            try {
                const reconnect = options.reconnect;
                const host = hosts.get(name);
                result = await applyHost(run.sessions.get(name)!, plans.get(name)!, {
                    owner: options.owner,
                    healthTimeoutSeconds: options.healthTimeoutSeconds,
                    overwriteDrift: options.overwriteDrift,
                    reconnect: reconnect && host ? () => reconnect(host) : undefined
                });
            } catch (error) {
                result = failure(name, error, started);
            }
            options.reporter.hostFinished?.(result);
            return result;
        },
        (result) => !SUCCESS.includes(result.outcome),
        (host, after) => ({
            host,
            outcome: 'skipped',
            message: `not deployed: ${after} (same VIP group, deployed before it) failed`,
            log: [],
            durationMs: 0
        })
    );
    return [...run.failures.map((f) => results.get(f.host) ?? f), ...run.plans.map((plan) => results.get(plan.host)!)];
}

/** Outcomes after which the next holder of a VIP group may go. */
export const SUCCESS: readonly HostDeployResult['outcome'][] = ['applied', 'unchanged'];

/** For callers that passed `planDeploy` a plain connect: the sessions it opened. (A pool closes its own.) */
export function closeSessions(run: PlanRun): void {
    for (const session of run.sessions.values()) {
        session.close();
    }
}

function failure(host: string, error: unknown, started: number): HostDeployResult {
    if (error instanceof SshError) {
        const outcome =
            error.code === 'connection-lost' || error.code === 'command-timeout'
                ? 'connection-lost'
                : error.code.startsWith('host-key') || error.code === 'auth-failed'
                  ? 'refused'
                  : 'unreachable';
        return { host, outcome, message: error.message, log: [], durationMs: Date.now() - started };
    }
    return { host, outcome: 'failed', message: error instanceof Error ? error.message : String(error), log: [], durationMs: Date.now() - started };
}

/** Who deploys, as the host's lock records it: `user@machine`, with `suffix` (e.g. ` (VS Code)`). */
export function deployOwner(suffix = ''): string {
    let user = 'unknown';
    try {
        user = userInfo().username;
    } catch {
        // No passwd entry for this uid: keep "unknown".
    }
    return `${user}@${hostname()}${suffix}`;
}
