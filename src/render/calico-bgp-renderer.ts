/**
 * Calico's own BGP speaker (LANGUAGE-V2 §8; FACTS-V2 §3, Calico 3.32), `projectcalico.org/v3`:
 * - BGPConfiguration `default`: the block's `asn` (`asNumber`, an integer) and the node mesh (`nodeToNodeMeshEnabled`).
 * - One BGPPeer per (group, router, family, router address, source mode): `peerIP` (with `:PORT` when the router
 *   listens elsewhere than 179), the router's AS, the group's nodes (its `speakers` label selector in Calico's syntax
 *   when that selects exactly them, else a host name list, render-node-selectors.ts), `sourceAddress` UseNodeIP (the
 *   node's first address of the family) or None (the link address of a directly connected session), `keepaliveTime`,
 *   `maxRestartTime` (graceful restart is always on in Calico), `password.secretKeyRef` (a Secret in calico-node's
 *   namespace, readable through the Role and RoleBinding rendered here). Calico sessions are always multihop.
 * - The per-node AS of groups with their own `asn` (calicoNodeAsns): the Node annotation `projectcalico.org/ASNumber`,
 *   rendered with the node's labels as one Node object in clusters/<cluster>/nodes.yaml (render-node-metadata.ts).
 */
import type { BgpSession, IpPrefix, ModelCluster, ModelSpeaker } from '../model/index.js';
import { calicoSourceMode } from '../model/calico-sessions.js';
import { originOf } from './render-header.js';
import { k8sName, seconds } from './render-names.js';
import { calicoSelector, hostnameSelector, selectorFor } from './render-node-selectors.js';
import { speakerSecretName } from './render-secrets.js';
import { RenderError } from './render-types.js';

/** calico-node's namespace with the Tigera operator (FACTS-V2 §3). */
export const CALICO_NAMESPACE = 'calico-system';
export const CALICO_ASN_ANNOTATION = 'projectcalico.org/ASNumber';
const API = 'projectcalico.org/v3';

export function calicoBgpSpeaker(cluster: ModelCluster): ModelSpeaker | undefined {
    return cluster.speakers.find((speaker) => speaker.kind === 'calico-bgp');
}

/** The nodes whose AS differs from the block's default: (Kubernetes node name, AS), from groups with `asn`. */
export function calicoNodeAsns(speaker: ModelSpeaker): Array<{ node: string; asn: number }> {
    const result = new Map<string, number>();
    for (const group of speaker.groups) {
        const asn = group.options.asn;
        if (group.ast?.asn === undefined || asn === undefined) {
            continue;
        }
        for (const node of group.nodes) {
            result.set(node.kubernetesName, asn);
        }
    }
    return [...result].map(([node, asn]) => ({ node, asn }));
}

export function calicoBgpDocuments(cluster: ModelCluster, sessions: readonly BgpSession[]): object[] {
    const speaker = calicoBgpSpeaker(cluster);
    if (!speaker) {
        return [];
    }
    const origin = originOf(`calico-bgp speaker of cluster ${cluster.name}`, speaker.ast);
    if (speaker.asn === undefined) {
        throw new RenderError('the speaker has no valid `asn`', origin);
    }
    const documents: object[] = [
        {
            apiVersion: API,
            kind: 'BGPConfiguration',
            metadata: { name: 'default' },
            spec: { asNumber: speaker.asn, nodeToNodeMeshEnabled: speaker.nodeMesh !== false, ...calicoServiceAdvertisement(speaker) }
        }
    ];
    const peers = new Map<string, BgpSession[]>();
    for (const session of sessions.filter((candidate) => candidate.speaker === speaker && !candidate.noPath)) {
        const mode = calicoSourceMode(session);
        if (!mode || !session.destination) {
            throw new RenderError(`${session.node.name}'s session with ${session.router.name} has a source Calico cannot express`, origin);
        }
        const key = [session.group.index, session.router.name, session.family, session.destination.address.text, mode].join('|');
        peers.set(key, [...(peers.get(key) ?? []), session]);
    }
    const names = new Set<string>();
    const secrets = new Set<string>();
    for (const group of peers.values()) {
        const first = group[0];
        const router = first.router;
        if (router.asn === undefined) {
            throw new RenderError(`router ${router.name} has no valid \`asn\``, origin);
        }
        const address = first.destination!.address;
        const port = first.port;
        const options = first.options;
        const secret = speakerSecretName(speaker, options);
        if (secret) {
            secrets.add(secret);
        }
        let name = k8sName('bgptopo', router.name, first.family === 6 ? 'ipv6' : 'ipv4', `g${first.group.index + 1}`);
        for (let n = 2; names.has(name); n++) {
            name = k8sName('bgptopo', router.name, first.family === 6 ? 'ipv6' : 'ipv4', `g${first.group.index + 1}`, String(n));
        }
        names.add(name);
        const nodes = [...new Set(group.map((session) => session.node))];
        const selectors = selectorFor([first.group.selector, speaker.selector], nodes) ?? [hostnameSelector(nodes)];
        documents.push({
            apiVersion: API,
            kind: 'BGPPeer',
            metadata: { name },
            spec: {
                peerIP: port === 179 ? address.text : address.family === 6 ? `[${address.text}]:${port}` : `${address.text}:${port}`,
                asNumber: router.asn,
                nodeSelector: calicoSelector(selectors, (message) => {
                    throw new RenderError(message, origin);
                }),
                sourceAddress: calicoSourceMode(first),
                ...(options.keepaliveMs !== undefined ? { keepaliveTime: `${seconds(options.keepaliveMs)}s` } : {}),
                ...(options.gracefulRestart?.restartTimeMs !== undefined ? { maxRestartTime: `${seconds(options.gracefulRestart.restartTimeMs)}s` } : {}),
                ...(secret ? { password: { secretKeyRef: { name: k8sName(secret), key: 'password' } } } : {})
            }
        });
    }
    if (secrets.size > 0) {
        documents.push(...secretAccess([...secrets].sort()));
    }
    return documents;
}

/** calico-node reads a BGP password Secret only with a Role granting it (FACTS-V2 §3). */
function secretAccess(secrets: string[]): object[] {
    const name = 'bgptopo-calico-bgp-passwords';
    return [
        {
            apiVersion: 'rbac.authorization.k8s.io/v1',
            kind: 'Role',
            metadata: { name, namespace: CALICO_NAMESPACE },
            rules: [{ apiGroups: [''], resources: ['secrets'], resourceNames: secrets.map((secret) => k8sName(secret)), verbs: ['watch', 'list', 'get'] }]
        },
        {
            apiVersion: 'rbac.authorization.k8s.io/v1',
            kind: 'RoleBinding',
            metadata: { name, namespace: CALICO_NAMESPACE },
            roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name },
            subjects: [{ kind: 'ServiceAccount', name: 'calico-node', namespace: CALICO_NAMESPACE }]
        }
    ];
}

/**
 * What Calico announces besides its IPPool blocks (LANGUAGE-V2 §7; FACTS-V2 §3): `cluster-ips` → `serviceClusterIPs`
 * (the cluster's service networks), `external-ips NET` → `serviceExternalIPs`, `pool NET` →
 * `serviceLoadBalancerIPs`, each `{cidr}`; an item's communities → `prefixAdvertisements` `{cidr, communities}` (values:
 * `a:b`, large `a:b:c`, well-known names as their `65535:n` value). Validation refuses what else an item could say.
 */
function calicoServiceAdvertisement(speaker: ModelSpeaker): Record<string, Array<{ cidr: string; communities?: string[] }>> {
    const lists: Record<'serviceClusterIPs' | 'serviceExternalIPs' | 'serviceLoadBalancerIPs' | 'prefixAdvertisements', Map<string, { cidr: string; communities?: string[] }>> = {
        serviceClusterIPs: new Map(),
        serviceExternalIPs: new Map(),
        serviceLoadBalancerIPs: new Map(),
        prefixAdvertisements: new Map()
    };
    const add = (list: keyof typeof lists, prefix: IpPrefix | undefined, communities: readonly string[]): void => {
        if (!prefix) {
            return;
        }
        if (list !== 'prefixAdvertisements') {
            lists[list].set(prefix.text, { cidr: prefix.text });
        }
        if (communities.length > 0) {
            const entry = lists.prefixAdvertisements.get(prefix.text) ?? { cidr: prefix.text, communities: [] };
            entry.communities = [...new Set([...(entry.communities ?? []), ...communities])];
            lists.prefixAdvertisements.set(prefix.text, entry);
        }
    };
    for (const advertisement of speaker.advertisements) {
        const communities = advertisement.communities.map((community) => community.value);
        switch (advertisement.kind) {
            case 'cluster-ips':
                speaker.cluster.serviceNetworks.forEach((network) => add('serviceClusterIPs', network.prefix, communities));
                break;
            case 'external-ips':
                add('serviceExternalIPs', advertisement.network?.prefix, communities);
                break;
            case 'pool':
                add('serviceLoadBalancerIPs', advertisement.network?.prefix, communities);
                break;
            case 'pod-cidrs':
                speaker.cluster.podNetworks.forEach((network) => add('prefixAdvertisements', network.prefix, communities));
                break;
            case 'vip':
                break;
        }
    }
    return Object.fromEntries(Object.entries(lists).flatMap(([key, entries]) => (entries.size > 0 ? [[key, [...entries.values()]]] : [])));
}
