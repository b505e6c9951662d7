/**
 * A whole deploy: connect to every host that gets files, plan (read the current files, diff), and, when
 * asked, apply host by host in the safe order. The caller (CLI or editor) renders the files, opens SSH
 * sessions (it owns keys, known_hosts and prompts), shows the plan and asks for confirmation.
 */
import { hostname, userInfo } from 'node:os';
import type { ModelHost, TopologyModel } from '../model/topology-model.js';
import type { RenderedFile } from '../render/render-types.js';
import { fileKindSpec, type DeployFile } from './deploy-file-kinds.js';
import { sysctlFile } from './deploy-sysctl.js';
import { applyHost, planHost } from './deploy-host.js';
import { deployChains, hostByName, runChains } from './deploy-order.js';
import type { DeployReporter, HostDeployResult, HostPlan } from './deploy-types.js';
import { SshError } from './ssh-errors.js';
import type { SshSession } from './ssh-session.js';

export type Connect = (host: ModelHost) => Promise<SshSession>;

export interface DeployRunOptions {
    readonly concurrency: number;
    readonly owner: string;
    readonly reporter: DeployReporter;
    readonly healthTimeoutSeconds?: number;
    /** Add the host preparation files (kernel settings, deploy-sysctl); default true. */
    readonly hostPreparation?: boolean;
}

export interface PlanRun {
    readonly plans: HostPlan[];
    /** Hosts that could not be planned (unreachable, host key refused, …). */
    readonly failures: HostDeployResult[];
    readonly sessions: Map<string, SshSession>;
}

/**
 * Files grouped by the host they go to (cluster manifests are left out: see deploy-kubernetes). With a
 * model, each host also gets the host preparation file its role needs (deploy-sysctl).
 */
export function filesByHost(files: readonly RenderedFile[], model?: TopologyModel): Map<string, DeployFile[]> {
    const result = new Map<string, DeployFile[]>();
    for (const file of files) {
        if (!file.host || !fileKindSpec(file.kind)) {
            continue;
        }
        const list = result.get(file.host) ?? [];
        list.push(file);
        result.set(file.host, list);
    }
    if (model) {
        for (const [name, list] of result) {
            const host = hostByName(model, name);
            const prepared = host && sysctlFile(model, host);
            if (prepared) {
                list.push(prepared);
            }
        }
    }
    return result;
}

export async function planDeploy(model: TopologyModel, files: readonly RenderedFile[], connect: Connect, options: DeployRunOptions): Promise<PlanRun> {
    const byHost = filesByHost(files, options.hostPreparation === false ? undefined : model);
    const sessions = new Map<string, SshSession>();
    const plans: HostPlan[] = [];
    const failures: HostDeployResult[] = [];
    const names = [...byHost.keys()];
    const queue = [...names];
    const worker = async (): Promise<void> => {
        for (let name = queue.shift(); name; name = queue.shift()) {
            const started = Date.now();
            const host = hostByName(model, name);
            try {
                if (!host) {
                    throw new Error(`host ${name} is not in the topology`);
                }
                const session = await connect(host);
                sessions.set(name, session);
                plans.push(await planHost(session, name, byHost.get(name)!));
            } catch (error) {
                failures.push(failure(name, error, started));
            }
        }
    };
    await Promise.all(Array.from({ length: Math.max(1, Math.min(options.concurrency, names.length)) }, worker));
    plans.sort((a, b) => names.indexOf(a.host) - names.indexOf(b.host));
    return { plans, failures, sessions };
}

/**
 * Apply every planned host in the safe order. A host that could not be planned (unreachable, host key
 * refused) keeps its place in its VIP group's chain and counts as a failure there, so the holders after it
 * are skipped; every other host is still deployed.
 */
export async function applyDeploy(model: TopologyModel, run: PlanRun, options: DeployRunOptions): Promise<HostDeployResult[]> {
    const plans = new Map(run.plans.map((plan) => [plan.host, plan]));
    const unplanned = new Map(run.failures.map((result) => [result.host, result]));
    const chains = deployChains(model, [...plans.keys(), ...unplanned.keys()]);
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
                result = await applyHost(run.sessions.get(name)!, plans.get(name)!, {
                    owner: options.owner,
                    healthTimeoutSeconds: options.healthTimeoutSeconds
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
const SUCCESS: readonly HostDeployResult['outcome'][] = ['applied', 'unchanged'];

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
