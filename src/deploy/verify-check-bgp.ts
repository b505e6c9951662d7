/**
 * BGP checks of one sessions-table row: the session Established in its own family on its router, and exactly
 * the prefixes the row accepts received from it.
 */
import { announcementPermits, parseAnnouncementMatch } from '../model/announcement-derivation.js';
import { parsePrefix } from '../model/ip-address.js';
import { PROBES, sessionPeer, sessionWords, type EvaluationContext, type PlanSink, type SessionPeer, type SessionToVerify } from './verify-check-context.js';
import { comparePrefixes, evaluatePrefixes, evaluateSession, parseBgpRoutes, parseBgpSummaryAfis, prefixesFromPeer, type BgpPeerStatus, type Evaluation } from './verify-frr.js';
import { afiWords, interfaceNeighbors, unicastAfi } from './verify-frr-neighbors.js';
import { evaluateFabric, stoppedBehind, type FabricBehind, type SpeakersBehind } from './verify-check-router-prefixes.js';
import type { Probe } from './verify-probe-script.js';
import type { VerifyCheckKind } from './verify-types.js';

export interface BgpPeer extends SessionPeer {
    readonly speakerAsn?: number;
}

export type BgpSessionRule = { readonly rule: 'bgp-session' } & BgpPeer;

export type BgpPrefixesRule = { readonly rule: 'bgp-prefixes' } & BgpPeer & {
    /** Probes of the router's BGP tables (IPv4, and IPv6 when needed). */
    readonly routeProbes: readonly string[];
    /**
     * Prefixes the speaker may announce; `exact` = exactly this one, else anything inside it (of `lengths` when
     * given). `pool` names the pool a non-exact announcement hands out, for "nothing to announce yet".
     */
    readonly announcements: readonly {
        readonly prefix: string;
        readonly exact: boolean;
        readonly lengths?: { readonly min: number; readonly max: number };
        readonly pool?: string;
    }[];
    /**
     * Router-to-router rows only (LANGUAGE-V2 §4): `accepts` is what routers may carry, none of it required; instead,
     * each route the speakers behind the other router announce and the router's own (`own`) do not must arrive, with
     * its communities (`attributeProbes`: the router's detail tables), and one stopped by `no-export` must not.
     */
    readonly behind?: readonly SpeakersBehind[];
    readonly own?: SpeakersBehind;
    readonly attributeProbes?: readonly string[];
};

/** A router-to-router row's speakers behind the other router, given the row's route probes. */
export type BehindOf = (entries: readonly Probe[]) => FabricBehind;

/** The row's `accepts` entries (`P`, `P le N`, `P ge N [le M]`), each with the pool it hands out, if any. */
function announcementsOf(accepts: readonly string[], pools?: ReadonlyMap<string, string>): BgpPrefixesRule['announcements'] {
    return accepts.flatMap((entry) => {
        const shape = parseAnnouncementMatch(entry);
        const pool = pools?.get(entry);
        return shape ? [{ prefix: shape.prefix.text, exact: shape.exact, ...(shape.lengths ? { lengths: shape.lengths } : {}), ...(pool ? { pool } : {}) }] : [];
    });
}

export function planSession(session: SessionToVerify, want: (kind: VerifyCheckKind) => boolean, { probe, checks }: PlanSink, behindOf?: BehindOf): void {
    const { row, router, location } = session;
    probe(router, PROBES.bgpSummary);
    const announcements = announcementsOf(row.accepts, session.pools);
    const sixes = row.family === 'ipv6' || row.carries.includes('ipv6') || announcements.some((a) => parsePrefix(a.prefix)?.family === 6);
    const fours = row.family === 'ipv4' || row.carries.includes('ipv4') || announcements.some((a) => parsePrefix(a.prefix)?.family === 4);
    const peer: BgpPeer = { ...sessionPeer(session), speakerAsn: row.remoteAs };
    if (want('bgp-session')) {
        checks.push({ id: `bgp-session:${row.id}`, kind: 'bgp-session', subject: `session ${sessionWords(session)}`, location, rule: { rule: 'bgp-session', ...peer } });
    }
    if (want('bgp-prefixes')) {
        const entries = [...(fours ? [PROBES.bgpIpv4] : []), ...(sixes ? [PROBES.bgpIpv6] : [])];
        const routeProbes = entries.map((entry) => probe(router, entry));
        if (row.interface) {
            probe(router, PROBES.bgpNeighbors); // the unnumbered neighbor's address, which its routes carry
        }
        const behind = behindOf?.(entries);
        checks.push({
            id: `bgp-prefixes:${row.id}`,
            kind: 'bgp-prefixes',
            subject: `prefixes from ${row.peer} on ${row.router} (${row.speaker ?? row.peerKind})`,
            location,
            rule: {
                rule: 'bgp-prefixes',
                ...peer,
                routeProbes,
                announcements,
                ...(behind ? { behind: behind.behind, ...(behind.own ? { own: behind.own } : {}), ...(behind.attributeProbes.length > 0 ? { attributeProbes: behind.attributeProbes } : {}) } : {})
            }
        });
    }
}

/**
 * The neighbor's status in one family of the router's summary: the neighbor listed under that family's AFI.
 * Listed under another AFI only: the router has it, but not activated in this family.
 */
export function neighborInFamily(context: EvaluationContext, peer: SessionPeer, family: 'ipv4' | 'ipv6'): BgpPeerStatus | Evaluation {
    if (!peer.source) {
        return { status: 'unknown', message: `node ${peer.node} has no source address for this session` };
    }
    const afis = context.parsed(peer.router, PROBES.bgpSummary.id, parseBgpSummaryAfis);
    const status = afis.get(unicastAfi(family))?.get(peer.source);
    if (status) {
        return status;
    }
    const elsewhere = [...afis].filter(([, peers]) => peers.has(peer.source!)).map(([afi]) => afi);
    if (elsewhere.length > 0) {
        return { status: 'fail', message: `neighbor ${peer.source} is not active for ${afiWords(family)} on the router (listed under ${elsewhere.join(', ')} only)` };
    }
    return evaluateSession(undefined, peer.source);
}

const isEvaluation = (value: BgpPeerStatus | Evaluation): value is Evaluation => 'status' in value;

export function sessionHealth(rule: BgpPeer, context: EvaluationContext): Evaluation {
    const status = neighborInFamily(context, rule, rule.family);
    if (isEvaluation(status)) {
        return status;
    }
    // Unnumbered: one IPv6 session carries both families; what it received is the sum over them.
    const afis = rule.interface ? [...context.parsed(rule.router, PROBES.bgpSummary.id, parseBgpSummaryAfis).values()] : [];
    const counted = rule.interface ? { ...status, pfxRcd: afis.reduce((sum, peers) => sum + (peers.get(rule.source!)?.pfxRcd ?? 0), 0) } : status;
    return evaluateSession(counted, rule.source!, rule.speakerAsn);
}

/** Checks that judge a detail of a session report `unknown` while the session itself is not healthy. */
export function unlessSessionHealthy(rule: BgpPeer, context: EvaluationContext): Evaluation | undefined {
    const health = sessionHealth(rule, context);
    return health.status === 'pass' && rule.source ? undefined : { status: 'unknown', message: 'not evaluated: the session is not healthy' };
}

export function receivedPrefixes(rule: BgpPrefixesRule, context: EvaluationContext): Evaluation {
    const unhealthy = unlessSessionHealthy(rule, context);
    if (unhealthy) {
        return unhealthy;
    }
    const from = rule.interface ? context.parsed(rule.router, PROBES.bgpNeighbors.id, interfaceNeighbors).get(rule.interface) : rule.source!;
    if (!from) {
        return { status: 'unknown', message: `show bgp neighbors gives no address for the neighbor on ${rule.interface}` };
    }
    const received = rule.routeProbes.flatMap((id) => prefixesFromPeer(context.parsed(rule.router, id, parseBgpRoutes), from));
    const announcements = rule.announcements.map((entry) => ({ prefix: parsePrefix(entry.prefix)!, exact: entry.exact, lengths: entry.lengths }));
    // Routes behind sent with no-export / no-advertise are no entry of what an eBGP router row accepts (issue 17): one
    // that arrives is judged below as stopped (naming its advertisement), not merely unexpected.
    const stopped = rule.behind ? stoppedBehind(rule.behind, rule.own, context) : new Set<string>();
    const compared = comparePrefixes(received, announcements);
    const comparison = { ...compared, unexpected: compared.unexpected.filter((prefix) => !stopped.has(prefix)) };
    // A router-to-router row requires none of what routers may carry: what arrives depends on the speakers behind.
    const evaluation = evaluatePrefixes(rule.behind ? { ...comparison, missing: [] } : comparison, received);
    if (evaluation.status !== 'pass') {
        return evaluation;
    }
    if (rule.behind) {
        const permits = (text: string) => stopped.has(text) || announcements.some((a) => announcementPermits(a, parsePrefix(text)!));
        const fabric = evaluateFabric({ ...rule, source: from, behind: rule.behind }, received, context, permits);
        if (fabric) {
            return fabric;
        }
    }
    return { ...evaluation, message: withIdlePools(evaluation.message, rule, received) };
}

/**
 * A pool none of whose addresses a Service uses yet announces nothing: that is not a failure (LANGUAGE-V2 §7), and
 * the message says so per pool.
 */
function withIdlePools(message: string, rule: BgpPrefixesRule, received: readonly string[]): string {
    const got = received.flatMap((text) => parsePrefix(text) ?? []);
    const idle = new Set<string>();
    const busy = new Set<string>();
    for (const entry of rule.announcements) {
        if (!entry.pool) {
            continue;
        }
        const shape = { prefix: parsePrefix(entry.prefix)!, exact: entry.exact, lengths: entry.lengths };
        (got.some((prefix) => announcementPermits(shape, prefix)) ? busy : idle).add(entry.pool);
    }
    const pools = [...idle].filter((pool) => !busy.has(pool));
    if (pools.length === 0) {
        return message;
    }
    return `${received.length > 0 ? message : 'nothing received'}; nothing to announce yet from pool ${pools.join(', ')} (no Service uses its addresses yet)`;
}
