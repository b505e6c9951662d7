/**
 * The live verifier: one read-only probe script per host over SSH (hosts in parallel, bounded), then the
 * planned checks judged against the answers (verify-plan.ts). Nothing on a host is changed.
 */
import type { ModelHost, TopologyModel } from '../model/index.js';
import { SshError } from './ssh-errors.js';
import type { SshSession } from './ssh-session.js';
import { evaluatePlan, planVerify, type ProbeAnswer } from './verify-plan.js';
import { buildProbeScript, parseProbeOutput, type Probe, type ProbeOutput } from './verify-probe-script.js';
import { DEFAULT_VERIFY_OPTIONS, type VerifyOptions, type VerifyReport } from './verify-types.js';

export type HostConnector = (host: ModelHost) => Promise<SshSession>;

type HostAnswers = { readonly outputs: Map<string, ProbeOutput> } | { readonly error: string; readonly unreachable: boolean };

export async function verifyTopology(model: TopologyModel, connect: HostConnector, options: VerifyOptions = {}): Promise<VerifyReport> {
    const started = performance.now();
    const settings = { ...DEFAULT_VERIFY_OPTIONS, ...options };
    const plan = planVerify(model, options);
    const answers = new Map<string, HostAnswers>();
    await forEachBounded([...plan.probes], settings.concurrency, async ([hostName, probes]) => {
        const host = plan.hosts.get(hostName)!;
        answers.set(hostName, await probeHost(host, probes, connect, settings.commandTimeoutSeconds, settings.hostTimeoutMs));
    });
    const lookup = (host: string, probeId: string): ProbeAnswer => {
        const answer = answers.get(host);
        if (!answer) {
            return { missing: `${host}: not queried` };
        }
        if ('error' in answer) {
            return { missing: answer.error };
        }
        const output = answer.outputs.get(probeId);
        return output ? { output } : { missing: `${host}: no answer to ${probeId} (the probe script was cut short)` };
    };
    const unreachable = [...answers].filter(([, answer]) => 'error' in answer && answer.unreachable).map(([host]) => host);
    return { checks: evaluatePlan(plan, lookup), unreachable, durationMs: Math.round(performance.now() - started) };
}

/** One SSH round trip: all of the host's probes in one script run with sudo (root needs no sudo). */
export async function probeHost(
    host: ModelHost,
    probes: readonly Probe[],
    connect: HostConnector,
    commandTimeoutSeconds: number = DEFAULT_VERIFY_OPTIONS.commandTimeoutSeconds,
    hostTimeoutMs: number = DEFAULT_VERIFY_OPTIONS.hostTimeoutMs
): Promise<HostAnswers> {
    let session: SshSession;
    try {
        session = await connect(host);
    } catch (error) {
        return { error: `${host.name}: unreachable: ${(error as Error).message}`, unreachable: true };
    }
    try {
        const { script, nonce } = buildProbeScript(probes, commandTimeoutSeconds);
        const result = await session.exec(['sh', '-c', script], { sudo: true, timeoutMs: hostTimeoutMs });
        const outputs = parseProbeOutput(result.stdout, nonce);
        if (result.code !== 0 && outputs.size === 0) {
            return { error: `${host.name}: the probe script failed (exit ${result.code}): ${result.stderr.trim().split('\n')[0] || 'no message'}`, unreachable: false };
        }
        return { outputs };
    } catch (error) {
        const lost = error instanceof SshError && error.code === 'connection-lost';
        return { error: `${host.name}: ${(error as Error).message}`, unreachable: lost };
    } finally {
        session.close();
    }
}

/** Runs `work` over the items with at most `limit` at once. */
export async function forEachBounded<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
    let next = 0;
    const worker = async (): Promise<void> => {
        while (next < items.length) {
            const item = items[next++];
            await work(item);
        }
    };
    await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
}
