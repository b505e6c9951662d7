/** BGP checks: each derived session Established on its router, and exactly the expected prefixes received from it. */
import type { BgpSession } from '../model/index.js';
import { parsePrefix } from '../model/ip-address.js';
import { PROBES, type EvaluationContext, type PlanSink } from './verify-check-context.js';
import { comparePrefixes, evaluatePrefixes, evaluateSession, parseBgpRoutes, parseBgpSummary, prefixesFromPeer, type Evaluation } from './verify-frr.js';
import { locateSession } from './verify-locate.js';
import type { VerifyCheckKind } from './verify-types.js';

interface BgpPeer {
    readonly router: string;
    readonly node: string;
    /** The node's source address the router must have Established; undefined when the node has none. */
    readonly source?: string;
    readonly speakerAsn?: number;
}

export type BgpSessionRule = { readonly rule: 'bgp-session' } & BgpPeer;

export type BgpPrefixesRule = { readonly rule: 'bgp-prefixes' } & BgpPeer & {
    /** Probes of the router's BGP tables (IPv4, and IPv6 when needed). */
    readonly routeProbes: readonly string[];
    /** Prefixes the speaker may announce; `exact` = exactly this one, else anything inside it. */
    readonly announcements: readonly { readonly prefix: string; readonly exact: boolean }[];
};

function sessionSubject(session: BgpSession): string {
    const addresses = session.source ? ` ${session.source.address.text} -> ${session.destination?.address.text ?? '?'}` : '';
    return `session ${session.node.name} -> ${session.router.name} (${session.speaker.kind},${addresses})`;
}

export function planSession(session: BgpSession, want: (kind: VerifyCheckKind) => boolean, { probe, checks }: PlanSink): void {
    const router = session.router;
    const location = locateSession(session);
    const source = session.source?.address;
    probe(router, PROBES.bgpSummary);
    const family = source?.family ?? 4;
    const routesProbe = family === 6 || session.announcements.some((a) => a.prefix.family === 6) ? [PROBES.bgpIpv4, PROBES.bgpIpv6] : [PROBES.bgpIpv4];
    const peer = { router: router.name, node: session.node.name, source: source?.text, speakerAsn: session.speakerAsn };
    if (want('bgp-session')) {
        checks.push({ id: `bgp-session:${session.id}`, kind: 'bgp-session', subject: sessionSubject(session), location, rule: { rule: 'bgp-session', ...peer } });
    }
    if (want('bgp-prefixes')) {
        const routeProbes = routesProbe.map((entry) => probe(router, entry));
        checks.push({
            id: `bgp-prefixes:${session.id}`,
            kind: 'bgp-prefixes',
            subject: `prefixes from ${session.node.name} on ${router.name} (${session.speaker.kind})`,
            location,
            rule: {
                rule: 'bgp-prefixes',
                ...peer,
                routeProbes,
                announcements: session.announcements.map((announcement) => ({ prefix: announcement.prefix.text, exact: announcement.exact }))
            }
        });
    }
}

export function sessionHealth(rule: BgpSessionRule | BgpPrefixesRule, context: EvaluationContext): Evaluation {
    if (!rule.source) {
        return { status: 'unknown', message: `node ${rule.node} has no source address for this session` };
    }
    return evaluateSession(context.parsed(rule.router, PROBES.bgpSummary.id, parseBgpSummary).get(rule.source), rule.source, rule.speakerAsn);
}

export function receivedPrefixes(rule: BgpPrefixesRule, context: EvaluationContext): Evaluation {
    const health = sessionHealth(rule, context);
    if (health.status !== 'pass' || !rule.source) {
        return { status: 'unknown', message: 'not evaluated: the session is not healthy' };
    }
    const received = rule.routeProbes.flatMap((id) => prefixesFromPeer(context.parsed(rule.router, id, parseBgpRoutes), rule.source!));
    const announcements = rule.announcements.map((entry) => ({ prefix: parsePrefix(entry.prefix)!, exact: entry.exact }));
    return evaluatePrefixes(comparePrefixes(received, announcements), received);
}
