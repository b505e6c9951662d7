/**
 * What a speaker on one node may announce towards one router (LANGUAGE-V2 §7), from its advertisements: pool
 * prefixes and ranges at the length the advertisement produces (the host length, or exactly its `aggregate`),
 * VIP host routes, the node's pod CIDR (else the cluster's pod network), and the service / external-IP networks.
 * Each announcement carries its advertisement's communities and local-pref. Router import policies, the sessions
 * table and verify all read this one function.
 */
import { familyBits, hostPrefix, parsePrefix, prefixCovers, prefixOf, rangePrefixes, type IpPrefix } from './ip-address.js';
import type { Announcement, ModelAdvertisement, ModelNetwork, ModelNode, ModelRouter, ModelSpeaker } from './topology-model.js';

/**
 * The announcements of `speaker` on `node`; towards `router` only when given (an advertisement's `to`). Nodes in
 * the same advertisements (and routers in the same `to` lists) get one shared, read-only list: the sessions of a
 * block ask for it once per (node, router), thousands of times with a handful of distinct answers.
 */
export function announcementsOf(speaker: ModelSpeaker, node: ModelNode, router?: ModelRouter): readonly Announcement[] {
    const index = speakerIndex(speaker);
    const key = index.keyOf(node);
    let byRouter = index.lists.get(key);
    if (!byRouter) {
        byRouter = new Map();
        index.lists.set(key, byRouter);
    }
    let list = byRouter.get(router);
    if (!list) {
        list = [];
        for (const advertisement of index.of(node)) {
            if (!router || advertisement.to.length === 0 || advertisement.to.includes(router)) {
                list.push(...advertisementAnnouncements(advertisement, node));
            }
        }
        byRouter.set(router, list);
    }
    return list;
}

/** Per speaker block: the advertisements each node is in, and the announcement lists per such set and router. */
interface SpeakerIndex {
    /** The node's advertisements, in file order. */
    of(node: ModelNode): readonly ModelAdvertisement[];
    /** Equal for two nodes with equal announcements: their advertisements, and the node itself when one depends on it. */
    keyOf(node: ModelNode): string;
    readonly lists: Map<string, Map<ModelRouter | undefined, Announcement[]>>;
}

const speakerIndexes = new WeakMap<ModelSpeaker, SpeakerIndex>();

function speakerIndex(speaker: ModelSpeaker): SpeakerIndex {
    let index = speakerIndexes.get(speaker);
    if (index) {
        return index;
    }
    // Advertisements without `speakers` share the block's node list: one set per distinct list, not per advertisement.
    const setsByList = new Map<readonly ModelNode[], number>();
    const sets: Array<ReadonlySet<ModelNode>> = [];
    const setOf = speaker.advertisements.map((advertisement) => {
        let position = setsByList.get(advertisement.nodes);
        if (position === undefined) {
            position = sets.length;
            setsByList.set(advertisement.nodes, position);
            sets.push(new Set(advertisement.nodes));
        }
        return position;
    });
    const keys = new Map<ModelNode, string>();
    const byMembership = new Map<string, readonly ModelAdvertisement[]>();
    const membership = (node: ModelNode): string => sets.map((set) => (set.has(node) ? '1' : '0')).join('');
    const of = (node: ModelNode): readonly ModelAdvertisement[] => {
        const key = membership(node);
        let advertisements = byMembership.get(key);
        if (!advertisements) {
            advertisements = speaker.advertisements.filter((_, position) => key[setOf[position]] === '1');
            byMembership.set(key, advertisements);
        }
        return advertisements;
    };
    // Only a `pod-cidrs` advertisement can make a node's list its own.
    const podCidrs = speaker.advertisements.some((advertisement) => advertisement.kind === 'pod-cidrs');
    index = {
        of,
        keyOf(node) {
            let key = keys.get(node);
            if (key === undefined) {
                key = membership(node);
                if (podCidrs && of(node).some((advertisement) => nodeDependent(advertisement, node))) {
                    key += `#${keys.size}`;
                }
                keys.set(node, key);
            }
            return key;
        },
        lists: new Map()
    };
    speakerIndexes.set(speaker, index);
    return index;
}

/** `pod-cidrs` announces the node's own pod CIDR when it has one (not with Calico, which announces its pool). */
function nodeDependent(advertisement: ModelAdvertisement, node: ModelNode): boolean {
    return advertisement.kind === 'pod-cidrs' && advertisement.speaker.kind !== 'calico-bgp' && node.podCidrs.length > 0;
}

/** Per advertisement, what it produces on any node (all kinds but `pod-cidrs`, which depends on the node). */
const nodeFree = new WeakMap<ModelAdvertisement, readonly Announcement[]>();

/** The prefixes one advertisement produces on one node (shared, read-only objects). */
export function advertisementAnnouncements(advertisement: ModelAdvertisement, node: ModelNode): readonly Announcement[] {
    if (advertisement.kind === 'pod-cidrs') {
        return produce(advertisement, node);
    }
    let cached = nodeFree.get(advertisement);
    if (!cached) {
        cached = produce(advertisement, node);
        nodeFree.set(advertisement, cached);
    }
    return cached;
}

function produce(advertisement: ModelAdvertisement, node: ModelNode): Announcement[] {
    const attributes = {
        communities: advertisement.communities,
        localPref: advertisement.localPref,
        advertisement
    };
    switch (advertisement.kind) {
        case 'pool': {
            const network = advertisement.network;
            if (!network) {
                return [];
            }
            const shapes = poolPrefixes(network, advertisement.aggregate);
            if (advertisement.aggregate !== undefined && advertisement.speaker.kind === 'cilium-bgp') {
                // Cilium ignores the aggregation length for Services with externalTrafficPolicy Local (FACTS-V2 §2).
                shapes.push(...poolPrefixes(network, undefined));
            }
            return shapes.map((entry) => ({ ...entry, origin: 'pool' as const, ...attributes }));
        }
        case 'vip': {
            const address = advertisement.vip?.address;
            return address ? [{ prefix: hostPrefix(address), exact: true, origin: 'vip', ...attributes }] : [];
        }
        case 'pod-cidrs': {
            // Per family (LANGUAGE-V2 §6): the node's pod CIDR of that family, else the cluster's pod network of it.
            const result: Announcement[] = [];
            for (const family of [4, 6] as const) {
                // Calico announces its IPAM blocks (and borrowed /32s) from the pod network, whatever the node's pod-cidr.
                const cidr = advertisement.speaker.kind === 'calico-bgp' ? undefined : node.podCidrs.find((prefix) => prefix.family === family);
                const network = advertisement.speaker.cluster.podNetworks.find((candidate) => candidate.prefix?.family === family)?.prefix;
                if (cidr) {
                    result.push({ prefix: cidr, exact: true, origin: 'pod-cidr', ...attributes });
                } else if (network) {
                    result.push({ prefix: network, exact: false, origin: 'pod-network', ...attributes });
                }
            }
            return result;
        }
        case 'cluster-ips': {
            return advertisement.speaker.cluster.serviceNetworks.flatMap((network) =>
                network.prefix ? [{ ...atLength(network.prefix, advertisement.aggregate), origin: 'cluster-ips' as const, ...attributes }] : []
            );
        }
        case 'external-ips': {
            const prefix = advertisement.network?.prefix;
            return prefix ? [{ ...atLength(prefix, advertisement.aggregate), origin: 'external-ips' as const, ...attributes }] : [];
        }
    }
}

type Shape = Pick<Announcement, 'prefix' | 'exact' | 'lengths'>;

/** Per pool and aggregate length, its shapes: the same for every node that announces it. */
const poolShapes = new WeakMap<ModelNetwork, Map<number | undefined, readonly Shape[]>>();

/**
 * A pool's addresses (its ranges, else its prefix) as announced at `aggregate` bits (default: the host length):
 * a block at least that long is announced as the one prefix holding it; a shorter block as its prefixes of
 * exactly that length.
 */
function poolPrefixes(pool: ModelNetwork, aggregate: number | undefined): Shape[] {
    let byLength = poolShapes.get(pool);
    if (!byLength) {
        byLength = new Map();
        poolShapes.set(pool, byLength);
    }
    let shapes = byLength.get(aggregate);
    if (!shapes) {
        shapes = computePoolPrefixes(pool, aggregate);
        byLength.set(aggregate, shapes);
    }
    return [...shapes];
}

function computePoolPrefixes(pool: ModelNetwork, aggregate: number | undefined): Shape[] {
    const blocks = poolBlocks(pool);
    const result = new Map<string, Shape>();
    for (const block of blocks) {
        const length = Math.min(aggregate ?? familyBits(block.family), familyBits(block.family));
        const shape: Shape =
            block.length >= length
                ? { prefix: prefixOf(block.family, block.address, length), exact: true }
                : { prefix: block, exact: false, lengths: { min: length, max: length } };
        result.set(`${shape.prefix.text}|${shape.exact}`, shape);
    }
    return [...result.values()];
}

/** The CIDR blocks a pool hands out: its ranges summarized, else its prefix. */
export function poolBlocks(pool: ModelNetwork): IpPrefix[] {
    const ranges = pool.ranges.flatMap((range) => (range.start && range.end ? rangePrefixes(range.start, range.end) : []));
    if (ranges.length > 0) {
        return ranges;
    }
    return pool.prefix ? [pool.prefix] : [];
}

function atLength(prefix: IpPrefix, aggregate: number | undefined): Shape {
    if (aggregate === undefined) {
        return { prefix, exact: false };
    }
    return aggregate <= prefix.length ? { prefix: prefixOf(prefix.family, prefix.address, Math.max(0, aggregate)), exact: true } : { prefix, exact: false, lengths: { min: aggregate, max: aggregate } };
}

/** An announcement as a prefix-list match: `P`, `P le 32` (any length inside) or `P ge N le N`. */
export function announcementMatch(announcement: Shape): string {
    const { prefix } = announcement;
    if (announcement.exact) {
        return prefix.text;
    }
    const host = familyBits(prefix.family);
    const lengths = announcement.lengths;
    if (!lengths) {
        return `${prefix.text} le ${host}`;
    }
    return lengths.max === host && lengths.min === host ? `${prefix.text} ge ${host}` : `${prefix.text} ge ${lengths.min} le ${lengths.max}`;
}

/** The inverse of {@link announcementMatch}: `P`, `P le N`, `P ge N`, `P ge N le M` (undefined when malformed). */
export function parseAnnouncementMatch(text: string): Shape | undefined {
    const match = /^(\S+)(?: ge (\d+))?(?: le (\d+))?$/.exec(text.trim());
    const prefix = match ? parsePrefix(match[1]) : undefined;
    if (!match || !prefix) {
        return undefined;
    }
    const host = familyBits(prefix.family);
    if (match[2] === undefined && match[3] === undefined) {
        return { prefix, exact: true };
    }
    if (match[2] === undefined) {
        return Number(match[3]) === host ? { prefix, exact: false } : { prefix, exact: false, lengths: { min: prefix.length, max: Number(match[3]) } };
    }
    return { prefix, exact: false, lengths: { min: Number(match[2]), max: match[3] === undefined ? host : Number(match[3]) } };
}

/** The received prefix is one the announcement permits. */
export function announcementPermits(announcement: Shape, received: IpPrefix): boolean {
    const { prefix } = announcement;
    if (announcement.exact) {
        return prefix.family === received.family && prefix.text === received.text;
    }
    const lengths = announcement.lengths;
    return prefixCovers(prefix, received) && (!lengths || (received.length >= lengths.min && received.length <= lengths.max));
}
