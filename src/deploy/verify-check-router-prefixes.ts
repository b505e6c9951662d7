/**
 * What one end of a router-to-router session (LANGUAGE-V2 §4; issue 17) should receive from the other router: each
 * route the speakers beyond it announce. Planned from the model (the routers reached through the other router over
 * eBGP, each with its speaker sessions and the communities their advertisements attach), judged from the live tables:
 * every route those routers receive from their own speakers (within what the end accepts, and not announced by the
 * end's own speakers too) must arrive from the other router at its prefix and length, with the communities of the
 * advertisements producing it (eBGP keeps them; LOCAL_PREF does not cross eBGP); a route carrying `no-export` or
 * `no-advertise` stops at the router its speaker announces it to, so it must NOT arrive.
 */
import { announcementPermits, type ModelRouter, type RouterSession, type TopologyModel } from '../model/index.js';
import { WELL_KNOWN_COMMUNITIES } from '../model/community.js';
import { carriedText } from '../model/fabric-prefixes.js';
import { parseAddress, parsePrefix } from '../model/ip-address.js';
import type { EvaluationContext, ProbeAdder } from './verify-check-context.js';
import type { Probe } from './verify-probe-script.js';
import { parseBgpRoutes, prefixesFromPeer, type Evaluation } from './verify-frr.js';
import { announcementExpectation, DETAIL_PROBES, parseRouteAttributes, type AttributeExpectation } from './verify-route-attributes.js';

/** A router whose speakers' routes reach the end through the other router: its route probes and speakers' sources. */
export interface SpeakersBehind {
    readonly router: string;
    readonly routeProbes: readonly string[];
    readonly sources: readonly string[];
    /** The speakers' announcements that attach communities, by source address. */
    readonly attached: ReadonlyArray<{ readonly source: string; readonly expectation: AttributeExpectation }>;
}

/** The other router's side of a router-to-router row: the routers behind it, the end's own, the end's detail probes. */
export interface FabricBehind {
    readonly behind: SpeakersBehind[];
    readonly own: SpeakersBehind | undefined;
    /** `show bgp … json detail` on the end, when a route from behind carries communities to compare. */
    readonly attributeProbes: string[];
}

/** The communities that keep a route from an eBGP router-to-router session (model/community.ts communityScope): value → name. */
const STOPPING: Readonly<Record<string, string>> = Object.fromEntries(
    (['no-export', 'no-advertise', 'local-as'] as const).map((name) => [WELL_KNOWN_COMMUNITIES[name], name])
);

/** The pool each fabric `accepts` entry (as the sessions table writes it) hands out, for "nothing to announce yet". */
export function fabricPools(model: TopologyModel): Map<string, string> {
    const pools = new Map<string, string>();
    for (const session of model.sessions) {
        for (const a of session.announcements) {
            if (a.origin === 'pool' && a.advertisement?.network) {
                pools.set(carriedText(a), a.advertisement.network.name);
            }
        }
    }
    return pools;
}

/**
 * The routers reached from `end` through `other` along eBGP router sessions (iBGP ones pass on routes only through
 * a reflector: left out) that have speaker sessions, `other` included; and `end`'s own speakers. Each router's route
 * tables are probed (`entries`: the row's route probes).
 */
export function speakersBehind(
    model: TopologyModel,
    session: RouterSession,
    end: ModelRouter,
    other: ModelRouter,
    entries: readonly Probe[],
    probe: ProbeAdder
): FabricBehind {
    const speakers = new Map<ModelRouter, string[]>();
    const attached = new Map<ModelRouter, SpeakersBehind['attached'][number][]>();
    for (const s of model.sessions) {
        if (s.source && !s.noPath && s.announcements.length > 0) {
            const source = s.source.address.text;
            speakers.set(s.router, [...(speakers.get(s.router) ?? []), source]);
            const carrying = s.announcements.filter((a) => a.communities.length > 0).map((a) => ({ source, expectation: announcementExpectation(a, false) }));
            attached.set(s.router, [...(attached.get(s.router) ?? []), ...carrying]);
        }
    }
    const reached = new Set<ModelRouter>();
    if (session.type === 'ebgp') {
        const queue = [other];
        reached.add(other);
        while (queue.length > 0) {
            const router = queue.shift()!;
            for (const next of model.routerSessions) {
                if (next.type !== 'ebgp' || next.noPath) {
                    continue;
                }
                const index = next.ends.findIndex((e) => e.router === router);
                const far = index < 0 ? undefined : next.ends[1 - index].router;
                if (far && far !== end && !reached.has(far)) {
                    reached.add(far);
                    queue.push(far);
                }
            }
        }
    }
    const of = (router: ModelRouter): SpeakersBehind => ({
        router: router.name,
        routeProbes: entries.map((entry) => probe(router, entry)),
        sources: speakers.get(router)!,
        attached: attached.get(router) ?? []
    });
    const behind = [...reached].filter((router) => speakers.has(router)).map(of);
    const families = entries.map((entry) => (entry.id.includes('ipv6') ? 6 : 4));
    const attributeProbes = behind.some((entry) => entry.attached.length > 0) ? families.map((family) => probe(end, DETAIL_PROBES[family])) : [];
    return { behind, own: speakers.has(end) ? of(end) : undefined, attributeProbes };
}

/** A route the speakers behind announce, as the routers they announce it to hold it. */
export interface RouteBehind {
    readonly prefix: string;
    /** The routers whose speakers announce it. */
    readonly routers: string[];
    /** Communities every path of it carries by its advertisements (standard values, large). */
    readonly communities: string[];
    readonly largeCommunities: string[];
    /** Advertisements whose communities it must carry, for messages. */
    readonly labels: string[];
    /** Every path carries `no-export`/`no-advertise`: the route stops there (the words, for messages). */
    readonly stopped?: string;
    /** Some paths stop and some do not: which one the router prefers decides; nothing is required. */
    readonly mixed: boolean;
}

interface PathBehind {
    readonly router: string;
    readonly producing: readonly AttributeExpectation[];
}

/** Each prefix the routers' speakers announce to them, as each router's tables show, inside what `permits` allows. */
function announcedTo(routers: readonly SpeakersBehind[], context: EvaluationContext, permits: (prefix: string) => boolean): Map<string, PathBehind[]> {
    const found = new Map<string, PathBehind[]>();
    for (const entry of routers) {
        for (const id of entry.routeProbes) {
            const routes = context.parsed(entry.router, id, parseBgpRoutes);
            for (const source of entry.sources) {
                for (const prefix of prefixesFromPeer(routes, source).filter(permits)) {
                    const shape = parsePrefix(prefix);
                    const producing = entry.attached
                        .filter((a) => a.source === source && shape && announcementPermits({ prefix: parsePrefix(a.expectation.prefix)!, exact: a.expectation.exact, lengths: a.expectation.lengths }, shape))
                        .map((a) => a.expectation);
                    found.set(prefix, [...(found.get(prefix) ?? []), { router: entry.router, producing }]);
                }
            }
        }
    }
    return found;
}

/** The routes behind that every path stops (`no-export` / `no-advertise`): they must not arrive. */
export function stoppedBehind(behind: readonly SpeakersBehind[], own: SpeakersBehind | undefined, context: EvaluationContext): Set<string> {
    return new Set(announcedBehind(behind, own, context, () => true).filter((route) => route.stopped).map((route) => route.prefix));
}

/** What the speakers behind announce that the end's own speakers do not: each route the end must (or must not) receive. */
function announcedBehind(
    behind: readonly SpeakersBehind[],
    own: SpeakersBehind | undefined,
    context: EvaluationContext,
    permits: (prefix: string) => boolean
): RouteBehind[] {
    const theirs = announcedTo(behind, context, permits);
    const ours = own ? announcedTo([own], context, permits) : new Map<string, PathBehind[]>();
    const result: RouteBehind[] = [];
    for (const [prefix, paths] of theirs) {
        if (ours.has(prefix) || !parsePrefix(prefix)) {
            continue;
        }
        const stops = paths.map((path) => [...new Set(path.producing.flatMap((e) => e.communities.filter((c) => STOPPING[c]).map((c) => STOPPING[c])))]);
        const common = (list: (e: AttributeExpectation) => readonly string[]): Set<string> =>
            paths.map((path) => new Set(path.producing.flatMap(list))).reduce((all, next) => new Set([...all].filter((c) => next.has(c))));
        const stoppedCount = stops.filter((words) => words.length > 0).length;
        result.push({
            prefix,
            routers: [...new Set(paths.map((path) => path.router))],
            communities: [...common((e) => e.communities)],
            largeCommunities: [...common((e) => e.largeCommunities)],
            labels: [...new Set(paths.flatMap((path) => path.producing.map((e) => e.label)))],
            ...(stoppedCount === paths.length ? { stopped: [...new Set(stops.flat())].join(', ') } : {}),
            mixed: stoppedCount > 0 && stoppedCount < paths.length
        });
    }
    return result;
}

/** The words for a list of prefixes grouped by the routers whose speakers announce them. */
function byRouters(routes: readonly RouteBehind[]): string {
    const groups = new Map<string, string[]>();
    for (const route of routes) {
        const key = route.routers.join(', ');
        groups.set(key, [...(groups.get(key) ?? []), route.prefix]);
    }
    return [...groups].map(([routers, prefixes]) => `${prefixes.join(', ')} (on ${routers})`).join('; ');
}

/**
 * Judges a router-to-router row's routes from the other router (`rule.node`, at `rule.source`) against what the
 * speakers behind it announce: each expected route present, each stopped one absent, communities kept.
 */
export function evaluateFabric(
    rule: { readonly router: string; readonly node: string; readonly source: string; readonly behind: readonly SpeakersBehind[]; readonly own?: SpeakersBehind; readonly attributeProbes?: readonly string[] },
    received: readonly string[],
    context: EvaluationContext,
    permits: (prefix: string) => boolean
): Evaluation | undefined {
    const expected = announcedBehind(rule.behind, rule.own, context, permits);
    const got = new Set(received);
    const missing = expected.filter((route) => !route.stopped && !route.mixed && !got.has(route.prefix));
    const leaked = expected.filter((route) => route.stopped && got.has(route.prefix));
    const problems: string[] = [];
    if (missing.length > 0) {
        problems.push(received.length === 0 ? `nothing received from ${rule.node}, though speakers behind it announce ${byRouters(missing)}` : `missing from ${rule.node}: ${byRouters(missing)}`);
    }
    for (const route of leaked) {
        problems.push(`${route.prefix} arrived from ${rule.node} though ${route.stopped} of ${route.labels.join(', ')} keeps it on ${route.routers.join(', ')}`);
    }
    const carrying = expected.filter((route) => !route.stopped && got.has(route.prefix) && route.communities.length + route.largeCommunities.length > 0);
    if (carrying.length > 0 && (rule.attributeProbes ?? []).length > 0) {
        const source = parseAddress(rule.source)?.text ?? rule.source;
        const paths = (rule.attributeProbes ?? []).flatMap((id) => context.parsed(rule.router, id, parseRouteAttributes)).filter((path) => path.peerId === source);
        for (const route of carrying) {
            const path = paths.find((candidate) => candidate.prefix === route.prefix);
            const lacks = [...route.communities.filter((c) => !path?.communities.includes(c)), ...route.largeCommunities.filter((c) => !path?.largeCommunities.includes(c))];
            if (path && lacks.length > 0) {
                problems.push(`${route.prefix} from ${rule.node} lacks ${lacks.join(', ')} of ${route.labels.join(', ')}`);
            }
        }
    }
    return problems.length > 0 ? { status: 'fail', message: problems.join('; ') } : undefined;
}
