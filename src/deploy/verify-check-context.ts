/**
 * What every verify check kind (verify-check-*.ts) shares: the probes, the way a check kind adds its probes
 * and planned checks to the plan, and the context its evaluator reads the answers through.
 */
import type { ModelHost } from '../model/index.js';
import type { Evaluation } from './verify-frr.js';
import type { PlannedCheck } from './verify-plan.js';
import { statsSocketArgv, type Probe, type ProbeOutput } from './verify-probe-script.js';

export const HAPROXY_STATS_SOCKET = '/run/haproxy/admin.sock';

export const PROBES = {
    bgpSummary: { id: 'bgp-summary', argv: ['vtysh', '-c', 'show bgp summary json'] },
    bgpIpv4: { id: 'bgp-ipv4', argv: ['vtysh', '-c', 'show bgp ipv4 unicast json'] },
    bgpIpv6: { id: 'bgp-ipv6', argv: ['vtysh', '-c', 'show bgp ipv6 unicast json'] },
    addresses: { id: 'addr', argv: ['ip', '-j', 'addr', 'show'] },
    haproxyStat: { id: 'haproxy-stat', argv: statsSocketArgv(HAPROXY_STATS_SOCKET, 'show stat') },
    now: { id: 'now', argv: ['date', '+%s'] }
} as const satisfies Record<string, Probe>;

/** Adds a probe to a host's list (once) and returns its id. */
export type ProbeAdder = (host: ModelHost, probe: Probe) => string;

/** Where a check kind's planner adds its probes and planned checks. */
export interface PlanSink {
    readonly probe: ProbeAdder;
    readonly checks: PlannedCheck[];
}

/** A probe's answer, or why there is none (host unreachable, script cut short). */
export type ProbeAnswer = { readonly output: ProbeOutput } | { readonly missing: string };

export type ProbeLookup = (host: string, probeId: string) => ProbeAnswer;

export interface EvaluationContext {
    /** The probe's stdout parsed once per (host, probe); throws a readable reason when unavailable. */
    parsed<T>(host: string, probeId: string, parse: (stdout: string) => T): T;
    answer(host: string, probeId: string): ProbeAnswer;
}

/** Raised inside an evaluation when a needed answer is missing: the check becomes `unknown`. */
export class UnknownAnswer extends Error {}

export function firstLine(text: string): string {
    return text.trim().split('\n')[0]?.slice(0, 200) || 'no output';
}

export type { Evaluation };
