/**
 * The live verifier: one read-only probe script per host over SSH (hosts in parallel, bounded), then the
 * planned checks judged against the answers (verify-evaluate.ts). Nothing on a host is changed.
 */
import type { ModelHost, TopologyModel } from '../model/index.js';
import type { HostConnect, HostTarget } from './host-target.js';
import { SshError } from './ssh-errors.js';
import { sessionPool } from './ssh-session-pool.js';
import type { SshSession } from './ssh-session.js';
import { evaluatePlan, type ProbeAnswer } from './verify-evaluate.js';
import { verifyInput, type VerifyInput } from './verify-input.js';
import { buildProbeScript, parseProbeOutput, type Probe, type ProbeOutput } from './verify-probe-script.js';
import { DEFAULT_VERIFY_OPTIONS, type VerifyOptions, type VerifyReport } from './verify-types.js';
import { mapBounded } from './workflow-concurrency.js';

export type HostConnector = (host: ModelHost) => Promise<SshSession>;

type HostAnswers = { readonly outputs: Map<string, ProbeOutput> } | { readonly error: string; readonly unreachable: boolean };

/**
 * Verify the model's network through `connect`: the sessions it opens are pooled (one per host) and closed
 * here, once, when the report is complete.
 */
export async function verifyTopology(model: TopologyModel, connect: HostConnector, options: VerifyOptions = {}): Promise<VerifyReport> {
    const hosts = new Map(model.hosts.map((host) => [host.name, host]));
    const pool = sessionPool((target) => connect(hosts.get(target.name)!));
    try {
        return await runVerify(verifyInput(model, '', options), pool.connect, options);
    } finally {
        pool.closeAll();
    }
}

/** Probe every host of the input and judge its checks. `connect`'s sessions are the caller's to close. */
export async function runVerify(input: VerifyInput, connect: HostConnect, options: Pick<VerifyOptions, 'concurrency' | 'commandTimeoutSeconds' | 'hostTimeoutMs'> = {}): Promise<VerifyReport> {
    const started = performance.now();
    const settings = { ...DEFAULT_VERIFY_OPTIONS, ...options };
    const answered = await mapBounded(input.hosts, settings.concurrency, async (host) => ({
        name: host.target.name,
        answer: await probeHost(host.target, host.probes, connect, settings.commandTimeoutSeconds, settings.hostTimeoutMs)
    }));
    const answers = new Map(answered.map((entry) => [entry.name, entry.answer]));
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
    return { checks: evaluatePlan(input, lookup), unreachable, durationMs: Math.round(performance.now() - started) };
}

/** One SSH round trip: all of the host's probes in one script run with sudo (root needs no sudo). */
export async function probeHost(
    host: HostTarget,
    probes: readonly Probe[],
    connect: HostConnect,
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
    }
}
