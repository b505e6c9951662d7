/**
 * What every verify check kind (verify-check-*.ts) shares: the probes, the way a check kind adds its probes
 * and planned checks to the plan, and the context its evaluator reads the answers through.
 */
import type { ModelHost } from '../model/index.js';
import type { SessionRow } from '../model/session-table.js';
import type { Evaluation } from './verify-frr.js';
import type { VerifyLocation } from './verify-locate.js';
import type { PlannedCheck } from './verify-plan.js';
import { statsSocketArgv, type Probe, type ProbeOutput } from './verify-probe-script.js';

export const HAPROXY_STATS_SOCKET = '/run/haproxy/admin.sock';

export const PROBES = {
    bgpSummary: { id: 'bgp-summary', argv: ['vtysh', '-c', 'show bgp summary json'] },
    bgpIpv4: { id: 'bgp-ipv4', argv: ['vtysh', '-c', 'show bgp ipv4 unicast json'] },
    bgpIpv6: { id: 'bgp-ipv6', argv: ['vtysh', '-c', 'show bgp ipv6 unicast json'] },
    bgpNeighbors: { id: 'bgp-neighbors', argv: ['vtysh', '-c', 'show bgp neighbors json'] },
    bfdPeers: { id: 'bfd-peers', argv: ['vtysh', '-c', 'show bfd peers json'] },
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

/** One row of the sessions table as verify plans it: the row, its router's host, where its findings go. */
export interface SessionToVerify {
    readonly row: SessionRow;
    readonly router: ModelHost;
    readonly location: VerifyLocation;
    /** The pool each `accepts` entry hands out, if any (LANGUAGE-V2 §7: "nothing to announce yet"). */
    readonly pools?: ReadonlyMap<string, string>;
}

/** What every session check's rule names: the router to ask and the neighbor (the node's source address) to find. */
export interface SessionPeer {
    readonly router: string;
    readonly node: string;
    /** The node's source address; undefined when the node has none for this session. */
    readonly source?: string;
    /** The session's own family. */
    readonly family: 'ipv4' | 'ipv6';
    /**
     * Unnumbered router-to-router row: the router's interface, by which FRR lists the neighbor (then also `source`);
     * its routes carry the neighbor's link-local address instead (`bgpNeighborAddr` of `show bgp neighbors json`).
     */
    readonly interface?: string;
}

export function sessionPeer({ row }: SessionToVerify): SessionPeer {
    return { router: row.router, node: row.peer, source: row.sourceAddress, family: row.family, ...(row.interface ? { interface: row.interface } : {}) };
}

/** `cp1 -> r1 (cilium-bgp, 10.0.0.21 -> 10.0.0.1)`; an unnumbered row `spine -> tor1 (router, on swp1)`. */
export function sessionWords({ row }: SessionToVerify): string {
    const addresses = row.interface ? `, on ${row.interface}` : row.sourceAddress ? `, ${row.sourceAddress} -> ${row.routerAddress ?? '?'}` : '';
    return `${row.peer} -> ${row.router} (${row.speaker ?? row.peerKind}${addresses})`;
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
