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
import type { BgpSession, ModelAdvertisement, ModelCluster, ModelNode, ModelSpeaker, TopologyModel, WellKnownCommunity } from '../model/index.js';
import { labelSelector } from './render-node-selectors.js';
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
/** Cilium's implicit Service label holding its namespace (FACTS-V2 §2). */
const SERVICE_NAMESPACE_LABEL = 'io.kubernetes.service.namespace';
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
        documents.push(...loadBalancerPools(cluster, speakers));
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
    // Advertisements: one document for those towards every router; one per advertisement with `to`, selected only
    // by the peer configs of its routers (LANGUAGE-V2 §7; Cilium restricts advertisements by peer config).
    const restricted = speaker.advertisements.filter((item) => item.to.length > 0);
    const labelOf = new Map<ModelAdvertisement, string>(restricted.map((item, index) => [item, k8sName(label, 'to', String(index + 1))]));
    const labelsFor = (session: BgpSession): string[] => restricted.filter((item) => item.to.includes(session.router)).map((item) => labelOf.get(item)!);
    const configKey = (session: BgpSession): string => `${optionKey(session)}|${labelsFor(session).join(',')}`;
    // Peer configs: one per distinct option set of the block's peer groups (v1: one).
    const peerConfigs = new Map<string, { name: string; session: BgpSession; sessions: BgpSession[] }>();
    for (const session of sessions) {
        const key = configKey(session);
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
        const key = list.map((s) => `${s.speakerAsn}:${s.router.name}=${s.destination!.address.text}/${configKey(s)}`).join(',');
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
                    peerConfigRef: { name: peerConfigs.get(configKey(session))!.name }
                }))
            }
        ];
        const name = groups.size > 1 ? k8sName(base, String(groupIndex)) : base;
        documents.push({ apiVersion: API_VERSION, kind: 'CiliumBGPClusterConfig', metadata: { name }, spec });
    }
    for (const entry of peerConfigs.values()) {
        documents.push(peerConfig(speaker, entry.session, entry.sessions, entry.name, [label, ...labelsFor(entry.session)]));
    }
    const general = speaker.advertisements.filter((item) => item.to.length === 0);
    if (general.length > 0 || restricted.length === 0) {
        documents.push(advertisementDocument(speaker, general, k8sName(base, 'advertisements'), label));
    }
    restricted.forEach((item, index) => documents.push(advertisementDocument(speaker, [item], k8sName(base, 'advertisements', 'to', String(index + 1)), labelOf.get(item)!)));
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

function peerConfig(speaker: ModelSpeaker, first: BgpSession, sessions: BgpSession[], name: string, labels: string[]): object {
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
    const selector =
        labels.length === 1
            ? { matchLabels: { [CILIUM_ADVERTISE_LABEL]: labels[0] } }
            : { matchExpressions: [{ key: CILIUM_ADVERTISE_LABEL, operator: 'In', values: labels }] };
    const families = [{ afi: 'ipv4', safi: 'unicast', advertisements: selector }];
    const v6 = sessions.some((s) => s.announcements.some((a) => a.prefix.family === 6) || s.source?.address.family === 6 || s.carries.includes(6));
    if (v6) {
        families.push({ afi: 'ipv6', safi: 'unicast', advertisements: selector });
    }
    spec.families = families;
    return { apiVersion: API_VERSION, kind: 'CiliumBGPPeerConfig', metadata: { name }, spec };
}

/**
 * The addresses Cilium's LB IPAM may give to Services of type LoadBalancer: one CiliumLoadBalancerIPPool per pool
 * (pools are never merged, LANGUAGE-V2 §10) with its ranges as `start`/`stop` blocks (else its prefix) and its
 * `services` / `namespaces` as `serviceSelector`; the announced VIPs no pool covers in one more pool (/32, /128).
 * Without them no Service gets an address and the Service advertisement announces nothing.
 */
function loadBalancerPools(cluster: ModelCluster, speakers: readonly ModelSpeaker[]): object[] {
    const pools = [...new Set(speakers.flatMap((speaker) => speaker.pools))].filter((pool) => pool.prefix);
    const documents: object[] = pools.map((pool) => {
        const ranges = pool.ranges.flatMap((range) => (range.start && range.end ? [{ start: range.start.text, stop: range.end.text }] : []));
        const spec: Record<string, unknown> = { blocks: ranges.length > 0 ? ranges : [{ cidr: pool.prefix!.text }] };
        const terms = [...pool.services];
        const selector: { matchExpressions: object[] } = { matchExpressions: labelSelector(terms).matchExpressions };
        if (pool.namespaces.length > 0) {
            selector.matchExpressions.push({ key: SERVICE_NAMESPACE_LABEL, operator: 'In', values: pool.namespaces });
        }
        if (selector.matchExpressions.length > 0) {
            spec.serviceSelector = selector;
        }
        return { apiVersion: API_VERSION, kind: 'CiliumLoadBalancerIPPool', metadata: { name: k8sName(cluster.name, pool.name) }, spec };
    });
    const prefixes = pools.map((pool) => pool.prefix!);
    const vips = speakers.flatMap((speaker) => speaker.vips).flatMap((vip) => (vip.address ? [vip.address] : []));
    const blocks = [...new Set(vips.filter((address) => !prefixes.some((prefix) => prefixContains(prefix, address))).map((address) => prefixText(hostPrefix(address))))];
    if (blocks.length > 0) {
        documents.push({ apiVersion: API_VERSION, kind: 'CiliumLoadBalancerIPPool', metadata: { name: k8sName(cluster.name, 'lb-pool') }, spec: { blocks: blocks.map((cidr) => ({ cidr })) } });
    }
    return documents;
}

/** Cilium's names for the well-known communities (FACTS-V2 §2). */
const CILIUM_WELL_KNOWN: Readonly<Record<WellKnownCommunity, string>> = {
    'no-export': 'no-export',
    'no-advertise': 'no-advertise',
    'local-as': 'no-export-subconfed',
    'no-peer': 'no-peer',
    blackhole: 'blackhole',
    'graceful-shutdown': 'planned-shut'
};

/**
 * A CiliumBGPAdvertisement holding these advertisements: PodCIDR, or Service with the addresses it announces
 * (LoadBalancerIP for a pool or VIP, ClusterIP, ExternalIP), its Service selector (its `services`, else its pool's,
 * else every Service), `aggregationLengthIPv4/6`, and attributes (communities, localPreference).
 */
function advertisementDocument(speaker: ModelSpeaker, items: readonly ModelAdvertisement[], name: string, label: string): object {
    const advertisements = items.map((item) => {
        const attributes = advertisementAttributes(item);
        if (item.kind === 'pod-cidrs') {
            return { advertisementType: 'PodCIDR', ...attributes };
        }
        const address = item.kind === 'cluster-ips' ? 'ClusterIP' : item.kind === 'external-ips' ? 'ExternalIP' : 'LoadBalancerIP';
        const service: Record<string, unknown> = { addresses: [address] };
        if (item.aggregate !== undefined) {
            const family = item.network?.prefix?.family ?? (item.kind === 'cluster-ips' ? speaker.cluster.serviceNetwork?.prefix?.family : 4);
            service[family === 6 ? 'aggregationLengthIPv6' : 'aggregationLengthIPv4'] = item.aggregate;
        }
        const terms = item.services.length > 0 ? item.services : (item.network?.services ?? []);
        const selector = terms.length > 0 ? labelSelector(terms) : MATCH_ALL_SERVICES;
        return { advertisementType: 'Service', service, selector, ...attributes };
    });
    if (advertisements.length === 0) {
        throw new RenderError('cilium-bgp advertises nothing (add `advertise pod-cidrs`, `pool` or `vip`)', originOf('cilium-bgp speaker', speaker.ast));
    }
    return {
        apiVersion: API_VERSION,
        kind: 'CiliumBGPAdvertisement',
        metadata: { name, labels: { [CILIUM_ADVERTISE_LABEL]: label } },
        spec: { advertisements: dedupe(advertisements) }
    };
}

/** v1 advertised one Service entry for all its pools and VIPs: equal entries are written once. */
function dedupe(entries: object[]): object[] {
    const seen = new Set<string>();
    return entries.filter((entry) => {
        const key = JSON.stringify(entry);
        return seen.has(key) ? false : (seen.add(key), true);
    });
}

function advertisementAttributes(item: ModelAdvertisement): { attributes?: object } {
    const communities: Record<string, string[]> = {};
    for (const community of item.communities) {
        const [kind, value] = community.wellKnown
            ? ['wellKnown', CILIUM_WELL_KNOWN[community.wellKnown]]
            : community.kind === 'large'
              ? ['large', community.value]
              : ['standard', community.value];
        (communities[kind] ??= []).push(value);
    }
    const attributes: Record<string, unknown> = {};
    if (Object.keys(communities).length > 0) {
        attributes.communities = communities;
    }
    if (item.localPref !== undefined) {
        attributes.localPreference = item.localPref;
    }
    return Object.keys(attributes).length > 0 ? { attributes } : {};
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
