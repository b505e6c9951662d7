/**
 * FRR 8.4 for each router: /etc/frr/frr.conf and /etc/frr/daemons.
 *
 * Peering (LANGUAGE.md "Peering semantics"; FACTS §1):
 * - A router without `neighbor` lines gets one peer-group per speaker block, with a `bgp listen range` of
 *   the /32 (/128) of every session source address. Decision: exact host ranges, not the covering network,
 *   because (a) two speakers whose sources share a network (kube-vip from address 2, Cilium from address 1,
 *   both in `fabric`) would get the same range and FRR puts a source in one peer-group only; (b) only the
 *   nodes the model names can open a session, so the verifier's expectation and the router agree; (c) the
 *   router stays passive (dynamic neighbors are never dialled) and every speaker dials out.
 *   `bgp listen limit` is raised above FRR's default of 100 when more dynamic neighbors are expected.
 * - A router with `neighbor` lines gets exactly those: a NODE line becomes an explicit (passive) neighbor per
 *   derived session of that node, a PREFIX line a peer-group with that listen range.
 * - Every peer gets an inbound route-map accepting exactly what its speaker(s) may announce (an exact prefix,
 *   `ge 32/128` for a pool's host routes, `le 32/128` for a pod network) and the shared deny-all outbound route-map: FRR's RFC 8212
 *   default with `frr defaults traditional` drops everything on an eBGP session without both.
 * - Every speaker peer keeps its received routes before the policy (`soft-reconfiguration inbound`, per family):
 *   a route the policy refuses stays visible in `show bgp … neighbors X received-routes` for verify. It costs one
 *   copy of what the speakers send (their few prefixes), not of the router's table.
 * - Router-to-router sessions carry exactly what routers carry, in both directions (`RM-FABRIC`; `RM-FABRIC-IBGP` on
 *   iBGP ones when some route is sent with `no-export`, which crosses only those); a `neighbor ROUTER { announce … }`
 *   adds its items on that session (`RM-RTR-<peer>-OUT` on the declaring router, `RM-RTR-<peer>-IN` on the other). An
 *   upstream gets exactly its `announce` items (`RM-UP-<addr>-OUT`) and gives exactly its `accept` (`RM-UP-<addr>-IN`),
 *   else `RM-DENY-ALL`. Connected items are originated by `network`, aggregated pools by `aggregate-address` (without
 *   `summary-only`: the export lists keep the more-specifics from the upstream, not from the fabric).
 *
 * This file assembles one router's frr.conf view (peers, policies, address families, multipath, BFD profiles, listen
 * ranges) and renders frr.conf and daemons. By concern: the view shapes in frr-views.ts; the speaker peer-groups and
 * `neighbor` lines in frr-speaker-peers.ts; router-to-router and upstream peers in frr-line-peers.ts; prefix-lists,
 * route-maps and originations in frr-policies.ts; per-peer options (BFD, timers, password) in frr-peer-options.ts;
 * graceful restart across peers in frr-graceful-restart.ts.
 */
import { announcementMatch, type BgpSession, type ModelRouter, type TopologyModel } from '../model/index.js';
import { fabricPrefixes, type CarriedPrefix } from '../model/fabric-prefixes.js';
import { hostPrefix } from '../model/ip-address.js';
import { helpersFirst, peerGracefulRestart, withRestartHelper } from './frr-graceful-restart.js';
import { routerPeers, upstreamPeers } from './frr-line-peers.js';
import { bfdProfileOf, lineOptions } from './frr-peer-options.js';
import { DENY_ALL, FABRIC, familyLists, linePolicy, originations, prefixList, uniquePrefixes } from './frr-policies.js';
import { neighborPeers, speakerPeers } from './frr-speaker-peers.js';
import type { AddressFamilyView, BfdProfileView, Peer, PrefixListView, RouteMapView } from './frr-views.js';
import { headerLines, originOf } from './render-header.js';
import { frrWord, seconds } from './render-names.js';
import { RenderError, type RenderContext, type RenderedFile } from './render-types.js';

const DEFAULT_MAXIMUM_PATHS = 16;
const FRR_DEFAULT_LISTEN_LIMIT = 100;

export function renderFrr(model: TopologyModel, context: RenderContext, include: (router: ModelRouter) => boolean): RenderedFile[] {
    const files: RenderedFile[] = [];
    for (const router of model.routers) {
        if (!include(router)) {
            continue;
        }
        const origin = originOf(`router ${router.name}`, router.ast);
        const peers = [
            ...(router.neighbors.length > 0 ? neighborPeers(router, context) : speakerPeers(router, context)),
            ...routerPeers(router, context),
            ...upstreamPeers(router, context)
        ];
        files.push({
            host: router.name,
            kind: 'frr',
            path: '/etc/frr/frr.conf',
            content: context.renderTemplate('frr/frr.conf.njk', frrView(router, peers, fabricPrefixes(model)), `${router.name}:/etc/frr/frr.conf`),
            origin
        });
    }
    return files;
}

export function renderFrrDaemons(model: TopologyModel, context: RenderContext, include: (router: ModelRouter) => boolean): RenderedFile[] {
    return model.routers.filter(include).map((router) => {
        const origin = originOf(`router ${router.name}`, router.ast);
        return {
            host: router.name,
            kind: 'frr-daemons' as const,
            path: '/etc/frr/daemons',
            content: context.renderTemplate('frr/daemons.njk', {
                header: headerLines('#', [origin]),
                bfdd: usesBfd(router),
                listenPort: router.listenPort !== undefined && router.listenPort !== 179 ? router.listenPort : undefined
            }, `${router.name}:/etc/frr/daemons`),
            origin
        };
    });
}

/** BFD is on for the router (`bfd`) or requested by a speaker that peers with it. */
function usesBfd(router: ModelRouter): boolean {
    return router.bfd || router.sessions.some((session) => session.options.bfd !== undefined) || lineOptions(router).some((options) => options.bfd !== undefined);
}


function frrView(router: ModelRouter, peers: Peer[], fabric: CarriedPrefix[]): object {
    const origin = originOf(`router ${router.name}`, router.ast);
    if (router.asn === undefined) {
        throw new RenderError('the router has no valid `asn`', origin);
    }
    const prefixLists: PrefixListView[] = [];
    const routeMaps: RouteMapView[] = [];
    const families = new Map<4 | 6, AddressFamilyView>();
    const familyView = (family: 4 | 6): AddressFamilyView => {
        let view = families.get(family);
        if (!view) {
            view = { afi: family === 4 ? 'ipv4' : 'ipv6', activate: [], policies: [], settings: [], networks: [], aggregates: [] };
            families.set(family, view);
        }
        return view;
    };
    familyView(4);
    // The policies of what routers carry, only on a router with router-to-router sessions: `FABRIC` on eBGP ones,
    // `FABRIC-IBGP` (with the `no-export` routes) on iBGP ones when some route crosses only those.
    const withNoExport = fabric.some((entry) => entry.ibgpOnly);
    const fabricPolicies = new Map<boolean, { lists: string[]; map: string }>();
    for (const wide of [false, true]) {
        if (peers.some((peer) => peer.line?.policy === 'fabric' && (peer.line.ibgp && withNoExport) === wide)) {
            const base = wide ? frrWord(FABRIC, 'IBGP') : FABRIC;
            const lists = familyLists(frrWord('PL', base), 'IN', fabric.filter((entry) => wide || !entry.ibgpOnly), prefixLists);
            const map = lists.length > 0 ? frrWord('RM', base) : DENY_ALL;
            lists.forEach((match, index) => routeMaps.push({ name: map, action: 'permit', seq: (index + 1) * 10, match }));
            fabricPolicies.set(wide, { lists, map });
        }
    }
    originations(router, familyView);
    for (const peer of peers) {
        if (peer.line) {
            const line = peer.line;
            if (!line.families.includes(4)) {
                // `bgp default ipv4-unicast` activates every neighbor in IPv4 too: an IPv6-only session carries nothing there.
                familyView(4).policies.push({ peer: peer.view.name, routeMapIn: DENY_ALL, routeMapOut: DENY_ALL });
            }
            const carried = line.policy === 'fabric' ? fabricPolicies.get(line.ibgp && withNoExport) : undefined;
            const base = carried?.lists ?? [];
            const routeMapIn = linePolicy(peer.view.name, 'IN', base, line.takes, prefixLists, routeMaps) ?? carried?.map ?? DENY_ALL;
            const routeMapOut = linePolicy(peer.view.name, 'OUT', base, line.sends, prefixLists, routeMaps) ?? carried?.map ?? DENY_ALL;
            for (const family of line.families) {
                const af = familyView(family);
                if (family === 6) {
                    af.activate.push(peer.view.name);
                }
                af.policies.push({ peer: peer.view.name, routeMapIn, routeMapOut });
                if (line.ibgp && router.routeReflector) {
                    af.settings.push({ peer: peer.view.name, option: 'route-reflector-client' });
                }
                if (line.nextHopSelf) {
                    af.settings.push({ peer: peer.view.name, option: 'next-hop-self' });
                }
            }
            continue;
        }
        const announced = uniquePrefixes(peer.sessions);
        const needsV6 = announced.some((a) => a.prefix.family === 6) || peer.sessions.some((s) => s.source?.address.family === 6);
        for (const family of needsV6 ? ([4, 6] as const) : ([4] as const)) {
            const own = announced.filter((a) => a.prefix.family === family);
            let routeMapIn = DENY_ALL;
            if (own.length > 0) {
                const suffix = family === 4 ? 'IN' : 'IN6';
                const listName = frrWord('PL', peer.policy, suffix);
                routeMapIn = frrWord('RM', peer.policy, suffix);
                prefixLists.push(prefixList(listName, family, own.map(announcementMatch)));
                routeMaps.push({
                    name: routeMapIn,
                    action: 'permit',
                    seq: 10,
                    match: `${family === 4 ? 'ip' : 'ipv6'} address prefix-list ${listName}`
                });
            }
            const af = familyView(family);
            if (family === 6) {
                af.activate.push(peer.view.name);
            }
            // A route reflector sends its iBGP speaker clients what the group announces: they learn each other's routes.
            const reflects = router.routeReflector !== undefined && peer.sessions.some((session) => session.type === 'ibgp');
            af.policies.push({ peer: peer.view.name, routeMapIn, routeMapOut: reflects ? routeMapIn : DENY_ALL });
            // Keeps what the speakers send before the import policy (Adj-RIB-In): `show bgp … neighbors X
            // received-routes` shows, and verify names, a route the policy refused (FACTS-V2; issue 17).
            af.settings.push({ peer: peer.view.name, option: 'soft-reconfiguration inbound' });
            if (reflects) {
                af.settings.push({ peer: peer.view.name, option: 'route-reflector-client' });
            }
        }
    }
    routeMaps.push({ name: DENY_ALL, action: 'deny', seq: 10, match: '' });
    const sessions = peers.flatMap((peer) => peer.sessions);
    const maximumPaths = router.maximumPaths ?? (sharedPrefix(sessions) ? DEFAULT_MAXIMUM_PATHS : undefined);
    // iBGP multipath has its own knob: `maximum-paths ibgp N` wherever iBGP sessions exist (LANGUAGE-V2 §4, §10).
    const ibgp = sessions.some((session) => session.type === 'ibgp') || peers.some((peer) => peer.line?.ibgp);
    const maximumPathsIbgp = maximumPaths !== undefined && ibgp ? maximumPaths : undefined;
    for (const af of families.values()) {
        (af as { maximumPaths?: number }).maximumPaths = maximumPaths;
        (af as { maximumPathsIbgp?: number }).maximumPathsIbgp = maximumPathsIbgp;
    }
    const ebgpAsns = new Set(sessions.filter((s) => s.type === 'ebgp').map((s) => s.speakerAsn));
    const bfdProfiles = new Map<string, BfdProfileView>();
    for (const options of [...sessions.map((session) => session.options), ...lineOptions(router), ...(router.bfdProfile ? [{ bfd: router.bfdProfile }] : [])]) {
        const profile = bfdProfileOf(options);
        if (profile) {
            bfdProfiles.set(profile.name, profile);
        }
    }
    const dynamicNeighbors = peers.reduce((sum, peer) => sum + (peer.ranges.length > 0 ? peer.sessions.length : 0), 0);
    const impliedRestart = router.gracefulRestart === undefined && peerGracefulRestart(peers);
    return {
        header: headerLines('!', [origin]),
        hostname: router.name,
        asn: router.asn,
        routerId: router.routerId?.family === 4 ? router.routerId.text : undefined,
        loopbacks: router.loopbacks.map((entry) => ({ family: entry.address.family === 4 ? 'ip' : 'ipv6', prefix: hostPrefix(entry.address).text })),
        clusterId: router.routeReflector?.clusterId?.text,
        gracefulRestart: router.gracefulRestart !== undefined || impliedRestart,
        restartTime: router.gracefulRestart?.restartTimeMs !== undefined ? seconds(router.gracefulRestart.restartTimeMs) : undefined,
        prefixLists,
        routeMaps,
        bfdProfiles: [...bfdProfiles.values()],
        multipathRelax: ebgpAsns.size > 1,
        peers: impliedRestart ? helpersFirst(peers.map((peer) => withRestartHelper(peer.view))) : peers.map((peer) => peer.view),
        listenRanges: peers.flatMap((peer) => peer.ranges.map((range) => ({ range, group: peer.view.name }))),
        listenLimit: dynamicNeighbors > FRR_DEFAULT_LISTEN_LIMIT ? Math.min(dynamicNeighbors, 65535) : undefined,
        addressFamilies: [...families.entries()].sort((a, b) => a[0] - b[0]).map(([, view]) => view)
    };
}

/** Some prefix may be announced from two different nodes: ECMP is wanted. */
function sharedPrefix(sessions: BgpSession[]): boolean {
    const nodesByPrefix = new Map<string, Set<string>>();
    for (const session of sessions) {
        for (const announcement of session.announcements) {
            const nodes = nodesByPrefix.get(announcement.prefix.text) ?? new Set<string>();
            nodes.add(session.node.name);
            nodesByPrefix.set(announcement.prefix.text, nodes);
            if (nodes.size > 1) {
                return true;
            }
        }
    }
    return false;
}
