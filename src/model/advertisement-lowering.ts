/**
 * A speaker block's advertisements (LANGUAGE-V2 §7): its `advertise` items with their options, and the ones the
 * block implies — v1's metallb `pool` without `advertise` lines (every pool to every peer), kube-vip's `vip`
 * and `services pool` (§9). v1 files keep their meaning: their pools and VIPs become implicit advertisements.
 */
import * as ast from '../language/generated/ast.js';
import { communityOf } from './community.js';
import { labelTerm } from './node-selector.js';
import type {
    ModelAdvertisement,
    ModelCommunity,
    ModelNetwork,
    ModelNode,
    ModelRouter,
    ModelSelector,
    ModelSpeaker,
    ModelVip
} from './topology-model.js';

export interface AdvertisementResolver {
    network(node: ast.Network | undefined): ModelNetwork | undefined;
    vip(node: ast.Vip | undefined): ModelVip | undefined;
    router(node: ast.Router | undefined): ModelRouter | undefined;
    selector(node: ast.Selector): ModelSelector;
}

/** The block's own pools: metallb's `pool` list, kube-vip's `services pool`, then pools only `advertise` names. */
export function speakerPools(node: ast.Speaker, resolve: AdvertisementResolver): ModelNetwork[] {
    const pools: ModelNetwork[] = [];
    const add = (network: ModelNetwork | undefined): void => {
        if (network && !pools.includes(network)) {
            pools.push(network);
        }
    };
    if (ast.isMetallbSpeaker(node)) {
        (node.pools ?? []).forEach((ref) => add(resolve.network(ref.ref)));
    }
    if (ast.isKubeVipSpeaker(node)) {
        add(resolve.network(node.servicesPool?.ref));
    }
    if (!ast.isKubeVipSpeaker(node)) {
        (node.advertise ?? []).filter((item) => item.kind === 'pool').forEach((item) => add(resolve.network(item.pool?.ref)));
    }
    return pools;
}

export function lowerAdvertisements(speaker: ModelSpeaker, node: ast.Speaker, resolve: AdvertisementResolver): ModelAdvertisement[] {
    const implicit = (kind: ModelAdvertisement['kind'], nodes: ModelNode[], network?: ModelNetwork, vip?: ModelVip): ModelAdvertisement => ({
        speaker,
        kind,
        network,
        vip,
        to: [],
        nodes,
        communities: [],
        services: [],
        implicit: true
    });
    if (ast.isKubeVipSpeaker(node)) {
        const result = speaker.vips.map((vip) => implicit('vip', speaker.nodes, undefined, vip));
        if (speaker.servicesPool) {
            result.push(implicit('pool', speaker.servicesNodes, speaker.servicesPool));
        }
        return result;
    }
    const items = node.advertise ?? [];
    if (ast.isMetallbSpeaker(node) && items.length === 0) {
        return speaker.pools.map((pool) => implicit('pool', speaker.nodes, pool));
    }
    return items.map((item) => lowerItem(speaker, item, resolve));
}

function lowerItem(speaker: ModelSpeaker, item: ast.Advertisement, resolve: AdvertisementResolver): ModelAdvertisement {
    const selector = item.speakerSet?.selector ? resolve.selector(item.speakerSet.selector) : undefined;
    const chosen = selector ? new Set(selector.matched) : undefined;
    const kind = (item.kind ?? 'pool') as ModelAdvertisement['kind'];
    return {
        speaker,
        kind,
        network: kind === 'pool' ? resolve.network(item.pool?.ref) : kind === 'external-ips' ? resolve.network(item.network?.ref) : undefined,
        vip: kind === 'vip' ? resolve.vip(item.vip?.ref) : undefined,
        to: (item.to ?? []).flatMap((ref) => {
            const router = resolve.router(ref.ref);
            return router ? [router] : [];
        }),
        selector,
        nodes: chosen ? speaker.servicesNodes.filter((member) => chosen.has(member)) : speaker.servicesNodes,
        aggregate: item.aggregate,
        communities: (item.communities ?? []).flatMap((text): ModelCommunity[] => {
            const community = communityOf(text);
            return community ? [community] : [];
        }),
        localPref: item.localPref,
        services: (item.services ?? []).map(labelTerm),
        implicit: false,
        ast: item
    };
}
