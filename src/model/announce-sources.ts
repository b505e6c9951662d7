/**
 * Whether something in the file originates what an ANNOUNCE item names at the router announcing it (LANGUAGE-V2 §4
 * `announce-unsourced`). Routes of the speakers reach the router they peer with and cross router-to-router sessions
 * (what routers carry between them, LANGUAGE-V2 §4), except those sent with `no-advertise`, which stay at the router
 * that received them, and those sent with `no-export` (RFC 1997), which cross only iBGP sessions and are never sent
 * to an eBGP peer — unless the item is an `aggregate`, a route of the router's own. So, at router R:
 * - `pool NET` / `pod-network CLUSTER`: some speaker announces the pool (the cluster's pod routes) on a session to a
 *   router that reaches R over router-to-router sessions;
 * - `vip NAME`: a speaker announces it to a router that reaches R (a keepalived VIP R holds is no route FRR can
 *   announce: see announce-lowering.ts);
 * - `network NET`: R has an address on NET (a connected route);
 * - `loopback`: R has a loopback;
 * and, for `vip` and `network`, a router neighbor that announces the same item to R.
 */
import { communityScope } from './community.js';
import type { ModelAnnounce, ModelRouter, TopologyModel } from './topology-model.js';

/** Per model: each router's set of routers it exchanges the speakers' routes with (itself included), over any or iBGP sessions. */
const reachCache = new WeakMap<TopologyModel, Map<string, ReadonlySet<ModelRouter>>>();

/**
 * Why nothing originates `item` at `router`, or undefined when something does. `ebgp`: the item goes to an eBGP
 * peer (an upstream or router neighbor in another AS), where `no-export` routes are not sent.
 */
export function announceUnsourced(model: TopologyModel, router: ModelRouter, item: ModelAnnounce, ebgp = true): string | undefined {
    const toEbgp = ebgp && !item.aggregate;
    const learned = (wanted: Wanted) => learnedAt(model, router, wanted, toEbgp);
    /** The reason when only `no-export` routes of it arrive (or only where they may not go on). */
    const noExport = (wanted: Wanted, what: string) =>
        learnedAt(model, router, wanted, toEbgp, true)
            ? `${what} reaches router ${router.name} only with \`no-export\`, which ${toEbgp ? 'is never sent to an eBGP peer' : 'crosses no eBGP session'}`
            : undefined;
    switch (item.kind) {
        case 'loopback':
            return router.loopbacks.length > 0 ? undefined : `router ${router.name} has no \`loopback\``;
        case 'network': {
            const network = item.network;
            if (!network || router.addresses.some((entry) => entry.network === network) || fromNeighbor(router, item)) {
                return undefined;
            }
            return `router ${router.name} has no address on network ${network.name}, so it has no route to it`;
        }
        case 'vip': {
            const vip = item.vip;
            if (!vip || learned((origin, kind) => kind === 'vip' && origin === vip) || fromNeighbor(router, item)) {
                return undefined;
            }
            return `no speaker announces VIP ${vip.name} to a router whose routes reach router ${router.name}${vip.holders.some((holder) => holder.host === router) ? ` (a keepalived VIP it holds is on its interface with the network's length: no /32 route for bgpd to announce)` : ''}`;
        }
        case 'pool': {
            const pool = item.network;
            if (!pool || learned((origin, kind) => kind === 'pool' && origin === pool)) {
                return undefined;
            }
            const wanted: Wanted = (origin, kind) => kind === 'pool' && origin === pool;
            return noExport(wanted, `pool ${pool.name}`) ?? `no speaker block advertises pool ${pool.name} to a router whose routes reach router ${router.name}`;
        }
        case 'pod-network': {
            const cluster = item.cluster;
            if (!cluster || learned((origin, kind) => kind === 'pod-cidrs' && origin === cluster)) {
                return undefined;
            }
            const wanted: Wanted = (origin, kind) => kind === 'pod-cidrs' && origin === cluster;
            return noExport(wanted, `the pod routes of cluster ${cluster.name}`) ?? `no speaker of cluster ${cluster.name} advertises its pod routes to a router whose routes reach router ${router.name}`;
        }
    }
}

type Origin = NonNullable<ModelAnnounce['network'] | ModelAnnounce['vip'] | ModelAnnounce['cluster']>;
type Wanted = (origin: Origin | undefined, kind: string) => boolean;

/**
 * Some speaker session delivers an advertisement matching `wanted` to a router whose routes reach `router`, and
 * `router` may pass it on (`toEbgp`: to an eBGP peer, which a `no-export` route never goes to). `ignoreNoExport`:
 * as if `no-export` routes went everywhere (to tell that apart in the message).
 */
function learnedAt(model: TopologyModel, router: ModelRouter, wanted: Wanted, toEbgp: boolean, ignoreNoExport = false): boolean {
    const reach = reachOf(model, router, false);
    const ibgpReach = reachOf(model, router, true);
    return model.sessions.some(
        (session) =>
            !session.noPath &&
            reach.has(session.router) &&
            session.announcements.some((announcement) => {
                const advertisement = announcement.advertisement;
                if (!advertisement) {
                    return false;
                }
                const origin = advertisement.kind === 'pod-cidrs' ? advertisement.speaker.cluster : (advertisement.network ?? advertisement.vip);
                if (!wanted(origin, advertisement.kind)) {
                    return false;
                }
                const scope = communityScope(announcement.communities);
                if (scope === 'here') {
                    return session.router === router;
                }
                return ignoreNoExport || scope === 'anywhere' || (!toEbgp && ibgpReach.has(session.router));
            })
    );
}

/** A router with a session to `router` announces the same item to it (`neighbor ROUTER { announce … }`). */
function fromNeighbor(router: ModelRouter, item: ModelAnnounce): boolean {
    return router.routerSessions.some((session) =>
        session.ends.some(
            (end) =>
                end.router !== router &&
                end.declaration?.peer === router &&
                end.declaration.announce.some((other) => other.kind === item.kind && other.network === item.network && other.vip === item.vip)
        )
    );
}

/** The routers `router` exchanges routes with over router-to-router sessions (`ibgpOnly`: over iBGP ones only). */
function reachOf(model: TopologyModel, router: ModelRouter, ibgpOnly: boolean): ReadonlySet<ModelRouter> {
    let byRouter = reachCache.get(model);
    if (!byRouter) {
        byRouter = new Map();
        reachCache.set(model, byRouter);
    }
    const key = `${model.routers.indexOf(router)}|${ibgpOnly}`;
    let reach = byRouter.get(key);
    if (!reach) {
        const seen = new Set<ModelRouter>([router]);
        const queue = [router];
        while (queue.length > 0) {
            const current = queue.shift()!;
            for (const session of current.routerSessions) {
                if (session.noPath || (ibgpOnly && session.type !== 'ibgp')) {
                    continue;
                }
                for (const end of session.ends) {
                    if (!seen.has(end.router)) {
                        seen.add(end.router);
                        queue.push(end.router);
                    }
                }
            }
        }
        reach = seen;
        byRouter.set(key, reach);
    }
    return reach;
}
