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
 */
import { announcementMatch, type Announcement, type BgpSession, type ModelNeighbor, type ModelPeerGroup, type ModelPeerOptions, type ModelRouter, type ModelSessionOptions, type TopologyModel } from '../model/index.js';
import {
    carriedText,
    fabricPrefixes,
    routerSessionAnnounced,
    upstreamExports,
    upstreamImports,
    type CarriedPrefix
} from '../model/fabric-prefixes.js';
import { familyBits, hostPrefix, prefixContains } from '../model/ip-address.js';
import { headerLines, originOf } from './render-header.js';
import { frrWord, seconds, timerSeconds } from './render-names.js';
import { linePassword, speakerPassword } from './render-secrets.js';
import { RenderError, type RenderContext, type RenderedFile } from './render-types.js';

const DENY_ALL = 'RM-DENY-ALL';
/** What routers of the file carry between them (LANGUAGE-V2 §4): the speakers' prefixes, the loopbacks, accepted upstream routes. */
const FABRIC = 'FABRIC';
/** FRR's multihop TTL when a speaker (Calico) is always multihop and names none. */
const ANY_TTL = 255;
const DEFAULT_MAXIMUM_PATHS = 16;
const FRR_DEFAULT_LISTEN_LIMIT = 100;

interface PrefixListView {
    readonly name: string;
    /** `ip` or `ipv6`. */
    readonly family: string;
    readonly entries: { seq: number; rule: string }[];
}

interface RouteMapView {
    readonly name: string;
    readonly action: 'permit' | 'deny';
    readonly seq: number;
    /** e.g. `ip address prefix-list PL-X-IN`; empty for a route-map without match. */
    readonly match: string;
}

interface PeerView {
    /** Peer-group name or neighbor address. */
    readonly name: string;
    readonly isGroup: boolean;
    readonly remoteAs: string;
    readonly description: string;
    readonly passive: boolean;
    readonly password?: string;
    /** Shown instead of the password in a preview whose secret is not resolved. */
    readonly passwordComment?: string;
    readonly bfd: boolean;
    /** `bfd profile NAME` when the group sets BFD timers. */
    readonly bfdProfile?: string;
    readonly timers?: string;
    /** `timers connect N`. */
    readonly connectRetry?: number;
    readonly multihop?: number;
    readonly gracefulRestart?: boolean;
    /**
     * `neighbor NAME graceful-restart-helper` (NAME: the member of a peer-group of one, or the neighbor itself): the
     * peer keeps FRR's default helper mode when the router's global `bgp graceful-restart` is rendered only for a
     * speaker group's dynamic neighbors (see {@link peerGracefulRestart}).
     */
    readonly gracefulRestartHelper?: string;
    /** `update-source`: the router's loopback for `to loopback` groups. */
    readonly updateSource?: string;
    /** `capability extended-nexthop`: IPv4 routes over an IPv6 session (`families … over ipv6`). */
    readonly extendedNexthop?: boolean;
    /**
     * The one neighbor of a router-to-router or upstream peer-group (LANGUAGE-V2 §4): its address, or its interface
     * for BGP unnumbered (`neighbor IFNAME interface peer-group G`). Such a session is a peer-group of one because
     * FRR 8.4 takes `graceful-restart` on a peer-group even offline (bgpd -C), where on a single neighbor it needs zebra.
     */
    readonly member?: { readonly name: string; readonly interface: boolean };
    /** `neighbor X port N`: the peer router's `listen-port` when not 179. */
    readonly port?: number;
}

interface BfdProfileView {
    readonly name: string;
    readonly receive?: number;
    readonly transmit?: number;
    readonly multiplier?: number;
}

interface AddressFamilyView {
    /** `ipv4` or `ipv6`. */
    readonly afi: string;
    /** Peers that need an explicit `activate` (IPv6: not on by default). */
    readonly activate: string[];
    readonly policies: { peer: string; routeMapIn: string; routeMapOut: string }[];
    /** Per-family peer settings: `route-reflector-client`, `next-hop-self`, `soft-reconfiguration inbound`. */
    readonly settings: { peer: string; option: string }[];
    readonly maximumPaths?: number;
    /** `maximum-paths ibgp N` when the router has iBGP sessions (LANGUAGE-V2 §4, §10). */
    readonly maximumPathsIbgp?: number;
    /** `network P`: connected prefixes the router announces (`announce network NET` / `loopback`). */
    readonly networks: string[];
    /** `aggregate-address P`: pools announced with `aggregate`. */
    readonly aggregates: string[];
}

/** One peer of the router (a peer-group or an explicit neighbor) and the sessions it accepts. */
interface Peer {
    readonly view: PeerView;
    /** Base of its prefix-list and route-map names. */
    readonly policy: string;
    readonly sessions: BgpSession[];
    /** Listen ranges for a peer-group. */
    readonly ranges: string[];
    /**
     * A router-to-router or upstream peer (LANGUAGE-V2 §4): the families it is activated in, its policy (`fabric`:
     * what routers carry, plus `sends` / `takes` on this session; `upstream`: exactly `sends` out and `takes` in),
     * and its per-family settings.
     */
    readonly line?: {
        readonly families: (4 | 6)[];
        readonly policy: 'fabric' | 'upstream';
        readonly sends: CarriedPrefix[];
        readonly takes: CarriedPrefix[];
        readonly ibgp: boolean;
        readonly nextHopSelf: boolean;
    };
}

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
export function usesBfd(router: ModelRouter): boolean {
    return router.bfd || router.sessions.some((session) => session.options.bfd !== undefined) || lineOptions(router).some((options) => options.bfd !== undefined);
}

/** The options of the router's own sessions: with other routers (either side's line) and upstreams. */
function lineOptions(router: ModelRouter): ModelSessionOptions[] {
    return [...router.routerSessions.map((session) => session.options), ...router.upstreams.map((upstream) => upstream.options)];
}

/** The BFD profile of a group's `bfd { … }` (FRR `bfd` / `profile NAME`), or undefined for `bfd` alone. */
export function bfdProfileOf(options: Pick<ModelPeerOptions, 'bfd'>): BfdProfileView | undefined {
    const bfd = options.bfd;
    if (!bfd || (bfd.receiveMs === undefined && bfd.transmitMs === undefined && bfd.multiplier === undefined)) {
        return undefined;
    }
    const name = frrWord('bfd', String(bfd.receiveMs ?? 'd'), String(bfd.transmitMs ?? 'd'), String(bfd.multiplier ?? 'd'));
    return { name, receive: bfd.receiveMs, transmit: bfd.transmitMs, multiplier: bfd.multiplier };
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

/**
 * A peer of the router asks for graceful restart. FRR 8.4 applies a peer-group's `graceful-restart` neither to its
 * dynamic (listen-range) neighbors nor to its named members: they stay in the router's global mode, Helper, and the
 * router never restarts gracefully towards them (seen in a lab: `localGrMode` "Helper*" for a listen-range speaker,
 * "Helper" for the member of a router neighbor's peer-group of one). The router's global `bgp graceful-restart`
 * puts them in Restart mode; the router's named neighbors that ask for no graceful restart keep helper mode by their
 * own `graceful-restart-helper` (test/lab-sessions/lab-graceful-restart.test.ts reads both back).
 */
function peerGracefulRestart(peers: readonly Peer[]): boolean {
    return peers.some((peer) => peer.view.gracefulRestart === true && (peer.ranges.length === 0 || peer.sessions.length > 0));
}

/**
 * Helper mode for a peer that does not ask for graceful restart, on the neighbor itself: FRR 8.4 ignores a
 * peer-group's graceful-restart settings for its members (lab: `neighbor GROUP graceful-restart-helper` left the
 * member "Restart*", `neighbor MEMBER graceful-restart-helper` made it "Helper"). A dynamic neighbor has no name to
 * set it on: a speaker group without graceful restart runs in Restart mode then, which only tells its speakers to
 * keep routes the router sends them (none, but reflected ones).
 */
function withRestartHelper(view: PeerView): PeerView {
    if (view.gracefulRestart) {
        // A router / upstream peer-group asking for it is in Restart mode by the global setting; its own line, which
        // FRR 8.4 ignores for the member, bgpd refuses next to the global one ("Warning Config Failed").
        return view.member ? { ...view, gracefulRestart: undefined } : view;
    }
    const name = view.member?.name ?? (view.isGroup ? undefined : view.name);
    return name ? { ...view, gracefulRestartHelper: name } : view;
}

/**
 * The peers whose member sets `graceful-restart-helper` come before the others. FRR 8.4 refuses a neighbor's own
 * graceful-restart command ("% Invalid value", the line lost) once a named neighbor that follows the global mode is
 * configured before it (bgpd -C on the router-fabric corpus: a helper line after such a neighbor failed; before it,
 * accepted).
 */
function helpersFirst(views: readonly PeerView[]): PeerView[] {
    return [...views.filter((view) => view.gracefulRestartHelper !== undefined), ...views.filter((view) => view.gracefulRestartHelper === undefined)];
}

/** One peer-group per peer group of a speaker block with sessions to this router (v1: one per block). */
function speakerPeers(router: ModelRouter, context: RenderContext): Peer[] {
    const byGroup = new Map<ModelPeerGroup, BgpSession[]>();
    for (const session of router.sessions) {
        const list = byGroup.get(session.group) ?? [];
        list.push(session);
        byGroup.set(session.group, list);
    }
    const used = new Set<string>();
    const peers: Peer[] = [];
    for (const [group, sessions] of byGroup) {
        const speaker = group.speaker;
        const base = speaker.groups.length > 1 ? frrWord(speaker.cluster.name, speaker.kind, `g${group.index + 1}`) : frrWord(speaker.cluster.name, speaker.kind);
        let name = base;
        for (let n = 2; used.has(name); n++) {
            name = `${base}-${n}`;
        }
        used.add(name);
        const origin = originOf(`${speaker.kind} speaker of cluster ${speaker.cluster.name}`, group.ast ?? speaker.ast);
        if (group.options.asn === undefined) {
            throw new RenderError('the speaker has no valid `asn`', origin);
        }
        const ranges = [...new Set(sessions.flatMap((s) => (s.source ? [`${s.source.address.text}/${familyBits(s.source.address.family)}`] : [])))];
        const what = speaker.groups.length > 1 ? `${speaker.kind} of cluster ${speaker.cluster.name}, group ${group.index + 1}` : `${speaker.kind} of cluster ${speaker.cluster.name}`;
        peers.push({
            view: peerView(name, true, String(group.options.asn), what, sessions, router, context),
            policy: name,
            sessions,
            ranges
        });
    }
    return peers;
}

/** The router's own `neighbor` lines. */
function neighborPeers(router: ModelRouter, context: RenderContext): Peer[] {
    const peers: Peer[] = [];
    for (const neighbor of router.neighbors) {
        const origin = originOf(`neighbor of router ${router.name}`, neighbor.ast);
        if (neighbor.remoteAs === undefined) {
            throw new RenderError('the neighbor has no valid `remote-as`', origin);
        }
        const remoteAs = String(neighbor.remoteAs);
        if (neighbor.node) {
            const node = neighbor.node;
            const sessions = router.sessions.filter((s) => s.node === node && asnMatches(neighbor, s));
            if (sessions.length === 0) {
                // Half-open (the validator says so): accept nothing, send nothing.
                const address = node.addresses[0]?.address.text;
                if (!address) {
                    throw new RenderError(`node ${node.name} has no address`, origin);
                }
                peers.push({
                    view: peerView(address, false, remoteAs, `node ${node.name}`, [], router, context),
                    policy: frrWord(node.name),
                    sessions: [],
                    ranges: []
                });
                continue;
            }
            for (const session of sessions) {
                if (!session.source) {
                    throw new RenderError(`node ${node.name} has no source address for ${session.speaker.kind}`, origin);
                }
                const description = `${session.speaker.kind} on node ${node.name}`;
                peers.push({
                    view: peerView(session.source.address.text, false, remoteAs, description, [session], router, context),
                    policy: frrWord(node.name, session.speaker.kind),
                    sessions: [session],
                    ranges: []
                });
            }
        } else if (neighbor.prefix) {
            const prefix = neighbor.prefix;
            const sessions = router.sessions.filter((s) => s.source && prefixContains(prefix, s.source.address) && asnMatches(neighbor, s));
            const name = frrWord('range', prefix.text.replace(/[/:.]/g, '-'));
            peers.push({
                view: peerView(name, true, remoteAs, `speakers in ${prefix.text}`, sessions, router, context),
                policy: name,
                sessions,
                ranges: [prefix.text]
            });
        }
    }
    return peers;
}

function asnMatches(neighbor: ModelNeighbor, session: BgpSession): boolean {
    if (typeof neighbor.remoteAs === 'number') {
        return session.speakerAsn === neighbor.remoteAs;
    }
    return neighbor.remoteAs === 'internal' ? session.type === 'ibgp' : session.type !== 'ibgp';
}

/** A peer's options come from the group of its (first) session: one peer-group per group, one option set. */
function peerView(
    name: string,
    isGroup: boolean,
    remoteAs: string,
    description: string,
    sessions: BgpSession[],
    router: ModelRouter,
    context: RenderContext
): PeerView {
    const first = sessions[0];
    const options = first?.options;
    const ebgp = first !== undefined && first.type !== 'ibgp';
    const view: PeerView = {
        name,
        isGroup,
        remoteAs,
        description,
        passive: !isGroup,
        bfd: router.bfd || options?.bfd !== undefined,
        // The group's profile, else the router's own `bfd { … }` (LANGUAGE-V2 §13).
        bfdProfile: (options ? bfdProfileOf(options)?.name : undefined) ?? (router.bfdProfile ? bfdProfileOf({ bfd: router.bfdProfile })?.name : undefined),
        timers: options ? timers(options) : undefined,
        connectRetry: options?.connectRetryMs !== undefined ? seconds(options.connectRetryMs) : undefined,
        // Calico is always multihop (FACTS-V2 §3): its sessions off the link need the router's TTL raised too.
        multihop: ebgp ? (first.multihop ?? (first.speaker.kind === 'calico-bgp' && !first.singleHop ? ANY_TTL : undefined)) : undefined,
        gracefulRestart: options?.gracefulRestart !== undefined || undefined,
        updateSource: first?.toLoopback ? first.destination?.address.text : undefined,
        extendedNexthop: sessions.some((session) => session.family === 6 && session.carries.includes(4)) || undefined
    };
    if (!first) {
        return view;
    }
    return withPassword(view, speakerPassword(first.speaker, context, options));
}

function timers(options: Pick<ModelPeerOptions, 'holdMs' | 'keepaliveMs'>): string | undefined {
    if (options.holdMs === undefined && options.keepaliveMs === undefined) {
        return undefined;
    }
    const hold = options.holdMs !== undefined ? timerSeconds(options.holdMs) : timerSeconds(options.keepaliveMs!) * 3;
    const keepalive = options.keepaliveMs !== undefined ? timerSeconds(options.keepaliveMs) : hold === 0 ? 0 : Math.max(1, Math.floor(hold / 3));
    return `${keepalive} ${hold}`;
}

/** The announcements of all sessions, each prefix once (first occurrence wins), in session order. */
function uniquePrefixes(sessions: BgpSession[]): Announcement[] {
    const seen = new Map<string, Announcement>();
    for (const session of sessions) {
        for (const announcement of session.announcements) {
            const key = announcementMatch(announcement);
            if (!seen.has(key)) {
                seen.set(key, announcement);
            }
        }
    }
    return [...seen.values()];
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

/** A prefix-list permitting each prefix exactly, or it and anything more specific. */
/** A prefix list permitting each match (`PREFIX`, `PREFIX le N`, `PREFIX ge N`…) in order. */
function prefixList(name: string, family: 4 | 6, matches: readonly string[]): PrefixListView {
    return {
        name,
        family: family === 4 ? 'ip' : 'ipv6',
        entries: matches.map((match, index) => ({ seq: (index + 1) * 10, rule: `permit ${match}` }))
    };
}

/** One prefix list per family of `entries` (`BASE-SUFFIX`, `BASE-SUFFIX6`), returned as route-map matches. */
function familyLists(base: string, suffix: string, entries: readonly CarriedPrefix[], prefixLists: PrefixListView[]): string[] {
    const matches: string[] = [];
    for (const family of [4, 6] as const) {
        const own = entries.filter((entry) => entry.prefix.family === family);
        if (own.length === 0) {
            continue;
        }
        const listName = frrWord(base, family === 4 ? suffix : `${suffix}6`);
        prefixLists.push(prefixList(listName, family, own.map(carriedText)));
        matches.push(`${family === 4 ? 'ip' : 'ipv6'} address prefix-list ${listName}`);
    }
    return matches;
}

/**
 * The route-map of one direction of a router-to-router or upstream session when it differs from the fabric's: the
 * `base` matches (what routers carry, none for an upstream), then the session's own prefixes. Undefined when the
 * session adds nothing (the caller uses the fabric's map, or DENY_ALL).
 */
function linePolicy(peer: string, direction: 'IN' | 'OUT', base: string[], own: readonly CarriedPrefix[], prefixLists: PrefixListView[], routeMaps: RouteMapView[]): string | undefined {
    if (own.length === 0) {
        return undefined;
    }
    const name = frrWord('RM', peer, direction);
    const matches = [...base, ...familyLists(frrWord('PL', peer), direction, own, prefixLists)];
    matches.forEach((match, index) => routeMaps.push({ name, action: 'permit', seq: (index + 1) * 10, match }));
    return name;
}

/**
 * What the router originates for its `announce` items (LANGUAGE-V2 §4): `network P` for its connected prefixes (a
 * network it is on, its loopback; bgpd's import check announces them while the route is in its RIB) and
 * `aggregate-address P` for aggregated pools (FACTS-V2 §5: in the address-family of P; it exists while a more
 * specific route is in the BGP table). Not `summary-only`: that would withhold P's more-specifics from every peer of
 * the router, the fabric included (issue 17); every session already has an exact outbound policy, and the upstream's
 * export list (exactly its `announce` items) is what sends P there once, without its more-specifics.
 */
function originations(router: ModelRouter, familyView: (family: 4 | 6) => AddressFamilyView): void {
    const items = [...router.upstreams.flatMap((upstream) => upstream.announce), ...router.routerNeighbors.flatMap((line) => line.announce)];
    const seen = new Set<string>();
    for (const entry of items.flatMap((item) => item.prefixes)) {
        const key = `${entry.origin}|${entry.prefix.text}`;
        if (entry.origin === 'learned' || seen.has(key)) {
            continue;
        }
        seen.add(key);
        const af = familyView(entry.prefix.family);
        if (entry.origin === 'aggregate') {
            af.aggregates.push(entry.prefix.text);
        } else {
            af.networks.push(entry.prefix.text);
        }
    }
}

/** Its sessions with other routers of the file (LANGUAGE-V2 §4): one explicit neighbor per session. */
function routerPeers(router: ModelRouter, context: RenderContext): Peer[] {
    return router.routerSessions.map((session) => {
        const index: 0 | 1 = session.ends[0].router === router ? 0 : 1;
        const own = session.ends[index];
        const other = session.ends[1 - index];
        const declaration = own.declaration ?? other.declaration ?? session.declarations[0];
        const origin = originOf(`neighbor ${other.router.name} of router ${router.name}`, declaration.ast);
        if (other.router.asn === undefined) {
            throw new RenderError(`router ${other.router.name} has no valid \`asn\``, origin);
        }
        const member = session.unnumbered ? own.interface : other.address?.address.text;
        if (!member) {
            throw new RenderError(session.unnumbered ? `router ${router.name} declares no \`unnumbered\` interface for this session` : 'the session has no address', origin);
        }
        const options = session.options;
        const ebgp = session.type !== 'ibgp';
        const name = frrWord('RTR', other.router.name, ...(session.family === 6 && !session.unnumbered ? ['6'] : []));
        const view: PeerView = {
            name,
            isGroup: true,
            remoteAs: String(other.router.asn),
            description: `router ${other.router.name}`,
            ...lineOptionFields(options),
            multihop: ebgp && !session.unnumbered ? session.multihop : undefined,
            updateSource: session.toLoopback ? own.address?.address.text : undefined,
            member: { name: member, interface: session.unnumbered },
            port: other.router.listenPort !== undefined && other.router.listenPort !== 179 ? other.router.listenPort : undefined
        };
        return {
            view: withPassword(view, linePassword(options, origin, context)),
            policy: frrWord(FABRIC),
            sessions: [],
            ranges: [],
            line: {
                families: session.carries,
                policy: 'fabric' as const,
                // Beyond what routers carry: what this side announces there, and what the other side announces here.
                sends: routerSessionAnnounced(session, index),
                takes: routerSessionAnnounced(session, index === 0 ? 1 : 0),
                ibgp: session.type === 'ibgp',
                nextHopSelf: own.nextHopSelf
            }
        };
    });
}

/** Its upstreams (LANGUAGE-V2 §4): exactly the `announce` items are sent, exactly the `accept` prefixes taken. */
function upstreamPeers(router: ModelRouter, context: RenderContext): Peer[] {
    return router.upstreamSessions.map((session) => {
        const upstream = session.upstream;
        const origin = originOf(`upstream of router ${router.name}`, upstream.ast);
        if (upstream.asn === undefined || !upstream.address) {
            throw new RenderError('the upstream has no valid address or `remote-as`', origin);
        }
        const options = upstream.options;
        const onLoopback = session.source !== undefined && router.loopbacks.includes(session.source);
        const view: PeerView = {
            name: frrWord('UP', upstream.address.text),
            isGroup: true,
            remoteAs: String(upstream.asn),
            description: `upstream ${upstream.address.text}`,
            ...lineOptionFields(options),
            multihop: session.type !== 'ibgp' ? session.multihop : undefined,
            updateSource: onLoopback ? session.source?.address.text : undefined,
            member: { name: upstream.address.text, interface: false }
        };
        return {
            view: withPassword(view, linePassword(options, origin, context)),
            policy: frrWord('UPSTREAM', upstream.address.text),
            sessions: [],
            ranges: [],
            line: {
                families: [session.family],
                policy: 'upstream' as const,
                sends: upstreamExports(session),
                takes: upstreamImports(session),
                ibgp: session.type === 'ibgp',
                nextHopSelf: false
            }
        };
    });
}

/** What a `neighbor ROUTER` / `upstream` line's options set on its peer-group (the router dials too: not passive). */
function lineOptionFields(options: ModelSessionOptions): Pick<PeerView, 'passive' | 'bfd' | 'bfdProfile' | 'timers' | 'connectRetry' | 'gracefulRestart'> {
    return {
        passive: false,
        bfd: options.bfd !== undefined,
        bfdProfile: bfdProfileOf(options)?.name,
        timers: timers(options),
        connectRetry: options.connectRetryMs !== undefined ? seconds(options.connectRetryMs) : undefined,
        gracefulRestart: options.gracefulRestart !== undefined || undefined
    };
}

function withPassword(view: PeerView, secret: { password?: string; unresolved?: string }): PeerView {
    return secret.unresolved !== undefined
        ? { ...view, passwordComment: `password from secret "${secret.unresolved}" not resolved (preview only)` }
        : secret.password
          ? { ...view, password: secret.password }
          : view;
}
