/**
 * Cilium BGP control plane v2 per cluster (clusters/<cluster>/cilium.yaml, FACTS §4.2; Cilium >= 1.18,
 * `cilium.io/v2`): CiliumBGPClusterConfig, CiliumBGPPeerConfig, CiliumBGPAdvertisement, and a
 * CiliumBGPNodeConfigOverride per node when the speaker has `source address N` (the per-node local
 * address of each peer) or the node has its own `router-id` (`routerID`), and the CiliumLoadBalancerIPPool that LB IPAM allocates Service addresses from.
 *
 * The traps of FACTS §4.2 are avoided by construction: every family of the peer config carries an
 * `advertisements` selector, the advertisement carries the label it selects, and the Service advertisement
 * has a selector that matches every Service (`NotIn` a value no Service uses) — without one it selects none.
 * Nodes that reach the routers on different addresses get separate cluster configs (by node selector).
 */
import type { BgpSession, ModelCluster, ModelNode, ModelSpeaker, TopologyModel } from '../model/index.js';
import { hostPrefix, prefixContains, prefixText } from '../model/ip-address.js';
import { header, originOf } from './render-header.js';
import { hostnameSelector, selectorFor } from './render-node-selectors.js';
import { k8sName, seconds } from './render-names.js';
import { refuseLiteralPassword, speakerSecretName } from './render-secrets.js';
import { RenderError, type RenderContext, type RenderedFile } from './render-types.js';
import { yamlStream } from './yaml-output.js';

const API_VERSION = 'cilium.io/v2';
export const CILIUM_ADVERTISE_LABEL = 'bgptopo.io/advertise';
/** Where Cilium's BGP control plane reads `authSecretRef` Secrets (Helm `bgpControlPlane.secretsNamespace`, default since 1.15). */
export const CILIUM_BGP_SECRETS_NAMESPACE = 'kube-system';
/** A label key no Service carries: `NotIn` on it matches every Service. */
const MATCH_ALL_SERVICES = { matchExpressions: [{ key: 'bgptopo.io/no-such-label', operator: 'NotIn', values: ['never-used-value'] }] };

export function renderCilium(model: TopologyModel, _context: RenderContext, include: (cluster: ModelCluster) => boolean): RenderedFile[] {
    const files: RenderedFile[] = [];
    for (const cluster of model.clusters) {
        const speakers = cluster.speakers.filter((speaker) => speaker.kind === 'cilium-bgp');
        if (speakers.length === 0 || !include(cluster)) {
            continue;
        }
        const origins = speakers.map((speaker) => originOf(`cilium-bgp speaker of cluster ${cluster.name}`, speaker.ast));
        const documents = speakers.flatMap((speaker, index) =>
            speakerDocuments(model, cluster, speaker, speakers.length > 1 ? String(index + 1) : undefined)
        );
        const pool = loadBalancerPool(cluster, speakers);
        if (pool) {
            documents.push(pool);
        }
        files.push({
            cluster: cluster.name,
            kind: 'cilium',
            path: `clusters/${cluster.name}/cilium.yaml`,
            content: yamlStream(header('#', origins), documents),
            origin: origins[0]
        });
    }
    return files;
}

function speakerDocuments(model: TopologyModel, cluster: ModelCluster, speaker: ModelSpeaker, suffix: string | undefined): object[] {
    const origin = originOf(`cilium-bgp speaker of cluster ${cluster.name}`, speaker.ast);
    const base = suffix ? k8sName(cluster.name, 'bgp', suffix) : k8sName(cluster.name, 'bgp');
    const peerConfigName = k8sName(base, 'peer');
    const label = k8sName(base).slice(0, 63).replace(/[^a-z0-9]+$/, '');
    const sessions = model.sessions.filter((session) => session.speaker === speaker);
    const byNode = new Map<ModelNode, BgpSession[]>();
    for (const session of sessions) {
        if (!session.destination || session.routerAsn === undefined) {
            throw new RenderError(`no path or ASN towards router ${session.router.name} for node ${session.node.name}`, origin);
        }
        // The block's `asn`, or its group's (an AS per group: the block then needs none).
        if (session.speakerAsn === undefined) {
            throw new RenderError('the speaker has no valid `asn`', origin);
        }
        const list = byNode.get(session.node);
        if (list) {
            list.push(session);
        } else {
            byNode.set(session.node, [session]);
        }
    }
    // Peer configs: one per distinct option set of the block's peer groups (v1: one).
    const peerConfigs = new Map<string, { name: string; session: BgpSession; sessions: BgpSession[] }>();
    for (const session of sessions) {
        const key = optionKey(session);
        const entry = peerConfigs.get(key);
        if (entry) {
            entry.sessions.push(session);
        } else {
            peerConfigs.set(key, { name: peerConfigs.size === 0 ? peerConfigName : k8sName(base, 'peer', String(peerConfigs.size + 1)), session, sessions: [session] });
        }
    }
    // Nodes that dial the same routers on the same addresses with the same options and local AS share one cluster
    // config: Cilium lets one CiliumBGPClusterConfig select a node (LANGUAGE-V2 §2, the node partition).
    const groups = new Map<string, { nodes: ModelNode[]; sessions: BgpSession[] }>();
    for (const [node, list] of byNode) {
        const key = list.map((s) => `${s.speakerAsn}:${s.router.name}=${s.destination!.address.text}/${optionKey(s)}`).join(',');
        const group = groups.get(key) ?? { nodes: [], sessions: list };
        group.nodes.push(node);
        groups.set(key, group);
    }
    const documents: object[] = [];
    let groupIndex = 0;
    for (const group of groups.values()) {
        groupIndex++;
        const spec: Record<string, unknown> = {};
        // A part chosen by one peer group's label terms keeps them (LANGUAGE-V2 §1); otherwise its hostnames.
        const byLabels = selectorFor([...new Set(group.sessions.map((s) => s.group.selector)), speaker.selector], group.nodes, true);
        if (byLabels) {
            spec.nodeSelector = byLabels[0];
        } else if (groups.size > 1 || group.nodes.length !== cluster.nodes.length) {
            spec.nodeSelector = hostnameSelector(group.nodes);
        }
        const localAsn = group.sessions[0].speakerAsn ?? speaker.asn;
        spec.bgpInstances = [
            {
                name: instanceName(speaker, localAsn),
                localASN: localAsn,
                peers: group.sessions.map((session) => ({
                    name: peerName(session, group.sessions),
                    peerAddress: session.destination!.address.text,
                    peerASN: session.routerAsn,
                    peerConfigRef: { name: peerConfigs.get(optionKey(session))!.name }
                }))
            }
        ];
        const name = groups.size > 1 ? k8sName(base, String(groupIndex)) : base;
        documents.push({ apiVersion: API_VERSION, kind: 'CiliumBGPClusterConfig', metadata: { name }, spec });
    }
    for (const entry of peerConfigs.values()) {
        documents.push(peerConfig(speaker, entry.session, entry.sessions, entry.name, label));
    }
    documents.push(advertisement(speaker, k8sName(base, 'advertisements'), label));
    for (const [node, list] of byNode) {
        if (list.some(toldSource) || ownRouterId(node)) {
            documents.push(nodeOverride(node, list, instanceName(speaker, list[0].speakerAsn ?? speaker.asn), origin));
        }
    }
    return documents;
}

/** v1 named the instance after the block's AS; a group with its own AS keeps that scheme. */
function instanceName(speaker: ModelSpeaker, asn: number | undefined): string {
    return `instance-${asn ?? speaker.asn}`;
}

/** A peer's name in its instance: the router's, with `-v6` for the IPv6 session beside an IPv4 one. */
function peerName(session: BgpSession, all: BgpSession[]): string {
    const twin = all.some((other) => other !== session && other.router === session.router);
    return twin && session.family === 6 ? k8sName(session.router.name, 'v6') : k8sName(session.router.name);
}

/** The speaker must be told this session's source (`localAddress`): pinned, or not the one it would pick (§3, §13). */
function toldSource(session: BgpSession): boolean {
    if (session.options.source.kind === 'index') {
        return true;
    }
    const firstOfFamily = session.node.addresses.find((entry) => entry.address.family === session.family);
    return !session.singleHop && session.source !== undefined && session.source !== firstOfFamily;
}

/** What a CiliumBGPPeerConfig carries of a session: sessions with equal keys share one. */
function optionKey(session: BgpSession): string {
    const o = session.options;
    return JSON.stringify([
        o.source.kind === 'interface' ? o.source.interface : '',
        o.holdMs,
        o.keepaliveMs,
        o.connectRetryMs,
        o.gracefulRestart ? (o.gracefulRestart.restartTimeMs ?? 0) : undefined,
        o.passwordSecret,
        session.type === 'ebgp' ? session.multihop : undefined,
        session.port
    ]);
}

function peerConfig(speaker: ModelSpeaker, first: BgpSession, sessions: BgpSession[], name: string, label: string): object {
    const options = first.options;
    const spec: Record<string, unknown> = {};
    const transport: Record<string, unknown> = {};
    if (first.port !== 179) {
        transport.peerPort = first.port;
    }
    if (options.source.kind === 'interface') {
        transport.sourceInterface = options.source.interface;
    }
    if (Object.keys(transport).length > 0) {
        spec.transport = transport;
    }
    if (options.holdMs !== undefined || options.keepaliveMs !== undefined || options.connectRetryMs !== undefined) {
        const timers: Record<string, number> = {};
        if (options.connectRetryMs !== undefined) {
            timers.connectRetryTimeSeconds = seconds(options.connectRetryMs);
        }
        if (options.holdMs !== undefined) {
            timers.holdTimeSeconds = seconds(options.holdMs);
        }
        if (options.keepaliveMs !== undefined) {
            timers.keepAliveTimeSeconds = seconds(options.keepaliveMs);
        }
        spec.timers = timers;
    }
    refuseLiteralPassword(speaker, options);
    const secret = speakerSecretName(speaker, options);
    if (secret) {
        // A Secret in Cilium's BGP secrets namespace with key `password`; the deploy creates it (deploy-cluster-secrets.ts).
        spec.authSecretRef = k8sName(secret);
    }
    if (first.type === 'ebgp' && first.multihop !== undefined) {
        spec.ebgpMultihop = first.multihop;
    }
    if (options.gracefulRestart) {
        spec.gracefulRestart = {
            enabled: true,
            ...(options.gracefulRestart.restartTimeMs !== undefined ? { restartTimeSeconds: seconds(options.gracefulRestart.restartTimeMs) } : {})
        };
    }
    const selector = { matchLabels: { [CILIUM_ADVERTISE_LABEL]: label } };
    const families = [{ afi: 'ipv4', safi: 'unicast', advertisements: selector }];
    const v6 = sessions.some((s) => s.announcements.some((a) => a.prefix.family === 6) || s.source?.address.family === 6 || s.carries.includes(6));
    if (v6) {
        families.push({ afi: 'ipv6', safi: 'unicast', advertisements: selector });
    }
    spec.families = families;
    return { apiVersion: API_VERSION, kind: 'CiliumBGPPeerConfig', metadata: { name }, spec };
}

/**
 * The addresses Cilium's LB IPAM may give to Services of type LoadBalancer: every pool the speakers
 * announce, and each announced VIP no pool covers (as a /32 or /128). One pool per cluster: two pools with
 * the same block would conflict (Cilium marks both `PoolConflict`). Without it no Service gets an address
 * and the Service advertisement announces nothing.
 */
function loadBalancerPool(cluster: ModelCluster, speakers: readonly ModelSpeaker[]): object | undefined {
    const pools = [...new Set(speakers.flatMap((speaker) => (speaker.pool ? [speaker.pool, ...speaker.advertisePools] : speaker.advertisePools)))];
    const prefixes = pools.flatMap((pool) => (pool.prefix ? [pool.prefix] : []));
    const vips = speakers.flatMap((speaker) => speaker.vips).flatMap((vip) => (vip.address ? [vip.address] : []));
    const blocks = [
        ...prefixes.map(prefixText),
        ...vips.filter((address) => !prefixes.some((prefix) => prefixContains(prefix, address))).map((address) => prefixText(hostPrefix(address)))
    ];
    const unique = [...new Set(blocks)];
    if (unique.length === 0) {
        return undefined;
    }
    return {
        apiVersion: API_VERSION,
        kind: 'CiliumLoadBalancerIPPool',
        metadata: { name: k8sName(cluster.name, 'lb-pool') },
        spec: { blocks: unique.map((cidr) => ({ cidr })) }
    };
}

function advertisement(speaker: ModelSpeaker, name: string, label: string): object {
    const advertisements: object[] = [];
    if (speaker.advertisePodCidrs) {
        advertisements.push({ advertisementType: 'PodCIDR' });
    }
    if (speaker.advertisePools.length > 0 || speaker.vips.length > 0) {
        advertisements.push({ advertisementType: 'Service', service: { addresses: ['LoadBalancerIP'] }, selector: MATCH_ALL_SERVICES });
    }
    if (advertisements.length === 0) {
        throw new RenderError('cilium-bgp advertises nothing (add `advertise pod-cidrs`, `pool` or `vip`)', originOf('cilium-bgp speaker', speaker.ast));
    }
    return {
        apiVersion: API_VERSION,
        kind: 'CiliumBGPAdvertisement',
        metadata: { name, labels: { [CILIUM_ADVERTISE_LABEL]: label } },
        spec: { advertisements }
    };
}

/** The node's own `router-id` (LANGUAGE-V2 §10): Cilium takes it per node in the override's `routerID`. */
function ownRouterId(node: ModelNode): string | undefined {
    return node.ast.routerId !== undefined && node.routerId?.family === 4 ? node.routerId.text : undefined;
}

/** Per node: `routerID` when the node has its own, and `localAddress` of each peer whose source Cilium must be told. */
function nodeOverride(node: ModelNode, sessions: BgpSession[], instance: string, origin: ReturnType<typeof originOf>): object {
    const told = sessions.filter(toldSource);
    const instanceSpec: Record<string, unknown> = { name: instance };
    const routerId = ownRouterId(node);
    if (routerId) {
        instanceSpec.routerID = routerId;
    }
    if (told.length > 0) {
        const source = sessions[0]?.source;
        if (!source) {
            throw new RenderError(`node ${node.name} has no source address for cilium-bgp`, origin);
        }
        instanceSpec.peers = sessions.map((session) => ({ name: peerName(session, sessions), localAddress: (session.source ?? source).address.text }));
    }
    return {
        apiVersion: API_VERSION,
        kind: 'CiliumBGPNodeConfigOverride',
        metadata: { name: node.kubernetesName },
        spec: { bgpInstances: [instanceSpec] }
    };
}
