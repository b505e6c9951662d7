/**
 * What is announced, with which attributes (LANGUAGE-V2 §7): for each session whose advertisements carry
 * communities, or a local-pref on an iBGP session, every route the router holds from that speaker must carry the
 * communities (standard and large) of every advertisement that produces it at its length, and the highest of their
 * local-prefs (iBGP only; eBGP does not carry LOCAL_PREF). Read from `show bgp ipv4|ipv6 unicast json detail`
 * (FRR 8.4: per prefix, a header object then one object per path with `peer.peerId`, `community.string`,
 * `largeCommunity.string`, `locPrf`). A failure is located on the advertisement item at fault.
 */
import type { BgpSession } from '../model/index.js';
import { announcementPermits, parseAddress, parsePrefix } from '../model/index.js';
import { announcementExpectation, DETAIL_PROBES, parseRouteAttributes, type AttributeExpectation, type RouteAttributes } from './verify-route-attributes.js';
import { type EvaluationContext, type PlanSink } from './verify-check-context.js';
import type { Evaluation } from './verify-frr.js';
import { unlessSessionHealthy } from './verify-check-bgp.js';
import { locateAdvertisement } from './verify-locate.js';
import type { VerifyCheckKind } from './verify-types.js';

export type BgpAttributesRule = {
    readonly rule: 'bgp-attributes';
    readonly router: string;
    readonly node: string;
    readonly source?: string;
    readonly family: 'ipv4' | 'ipv6';
    readonly speakerAsn?: number;
    readonly routeProbes: readonly string[];
    readonly expectations: readonly AttributeExpectation[];
};

/** Plans the attribute check of a session when one of its announcements carries an attribute the router sees. */
export function planAttributes(session: BgpSession, want: (kind: VerifyCheckKind) => boolean, { probe, checks }: PlanSink): void {
    const ibgp = session.type === 'ibgp';
    const carrying = session.announcements.filter((a) => a.communities.length > 0 || (ibgp && a.localPref !== undefined));
    if (!want('bgp-attributes') || carrying.length === 0) {
        return;
    }
    const families = [...new Set(session.announcements.map((a) => a.prefix.family))].sort() as Array<4 | 6>;
    const routeProbes = families.map((family) => probe(session.router, DETAIL_PROBES[family]));
    const expectations = session.announcements.map((a) => announcementExpectation(a, ibgp));
    const first = carrying[0].advertisement;
    checks.push({
        id: `bgp-attributes:${session.id}`,
        kind: 'bgp-attributes',
        subject: `attributes of the routes from ${session.node.name} on ${session.router.name} (${session.speaker.kind})`,
        location: first ? locateAdvertisement(first) : { element: `${session.speaker.kind} speaker of cluster ${session.speaker.cluster.name}`, line: 0 },
        rule: {
            rule: 'bgp-attributes',
            router: session.router.name,
            node: session.node.name,
            source: session.source?.address.text,
            family: session.family === 6 ? 'ipv6' : 'ipv4',
            speakerAsn: session.speakerAsn,
            routeProbes,
            expectations
        }
    });
}

/** Judges the routes from the session's source against the expectations that produce each of them. */
export function evaluateAttributes(routes: readonly RouteAttributes[], rule: Pick<BgpAttributesRule, 'source' | 'expectations'>): Evaluation {
    const problems: string[] = [];
    let checked = 0;
    for (const route of routes.filter((entry) => entry.peerId === rule.source)) {
        const prefix = parsePrefix(route.prefix);
        const producing = prefix
            ? rule.expectations.filter((e) => announcementPermits({ prefix: parsePrefix(e.prefix)!, exact: e.exact, lengths: e.lengths }, prefix))
            : [];
        if (producing.length === 0) {
            continue; // outside every announcement: bgp-prefixes reports it
        }
        checked++;
        const lacks: string[] = [];
        for (const e of producing) {
            const missing = [...e.communities.filter((c) => !route.communities.includes(c)), ...e.largeCommunities.filter((c) => !route.largeCommunities.includes(c))];
            if (missing.length > 0) {
                lacks.push(`${missing.join(', ')} of ${e.label}`);
            }
        }
        const prefs = producing.flatMap((e) => (e.localPref !== undefined ? [e.localPref] : []));
        if (prefs.length > 0 && route.localPref !== Math.max(...prefs)) {
            lacks.push(`local-pref ${Math.max(...prefs)} (has ${route.localPref ?? 'none'})`);
        }
        if (lacks.length > 0) {
            problems.push(`${route.prefix} lacks ${lacks.join('; ')}`);
        }
    }
    if (problems.length > 0) {
        return { status: 'fail', message: problems.join('; ') };
    }
    return { status: 'pass', message: checked > 0 ? `${checked} route(s) carry their communities and local-pref` : 'nothing to announce yet: no route from this speaker' };
}

export function routeAttributes(rule: BgpAttributesRule, context: EvaluationContext): Evaluation {
    const unhealthy = unlessSessionHealthy(rule, context);
    if (unhealthy || !rule.source) {
        return unhealthy ?? { status: 'unknown', message: 'not evaluated: the session is not healthy' };
    }
    const routes = rule.routeProbes.flatMap((id) => context.parsed(rule.router, id, parseRouteAttributes));
    return evaluateAttributes(routes, { ...rule, source: parseAddress(rule.source)?.text ?? rule.source });
}
