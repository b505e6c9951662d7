/**
 * Lowers a cluster's speaker blocks (kube-vip, MetalLB, Cilium, Calico), once its nodes and the VIPs exist: where each
 * runs (its `speakers` selector, else all nodes; kube-vip adds its VIP holders), its options, its peer groups in file
 * order (the v1 `peers` line as one group), the routers it peers with, its pools, VIPs and advertisements.
 */
import * as ast from '../language/generated/ast.js';
import { lowerAdvertisements, speakerPools, type AdvertisementResolver } from './advertisement-lowering.js';
import type { LoweringScope } from './lowering-scope.js';
import { lowerPeerOptions } from './peer-options-lowering.js';
import type { ModelAdvertisement, ModelCluster, ModelNode, ModelPeerGroup, ModelRouter, ModelSelector, ModelSpeaker, ModelVip } from './topology-model.js';

export function lowerSpeakers(scope: LoweringScope, cluster: ModelCluster): ModelSpeaker[] {
    const speakers: ModelSpeaker[] = [];
    const resolve: AdvertisementResolver = {
        network: (ref) => scope.network(ref),
        vip: (ref) => scope.vip(ref),
        router: (ref) => {
            const host = scope.host(ref);
            return host?.kind === 'router' ? host : undefined;
        },
        selector: (selector) => scope.selector(selector, cluster)
    };
    for (const node of cluster.ast.speakers ?? []) {
        const vips: ModelVip[] = [];
        const vip = ast.isKubeVipSpeaker(node) ? scope.vip(node.vip?.ref) : undefined;
        if (vip) {
            vips.push(vip);
        }
        for (const item of ast.isKubeVipSpeaker(node) ? [] : (node.advertise ?? [])) {
            const advertised = item.kind === 'vip' ? scope.vip(item.vip?.ref) : undefined;
            if (advertised) {
                vips.push(advertised);
            }
        }
        const selector = node.speakerSet?.selector ? scope.selector(node.speakerSet.selector, cluster) : undefined;
        const options = lowerPeerOptions(node, undefined);
        const groups: ModelPeerGroup[] = [];
        const peers: ModelRouter[] = [];
        const advertisements: ModelAdvertisement[] = [];
        const servicesNodes = speakerNodes(node, cluster, selector);
        const speaker: ModelSpeaker = {
            kind: node.kind as ModelSpeaker['kind'],
            cluster,
            asn: options.asn,
            peers,
            nodes: ast.isKubeVipSpeaker(node) ? withHolders(servicesNodes, vips, cluster) : servicesNodes,
            source: options.source,
            multihop: options.multihop,
            passwordSecret: options.passwordSecret,
            literalPassword: options.literalPassword,
            bfd: options.bfd !== undefined,
            holdMs: options.holdMs,
            keepaliveMs: options.keepaliveMs,
            pools: speakerPools(node, resolve),
            servicesPool: ast.isKubeVipSpeaker(node) ? scope.network(node.servicesPool?.ref) : undefined,
            servicesNodes,
            advertisements,
            vips,
            selector,
            options,
            groups,
            nodeMesh: ast.isCalicoSpeaker(node) ? node.nodeMesh !== 'off' : undefined,
            ast: node
        };
        groups.push(...lowerGroups(scope, speaker, node));
        peers.push(...new Set(groups.flatMap((group) => group.routers)));
        advertisements.push(...lowerAdvertisements(speaker, node, resolve));
        speakers.push(speaker);
    }
    return speakers;
}

/** Where a block runs: its `speakers` selector, else all nodes (kube-vip: the control plane). */
function speakerNodes(node: ast.Speaker, cluster: ModelCluster, selector: ModelSelector | undefined): ModelNode[] {
    if (selector) {
        return selector.matched;
    }
    return node.kind === 'kube-vip' ? cluster.nodes.filter((n) => n.role === 'control-plane') : cluster.nodes;
}

/** The block's v1 `peers` line(s) as one group without options of its own, and each `peer` group, in file order. */
function lowerGroups(scope: LoweringScope, speaker: ModelSpeaker, node: ast.Speaker): ModelPeerGroup[] {
    const routersOf = (refs: Array<{ ref?: ast.Router }> | undefined): ModelRouter[] =>
        (refs ?? []).flatMap((ref) => {
            const host = scope.host(ref.ref);
            return host?.kind === 'router' ? [host] : [];
        });
    const entries: Array<{ offset: number; make: (index: number) => ModelPeerGroup }> = [];
    if ((node.peers ?? []).length > 0) {
        entries.push({
            offset: node.peers[0].$refNode?.offset ?? 0,
            make: (index) => ({ speaker, index, routers: routersOf(node.peers), nodes: speaker.nodes, options: speaker.options })
        });
    }
    for (const group of node.groups ?? []) {
        entries.push({
            offset: group.$cstNode?.offset ?? 0,
            make: (index) => {
                const selector = group.speakerSet?.selector ? scope.selector(group.speakerSet.selector, speaker.cluster) : undefined;
                // Both lists are in cluster order; the block's nodes are the whole cluster unless it sets `speakers`.
                const within = speaker.nodes === speaker.cluster.nodes ? undefined : new Set(speaker.nodes);
                return {
                    speaker,
                    index,
                    routers: routersOf(group.routers),
                    selector,
                    nodes: selector ? (within ? selector.matched.filter((member) => within.has(member)) : selector.matched) : speaker.nodes,
                    options: lowerPeerOptions(group, speaker.options),
                    ast: group
                };
            }
        });
    }
    return entries.sort((a, b) => a.offset - b.offset).map((entry, index) => entry.make(index));
}

/**
 * kube-vip runs one process per node (LANGUAGE-V2 §2, §9): the holders of its control-plane VIPs always speak (their
 * static pod), whether or not the block's `speakers` names them; the others are the services DaemonSet's nodes.
 */
function withHolders(nodes: ModelNode[], vips: ModelVip[], cluster: ModelCluster): ModelNode[] {
    const chosen = new Set<ModelNode>(nodes);
    for (const vip of vips) {
        for (const holder of vip.holders) {
            if (holder.host.kind === 'node' && holder.host.cluster === cluster) {
                chosen.add(holder.host);
            }
        }
    }
    return cluster.nodes.filter((member) => chosen.has(member));
}
