/**
 * The families a session carries (its own, and with `families … over F` the others, MP-BGP): for each, on the
 * router the neighbor is active and Established/OK in that family, the family was negotiated by both sides
 * (`show bgp neighbors json`: the summary lists a neighbor under every family it is activated in, negotiated
 * or not), and a family carried over a session of the other family has the extended next hop capability on
 * both sides. Planned for every session but plain IPv4 unicast ones: IPv4 unicast is what every speaker
 * negotiates by default, and the session and prefix checks already show it.
 */
import { neighborInFamily, unlessSessionHealthy, type BgpPeer } from './verify-check-bgp.js';
import { PROBES, sessionPeer, sessionWords, type EvaluationContext, type PlanSink, type SessionToVerify } from './verify-check-context.js';
import { evaluateSession, type Evaluation } from './verify-frr.js';
import { afiWords, parseBgpNeighbors, sideWords, unicastAfi, type BgpNeighborStatus } from './verify-frr-neighbors.js';

export type BgpFamilyRule = { readonly rule: 'bgp-family' } & BgpPeer & {
    /** The carried family this check is about. */
    readonly carried: 'ipv4' | 'ipv6';
};

export function planSessionFamilies(session: SessionToVerify, { probe, checks }: PlanSink): void {
    const { row, router, location } = session;
    if (row.family === 'ipv4' && row.carries.every((family) => family === 'ipv4')) {
        return;
    }
    for (const carried of row.carries) {
        probe(router, PROBES.bgpSummary);
        probe(router, PROBES.bgpNeighbors);
        checks.push({
            id: `bgp-family:${row.id}:${carried}`,
            kind: 'bgp-family',
            subject: `${afiWords(carried)} on ${sessionWords(session)}`,
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
    if (rule.carried === rule.family) {
        return { status: 'pass', message: `${afiWords(rule.carried)} negotiated` };
    }
    if (neighbor.extendedNexthop !== 'advertisedAndReceived') {
        return {
            status: 'fail',
            message: `${afiWords(rule.carried)} over an ${rule.family === 'ipv6' ? 'IPv6' : 'IPv4'} session needs the extended next hop capability on both sides (${sideWords(neighbor.extendedNexthop, 'extended next hop')})`
        };
    }
    return { status: 'pass', message: `${afiWords(rule.carried)} negotiated over the ${rule.family === 'ipv6' ? 'IPv6' : 'IPv4'} session, extended next hop on both sides` };
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
