/**
 * MetalLB custom resources per cluster (clusters/<cluster>/metallb.yaml, FACTS §4.1): IPAddressPool,
 * BFDProfile (when BFD is asked for), BGPPeer v1beta2 and BGPAdvertisement, all in `metallb-system`.
 *
 * BGPPeers: without `source`, one per (router, router address the nodes dial), with `nodeSelectors`: the group's
 * label terms when its selector picks exactly the peer's nodes, else `kubernetes.io/hostname` when only some nodes
 * peer (`speakers workers`, a node list, or nodes reaching the router on different addresses). With `source`, `sourceAddress` is per node, so one BGPPeer per (router,
 * node); a node with its own `router-id` also gets its own BGPPeers, carrying `routerID`. Node names are assumed to be the Kubernetes node names (kubelet's default hostname label).
 * Passwords are referenced as a Secret (`passwordSecret`, type kubernetes.io/basic-auth, key `password`)
 * that the deploy step creates from the resolver; the value is never written into the manifest.
 */
import type { BgpSession, ModelCluster, ModelNetwork, ModelRouter, ModelSpeaker, TopologyModel } from '../model/index.js';
import { labelSelector } from './render-node-selectors.js';
import { header, originOf } from './render-header.js';
import { hostnameSelector, selectorFor } from './render-node-selectors.js';
import { k8sName, seconds, timerSeconds } from './render-names.js';
import { refuseLiteralPassword, speakerSecretName } from './render-secrets.js';
import { RenderError, type RenderContext, type RenderedFile, type RenderOrigin } from './render-types.js';
import { yamlStream } from './yaml-output.js';

export const METALLB_NAMESPACE = 'metallb-system';
export const METALLB_BFD_PROFILE = 'bgptopo-bfd';

export function renderMetallb(model: TopologyModel, _context: RenderContext, include: (cluster: ModelCluster) => boolean): RenderedFile[] {
    const files: RenderedFile[] = [];
    for (const cluster of model.clusters) {
        const speakers = cluster.speakers.filter((speaker) => speaker.kind === 'metallb');
        if (speakers.length === 0 || !include(cluster)) {
            continue;
        }
        const origins = speakers.map((speaker) => originOf(`metallb speaker of cluster ${cluster.name}`, speaker.ast));
        const pools: object[] = [];
        const peers: object[] = [];
        const adverts: object[] = [];
        const poolNames = new Set<string>();
        for (const speaker of speakers) {
            const origin = originOf(`metallb speaker of cluster ${cluster.name}`, speaker.ast);
            if (speaker.pools.length === 0) {
                throw new RenderError('metallb needs `pool` naming a network with a prefix', origin);
            }
            for (const pool of speaker.pools) {
                if (!pool.prefix) {
                    throw new RenderError(`pool ${pool.name} has no valid prefix`, origin);
                }
                const poolName = k8sName(pool.name);
                if (!poolNames.has(poolName)) {
                    poolNames.add(poolName);
                    pools.push(metadata('IPAddressPool', 'metallb.io/v1beta1', poolName, ipAddressPoolSpec(pool)));
                }
            }
            const rendered = bgpPeers(model, cluster, speaker);
            peers.push(...rendered.map((peer) => peer.document));
            adverts.push(...bgpAdvertisements(speaker, rendered, origin));
        }
        const profiles = bfdProfiles(model, speakers);
        files.push({
            cluster: cluster.name,
            kind: 'metallb',
            path: `clusters/${cluster.name}/metallb.yaml`,
            content: yamlStream(header('#', origins), [...pools, ...profiles, ...peers, ...adverts]),
            origin: origins[0]
        });
    }
    return files;
}

function metadata(kind: string, apiVersion: string, name: string, spec: object): object {
    return { apiVersion, kind, metadata: { name, namespace: METALLB_NAMESPACE }, spec };
}

/** One BFDProfile per distinct profile of the block's groups; `bfd` alone (or a router's `bfd`) uses MetalLB's defaults. */
function bfdProfiles(model: TopologyModel, speakers: ModelSpeaker[]): object[] {
    const profiles = new Map<string, object>();
    for (const session of model.sessions) {
        if (!speakers.includes(session.speaker)) {
            continue;
        }
        const name = bfdProfileName(session);
        if (name && !profiles.has(name)) {
            const bfd = session.options.bfd;
            const spec: Record<string, number> = {
                receiveInterval: bfd?.receiveMs ?? 300,
                transmitInterval: bfd?.transmitMs ?? 300,
                detectMultiplier: bfd?.multiplier ?? 3
            };
            profiles.set(name, metadata('BFDProfile', 'metallb.io/v1beta1', name, spec));
        }
    }
    return [...profiles.values()];
}

function bfdProfileName(session: BgpSession): string | undefined {
    const bfd = session.options.bfd;
    if (!bfd && !session.router.bfd) {
        return undefined;
    }
    if (!bfd || (bfd.receiveMs === undefined && bfd.transmitMs === undefined && bfd.multiplier === undefined)) {
        return METALLB_BFD_PROFILE;
    }
    return k8sName(METALLB_BFD_PROFILE, String(bfd.receiveMs ?? 300), String(bfd.transmitMs ?? 300), String(bfd.multiplier ?? 3));
}

/**
 * BGPPeers: one per (peer group, router, family, router address), and per node when the source is per node
 * (`source …` pinned, or a multihop / `to loopback` session from an address the speaker would not pick itself).
 */
function bgpPeers(model: TopologyModel, cluster: ModelCluster, speaker: ModelSpeaker): RenderedPeer[] {
    const origin = originOf(`metallb speaker of cluster ${cluster.name}`, speaker.ast);
    const sessions = model.sessions.filter((session) => session.speaker === speaker);
    const groups = new Map<string, BgpSession[]>();
    for (const session of sessions) {
        if (!session.destination || session.routerAsn === undefined) {
            throw new RenderError(`no path or ASN towards router ${session.router.name} for node ${session.node.name}`, origin);
        }
        if (session.speakerAsn === undefined) {
            throw new RenderError('the speaker has no valid `asn`', origin);
        }
        const key = `${session.group.index}|${session.router.name}|${session.family}|${session.destination.address.text}|${perNode(session) ? session.node.name : ''}`;
        const group = groups.get(key);
        if (group) {
            group.push(session);
        } else {
            groups.set(key, [session]);
        }
    }
    const byRouter = new Map<string, number>();
    for (const list of groups.values()) {
        byRouter.set(list[0].router.name, (byRouter.get(list[0].router.name) ?? 0) + 1);
    }
    const result: RenderedPeer[] = [];
    const routerIndex = new Map<string, number>();
    for (const group of groups.values()) {
        const first = group[0];
        const options = first.options;
        const nodes = group.map((session) => session.node.kubernetesName);
        let name = k8sName(cluster.name, first.router.name);
        if (perNode(first)) {
            name = k8sName(cluster.name, first.router.name, first.node.name, ...(first.family === 6 ? ['v6'] : []));
        } else if ((byRouter.get(first.router.name) ?? 0) > 1) {
            const index = (routerIndex.get(first.router.name) ?? 0) + 1;
            routerIndex.set(first.router.name, index);
            name = k8sName(cluster.name, first.router.name, String(index));
        }
        const spec: Record<string, unknown> = {
            myASN: first.speakerAsn,
            peerASN: first.routerAsn,
            peerAddress: first.destination!.address.text
        };
        if (first.port !== 179) {
            spec.peerPort = first.port;
        }
        if (perNode(first) && first.source && (first.options.source.kind !== 'primary' || toldSource(first))) {
            spec.sourceAddress = first.source.address.text;
        }
        if (perNode(first) && first.node.ast.routerId !== undefined && first.node.routerId) {
            // The node's own `router-id` (LANGUAGE-V2 §10): every BGPPeer of the node carries the same one.
            spec.routerID = first.node.routerId.text;
        }
        if (options.holdMs !== undefined) {
            spec.holdTime = `${timerSeconds(options.holdMs)}s`;
        }
        if (options.keepaliveMs !== undefined) {
            spec.keepaliveTime = `${timerSeconds(options.keepaliveMs)}s`;
        }
        if (options.connectRetryMs !== undefined) {
            spec.connectTime = `${seconds(options.connectRetryMs)}s`;
        }
        if (first.multihop !== undefined && first.type === 'ebgp') {
            spec.ebgpMultiHop = true;
        }
        refuseLiteralPassword(speaker, options);
        const secret = speakerSecretName(speaker, options);
        if (secret) {
            spec.passwordSecret = { name: k8sName(secret), namespace: METALLB_NAMESPACE };
        }
        const profile = bfdProfileName(first);
        if (profile) {
            spec.bfdProfile = profile;
        }
        if (options.gracefulRestart) {
            spec.enableGracefulRestart = true;
        }
        if (first.carries.length > 1) {
            spec.dualStackAddressFamily = true;
        }
        const byLabels = selectorFor([first.group.selector, speaker.selector], group.map((session) => session.node));
        if (byLabels) {
            spec.nodeSelectors = byLabels;
        } else if (nodes.length !== cluster.nodes.length) {
            spec.nodeSelectors = [hostnameSelector(group.map((session) => session.node))];
        }
        result.push({ router: first.router, name, document: { apiVersion: 'metallb.io/v1beta2', kind: 'BGPPeer', metadata: { name, namespace: METALLB_NAMESPACE }, spec } });
    }
    return result;
}

interface RenderedPeer {
    readonly router: ModelRouter;
    readonly name: string;
    readonly document: object;
}

/** IPAddressPool spec (LANGUAGE-V2 §7): its ranges (`A-B`) or its prefix, `autoAssign`, `serviceAllocation`. */
function ipAddressPoolSpec(pool: ModelNetwork): object {
    const ranges = pool.ranges.flatMap((range) => (range.start && range.end ? [`${range.start.text}-${range.end.text}`] : []));
    const spec: Record<string, unknown> = { addresses: ranges.length > 0 ? ranges : [pool.prefix!.text] };
    if (!pool.autoAssign) {
        spec.autoAssign = false;
    }
    if (pool.services.length > 0 || pool.namespaces.length > 0) {
        const allocation: Record<string, unknown> = {};
        if (pool.namespaces.length > 0) {
            allocation.namespaces = pool.namespaces;
        }
        if (pool.services.length > 0) {
            allocation.serviceSelectors = [labelSelector(pool.services)];
        }
        spec.serviceAllocation = allocation;
    }
    return spec;
}

/**
 * One BGPAdvertisement per advertisement (the pool's name for the first of a pool, then `-2`, `-3`): its pool,
 * `aggregationLength` (or `aggregationLengthV6`), `localPref`, `communities` (`a:b`, `large:a:b:c`; a well-known
 * name as its value, MetalLB has no names), `peers` (the BGPPeers of its `to` routers), `nodeSelectors` (its
 * `speakers`) and `serviceSelectors` (its `services`).
 */
function bgpAdvertisements(speaker: ModelSpeaker, peers: RenderedPeer[], origin: RenderOrigin): object[] {
    const result: object[] = [];
    const perPool = new Map<string, number>();
    for (const advertisement of speaker.advertisements) {
        const pool = advertisement.network;
        if (advertisement.kind !== 'pool' || !pool) {
            throw new RenderError(`MetalLB advertises pools only, not ${advertisement.kind}`, origin);
        }
        const poolName = k8sName(pool.name);
        const count = (perPool.get(poolName) ?? 0) + 1;
        perPool.set(poolName, count);
        const spec: Record<string, unknown> = { ipAddressPools: [poolName] };
        if (advertisement.aggregate !== undefined) {
            spec[pool.prefix?.family === 6 ? 'aggregationLengthV6' : 'aggregationLength'] = advertisement.aggregate;
        }
        if (advertisement.localPref !== undefined) {
            spec.localPref = advertisement.localPref;
        }
        if (advertisement.communities.length > 0) {
            spec.communities = advertisement.communities.map((community) => (community.kind === 'large' ? `large:${community.value}` : community.value));
        }
        if (advertisement.to.length > 0) {
            spec.peers = peers.filter((peer) => advertisement.to.includes(peer.router)).map((peer) => peer.name);
        }
        if (advertisement.selector && advertisement.nodes.length !== speaker.nodes.length) {
            spec.nodeSelectors = [hostnameSelector(advertisement.nodes)];
        }
        if (advertisement.services.length > 0) {
            spec.serviceSelectors = [labelSelector(advertisement.services)];
        }
        result.push(metadata('BGPAdvertisement', 'metallb.io/v1beta1', count === 1 ? poolName : k8sName(poolName, String(count)), spec));
    }
    return result;
}

/**
 * One BGPPeer per node: the source differs per node (pinned by `source`, or a multihop / loopback session the speaker
 * must be told, §3, §13), or the node has a `router-id` of its own (BGPPeer `routerID`, §10).
 */
function perNode(session: BgpSession): boolean {
    return session.options.source.kind !== 'primary' || toldSource(session) || session.node.ast.routerId !== undefined;
}

function toldSource(session: BgpSession): boolean {
    const firstOfFamily = session.node.addresses.find((entry) => entry.address.family === session.family);
    return !session.singleHop && session.source !== undefined && session.source !== firstOfFamily;
}
