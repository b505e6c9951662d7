/**
 * Whether something in the file originates what an ANNOUNCE item names at the router announcing it (LANGUAGE-V2 §4
 * `announce-unsourced`). Routes of the speakers reach the router they peer with and cross router-to-router sessions
 * (what routers carry between them, LANGUAGE-V2 §4), except those sent with `no-advertise`, which stay at the router
 * that received them. So, at router R:
 * - `pool NET` / `pod-network CLUSTER`: some speaker announces the pool (the cluster's pod routes) on a session to a
 *   router that reaches R over router-to-router sessions;
 * - `vip NAME`: a speaker announces it to a router that reaches R (a keepalived VIP R holds is no route FRR can
 *   announce: see announce-lowering.ts);
 * - `network NET`: R has an address on NET (a connected route);
 * - `loopback`: R has a loopback;
 * and, for `vip` and `network`, a router neighbor that announces the same item to R.
 */
import type { ModelAnnounce, ModelRouter, TopologyModel } from './topology-model.js';

/** Per model: each router's set of routers it exchanges the speakers' routes with (itself included). */
const reachCache = new WeakMap<TopologyModel, Map<ModelRouter, ReadonlySet<ModelRouter>>>();

/** Why nothing originates `item` at `router`, or undefined when something does. */
export function announceUnsourced(model: TopologyModel, router: ModelRouter, item: ModelAnnounce): string | undefined {
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
            if (!vip || learned(model, router, (origin, kind) => kind === 'vip' && origin === vip) || fromNeighbor(router, item)) {
                return undefined;
            }
            return `no speaker announces VIP ${vip.name} to a router whose routes reach router ${router.name}${vip.holders.some((holder) => holder.host === router) ? ` (a keepalived VIP it holds is on its interface with the network's length: no /32 route for bgpd to announce)` : ''}`;
        }
        case 'pool': {
            const pool = item.network;
            if (!pool || learned(model, router, (origin, kind) => kind === 'pool' && origin === pool)) {
                return undefined;
            }
            return `no speaker block advertises pool ${pool.name} to a router whose routes reach router ${router.name}`;
        }
        case 'pod-network': {
            const cluster = item.cluster;
            if (!cluster || learned(model, router, (origin, kind) => kind === 'pod-cidrs' && origin === cluster)) {
                return undefined;
            }
            return `no speaker of cluster ${cluster.name} advertises its pod routes to a router whose routes reach router ${router.name}`;
        }
    }
}

type Origin = NonNullable<ModelAnnounce['network'] | ModelAnnounce['vip'] | ModelAnnounce['cluster']>;

/** Some speaker session delivers an advertisement matching `wanted` to a router whose routes reach `router`. */
function learned(model: TopologyModel, router: ModelRouter, wanted: (origin: Origin | undefined, kind: string) => boolean): boolean {
    const reach = reachOf(model, router);
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
                const stays = announcement.communities.some((community) => community.wellKnown === 'no-advertise' || community.value === '65535:65282');
                return wanted(origin, advertisement.kind) && (!stays || session.router === router);
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

function reachOf(model: TopologyModel, router: ModelRouter): ReadonlySet<ModelRouter> {
    let byRouter = reachCache.get(model);
    if (!byRouter) {
        byRouter = new Map();
        reachCache.set(model, byRouter);
    }
    let reach = byRouter.get(router);
    if (!reach) {
        const seen = new Set<ModelRouter>([router]);
        const queue = [router];
        while (queue.length > 0) {
            const current = queue.shift()!;
            for (const session of current.routerSessions) {
                if (session.noPath) {
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
        byRouter.set(router, reach);
    }
    return reach;
}
