/**
 * BGP checks of one sessions-table row: the session Established in its own family on its router, and exactly
 * the prefixes the row accepts received from it.
 */
import { parsePrefix } from '../model/ip-address.js';
import { PROBES, sessionPeer, sessionWords, type EvaluationContext, type PlanSink, type SessionPeer, type SessionToVerify } from './verify-check-context.js';
import { comparePrefixes, evaluatePrefixes, evaluateSession, parseBgpRoutes, parseBgpSummaryAfis, prefixesFromPeer, type BgpPeerStatus, type Evaluation } from './verify-frr.js';
import { afiWords, unicastAfi } from './verify-frr-neighbors.js';
import type { VerifyCheckKind } from './verify-types.js';

export interface BgpPeer extends SessionPeer {
    readonly speakerAsn?: number;
}

export type BgpSessionRule = { readonly rule: 'bgp-session' } & BgpPeer;

export type BgpPrefixesRule = { readonly rule: 'bgp-prefixes' } & BgpPeer & {
    /** Probes of the router's BGP tables (IPv4, and IPv6 when needed). */
    readonly routeProbes: readonly string[];
    /** Prefixes the speaker may announce; `exact` = exactly this one, else anything inside it. */
    readonly announcements: readonly { readonly prefix: string; readonly exact: boolean }[];
};

/** The row's `accepts` entries: `PREFIX` exactly, `PREFIX le N` it or anything inside it. */
function announcementsOf(accepts: readonly string[]): BgpPrefixesRule['announcements'] {
    return accepts.map((entry) => {
        const [prefix, le] = entry.split(' le ');
        return { prefix: prefix!, exact: le === undefined };
    });
}

export function planSession(session: SessionToVerify, want: (kind: VerifyCheckKind) => boolean, { probe, checks }: PlanSink): void {
    const { row, router, location } = session;
    probe(router, PROBES.bgpSummary);
    const announcements = announcementsOf(row.accepts);
    const sixes = row.family === 'ipv6' || row.carries.includes('ipv6') || announcements.some((a) => parsePrefix(a.prefix)?.family === 6);
    const fours = row.family === 'ipv4' || row.carries.includes('ipv4') || announcements.some((a) => parsePrefix(a.prefix)?.family === 4);
    const peer: BgpPeer = { ...sessionPeer(session), speakerAsn: row.remoteAs };
    if (want('bgp-session')) {
        checks.push({ id: `bgp-session:${row.id}`, kind: 'bgp-session', subject: `session ${sessionWords(session)}`, location, rule: { rule: 'bgp-session', ...peer } });
    }
    if (want('bgp-prefixes')) {
        const routeProbes = [...(fours ? [PROBES.bgpIpv4] : []), ...(sixes ? [PROBES.bgpIpv6] : [])].map((entry) => probe(router, entry));
        checks.push({
            id: `bgp-prefixes:${row.id}`,
            kind: 'bgp-prefixes',
            subject: `prefixes from ${row.peer} on ${row.router} (${row.speaker})`,
            location,
            rule: { rule: 'bgp-prefixes', ...peer, routeProbes, announcements }
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
    return isEvaluation(status) ? status : evaluateSession(status, rule.source!, rule.speakerAsn);
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
    const received = rule.routeProbes.flatMap((id) => prefixesFromPeer(context.parsed(rule.router, id, parseBgpRoutes), rule.source!));
    const announcements = rule.announcements.map((entry) => ({ prefix: parsePrefix(entry.prefix)!, exact: entry.exact }));
    return evaluatePrefixes(comparePrefixes(received, announcements), received);
}
