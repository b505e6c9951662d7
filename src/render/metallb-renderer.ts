/**
 * MetalLB custom resources per cluster (clusters/<cluster>/metallb.yaml, FACTS §4.1): IPAddressPool,
 * BFDProfile (when BFD is asked for), BGPPeer v1beta2 and BGPAdvertisement, all in `metallb-system`.
 *
 * BGPPeers: without `source`, one per (router, router address the nodes dial), with `nodeSelectors` on
 * `kubernetes.io/hostname` when only some nodes peer (`speakers workers`, a node list, or nodes reaching the
 * router on different addresses). With `source`, `sourceAddress` is per node, so one BGPPeer per (router,
 * node). Node names are assumed to be the Kubernetes node names (kubelet's default hostname label).
 * Passwords are referenced as a Secret (`passwordSecret`, type kubernetes.io/basic-auth, key `password`)
 * that the deploy step creates from the resolver; the value is never written into the manifest.
 */
import type { BgpSession, ModelCluster, ModelSpeaker, TopologyModel } from '../model/index.js';
import { header, originOf } from './render-header.js';
import { k8sName, seconds } from './render-names.js';
import { refuseLiteralPassword, speakerSecretName } from './render-secrets.js';
import { RenderError, type RenderContext, type RenderedFile } from './render-types.js';
import { yamlStream } from './yaml-output.js';

export const METALLB_NAMESPACE = 'metallb-system';
export const METALLB_BFD_PROFILE = 'bgptopo-bfd';
const HOSTNAME_LABEL = 'kubernetes.io/hostname';

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
            if (!speaker.pool?.prefix) {
                throw new RenderError('metallb needs `pool` naming a network with a prefix', origin);
            }
            const poolName = k8sName(speaker.pool.name);
            if (!poolNames.has(poolName)) {
                poolNames.add(poolName);
                pools.push(metadata('IPAddressPool', 'metallb.io/v1beta1', poolName, { addresses: [speaker.pool.prefix.text] }));
                adverts.push(metadata('BGPAdvertisement', 'metallb.io/v1beta1', poolName, { ipAddressPools: [poolName] }));
            }
            peers.push(...bgpPeers(model, cluster, speaker));
        }
        const bfd = speakers.some((speaker) => speaker.bfd || speaker.peers.some((router) => router.bfd));
        const profiles = bfd
            ? [metadata('BFDProfile', 'metallb.io/v1beta1', METALLB_BFD_PROFILE, { receiveInterval: 300, transmitInterval: 300, detectMultiplier: 3 })]
            : [];
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

function bgpPeers(model: TopologyModel, cluster: ModelCluster, speaker: ModelSpeaker): object[] {
    const origin = originOf(`metallb speaker of cluster ${cluster.name}`, speaker.ast);
    if (speaker.asn === undefined) {
        throw new RenderError('the speaker has no valid `asn`', origin);
    }
    const sessions = model.sessions.filter((session) => session.speaker === speaker);
    const groups = new Map<string, BgpSession[]>();
    for (const session of sessions) {
        if (!session.destination || session.routerAsn === undefined) {
            throw new RenderError(`no path or ASN towards router ${session.router.name} for node ${session.node.name}`, origin);
        }
        const perNode = speaker.source.kind !== 'primary';
        const key = `${session.router.name}|${session.destination.address.text}|${perNode ? session.node.name : ''}`;
        const group = groups.get(key);
        if (group) {
            group.push(session);
        } else {
            groups.set(key, [session]);
        }
    }
    const byRouter = new Map<string, number>();
    for (const key of groups.keys()) {
        const router = key.split('|')[0];
        byRouter.set(router, (byRouter.get(router) ?? 0) + 1);
    }
    const result: object[] = [];
    const routerIndex = new Map<string, number>();
    for (const group of groups.values()) {
        const first = group[0];
        const nodes = group.map((session) => session.node.name);
        const perNode = speaker.source.kind !== 'primary';
        let name = k8sName(cluster.name, first.router.name);
        if (perNode) {
            name = k8sName(cluster.name, first.router.name, first.node.name);
        } else if ((byRouter.get(first.router.name) ?? 0) > 1) {
            const index = (routerIndex.get(first.router.name) ?? 0) + 1;
            routerIndex.set(first.router.name, index);
            name = k8sName(cluster.name, first.router.name, String(index));
        }
        const spec: Record<string, unknown> = {
            myASN: speaker.asn,
            peerASN: first.routerAsn,
            peerAddress: first.destination!.address.text
        };
        if (perNode && first.source) {
            spec.sourceAddress = first.source.address.text;
        }
        if (speaker.holdMs !== undefined) {
            spec.holdTime = `${seconds(speaker.holdMs)}s`;
        }
        if (speaker.keepaliveMs !== undefined) {
            spec.keepaliveTime = `${seconds(speaker.keepaliveMs)}s`;
        }
        if (first.multihop !== undefined && first.type === 'ebgp') {
            spec.ebgpMultiHop = true;
        }
        refuseLiteralPassword(speaker);
        const secret = speakerSecretName(speaker);
        if (secret) {
            spec.passwordSecret = { name: k8sName(secret), namespace: METALLB_NAMESPACE };
        }
        if (speaker.bfd || first.router.bfd) {
            spec.bfdProfile = METALLB_BFD_PROFILE;
        }
        if (nodes.length !== cluster.nodes.length) {
            spec.nodeSelectors = [{ matchExpressions: [{ key: HOSTNAME_LABEL, operator: 'In', values: [...nodes].sort() }] }];
        }
        result.push({ apiVersion: 'metallb.io/v1beta2', kind: 'BGPPeer', metadata: { name, namespace: METALLB_NAMESPACE }, spec });
    }
    return result;
}
