/**
 * Families a session carries beyond its own (`families ipv4, ipv6 over ipv6`, MP-BGP): on the router the
 * neighbor is active and Established in that family too, the family was negotiated by both sides, and IPv4
 * carried over an IPv6 session (or IPv6 over IPv4) has the extended next hop capability on both sides.
 * The session's own family is the `bgp-session` check.
 */
import { neighborInFamily, unlessSessionHealthy, type BgpPeer } from './verify-check-bgp.js';
import { PROBES, sessionPeer, sessionWords, type EvaluationContext, type PlanSink, type SessionToVerify } from './verify-check-context.js';
import { evaluateSession, type Evaluation } from './verify-frr.js';
import { afiWords, parseBgpNeighbors, unicastAfi, type BgpNeighborStatus } from './verify-frr-neighbors.js';

export type BgpFamilyRule = { readonly rule: 'bgp-family' } & BgpPeer & {
    /** The carried family this check is about (never the session's own). */
    readonly carried: 'ipv4' | 'ipv6';
};

export function planSessionFamilies(session: SessionToVerify, { probe, checks }: PlanSink): void {
    const { row, router, location } = session;
    for (const carried of row.carries.filter((family) => family !== row.family)) {
        probe(router, PROBES.bgpSummary);
        probe(router, PROBES.bgpNeighbors);
        checks.push({
            id: `bgp-family:${row.id}:${carried}`,
            kind: 'bgp-family',
            subject: `${afiWords(carried)} over ${row.family} session ${sessionWords(session)}`,
            location,
            rule: { rule: 'bgp-family', ...sessionPeer(session), speakerAsn: row.remoteAs, carried }
        });
    }
}

/** The negotiation part, on one neighbor of `show bgp neighbors json`. */
export function evaluateFamilyNegotiation(neighbor: BgpNeighborStatus | undefined, rule: Pick<BgpFamilyRule, 'source' | 'family' | 'carried'>): Evaluation {
    if (!neighbor) {
        return { status: 'fail', message: `show bgp neighbors has no neighbor ${rule.source}` };
    }
    const negotiated = neighbor.families.get(unicastAfi(rule.carried)) ?? 'none';
    if (negotiated !== 'advertisedAndReceived') {
        return { status: 'fail', message: `${afiWords(rule.carried)} not negotiated with ${rule.source} (${sideWords(negotiated, 'multiprotocol capability')})` };
    }
    if (neighbor.extendedNexthop !== 'advertisedAndReceived') {
        return {
            status: 'fail',
            message: `${afiWords(rule.carried)} over an ${rule.family === 'ipv6' ? 'IPv6' : 'IPv4'} session needs the extended next hop capability on both sides (${sideWords(neighbor.extendedNexthop, 'extended next hop')})`
        };
    }
    return { status: 'pass', message: `${afiWords(rule.carried)} negotiated, extended next hop on both sides` };
}

/** `the router advertised it, the peer did not` and so on. */
export function sideWords(state: BgpNeighborStatus['gracefulRestart'], what: string): string {
    switch (state) {
        case 'advertised':
            return `the router advertised ${what}, the peer did not`;
        case 'received':
            return `the peer advertised ${what}, the router did not`;
        case 'none':
            return `neither side advertised ${what}`;
        default:
            return `${what} on both sides`;
    }
}

export function carriedFamily(rule: BgpFamilyRule, context: EvaluationContext): Evaluation {
    const unhealthy = unlessSessionHealthy(rule, context);
    if (unhealthy) {
        return unhealthy;
    }
    const inFamily = neighborInFamily(context, rule, rule.carried);
    if ('status' in inFamily) {
        return inFamily;
    }
    const state = evaluateSession(inFamily, rule.source!, rule.speakerAsn);
    if (state.status !== 'pass') {
        return { status: state.status, message: `${afiWords(rule.carried)}: ${state.message}` };
    }
    const negotiation = evaluateFamilyNegotiation(context.parsed(rule.router, PROBES.bgpNeighbors.id, parseBgpNeighbors).get(rule.source!), rule);
    return negotiation.status === 'pass' ? { status: 'pass', message: `${negotiation.message}; ${inFamily.pfxRcd} prefixes received` } : negotiation;
}
