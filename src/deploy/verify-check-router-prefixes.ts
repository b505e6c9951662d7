/**
 * What one end of a router-to-router session (LANGUAGE-V2 §4) should receive from the other router: the routes the
 * speakers beyond it announce. Planned from the model (the routers reached through the other router over eBGP, each
 * with its speaker sessions), judged from their live tables: when the speakers beyond announce something the end's
 * own speakers do not, the end must receive something from the other router.
 */
import { type ModelRouter, type RouterSession, type TopologyModel } from '../model/index.js';
import { carriedText } from '../model/fabric-prefixes.js';
import { parsePrefix } from '../model/ip-address.js';
import type { EvaluationContext, ProbeAdder } from './verify-check-context.js';
import type { Probe } from './verify-probe-script.js';
import { parseBgpRoutes, prefixesFromPeer } from './verify-frr.js';

/** A router whose speakers' routes reach the end through the other router: its route probes and speakers' sources. */
export interface SpeakersBehind {
    readonly router: string;
    readonly routeProbes: readonly string[];
    readonly sources: readonly string[];
}

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
): { behind: SpeakersBehind[]; own: SpeakersBehind | undefined } {
    const speakers = new Map<ModelRouter, string[]>();
    for (const s of model.sessions) {
        if (s.source && !s.noPath && s.announcements.length > 0) {
            speakers.set(s.router, [...(speakers.get(s.router) ?? []), s.source.address.text]);
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
    const of = (router: ModelRouter): SpeakersBehind => ({ router: router.name, routeProbes: entries.map((entry) => probe(router, entry)), sources: speakers.get(router)! });
    return {
        behind: [...reached].filter((router) => speakers.has(router)).map(of),
        own: speakers.has(end) ? of(end) : undefined
    };
}

/** Prefixes the routers' speakers announce to them, as each router's tables show, inside what `permits` allows. */
function announcedTo(routers: readonly SpeakersBehind[], context: EvaluationContext, permits: (prefix: string) => boolean): Set<string> {
    const found = new Set<string>();
    for (const entry of routers) {
        for (const id of entry.routeProbes) {
            const routes = context.parsed(entry.router, id, parseBgpRoutes);
            entry.sources.flatMap((source) => prefixesFromPeer(routes, source)).filter(permits).forEach((prefix) => found.add(prefix));
        }
    }
    return found;
}

/** What the speakers behind announce that the end's own speakers do not: the end must receive some of it. */
export function announcedBehind(
    behind: readonly SpeakersBehind[],
    own: SpeakersBehind | undefined,
    context: EvaluationContext,
    permits: (prefix: string) => boolean
): string[] {
    const theirs = announcedTo(behind, context, permits);
    const ours = own ? announcedTo([own], context, permits) : new Set<string>();
    return [...theirs].filter((prefix) => !ours.has(prefix) && parsePrefix(prefix));
}
