/**
 * Derives the BGP sessions of a topology: one per (speaker node, peer router) pair, with the addresses
 * each side uses, the session type and what the speaker may announce on it (LANGUAGE.md, "Peering
 * semantics").
 */
import { hostPrefix } from './ip-address.js';
import type { Announcement, BgpSession, ModelAddress, ModelNode, ModelRouter, ModelSpeaker } from './topology-model.js';

/** The sessions of every speaker, in declaration order (the caller files them under their routers). */
export function deriveSessions(speakers: readonly ModelSpeaker[]): BgpSession[] {
    const sessions: BgpSession[] = [];
    for (const speaker of speakers) {
        const routers = [...new Set(speaker.peers)];
        for (const node of speaker.nodes) {
            const source = pickSource(node, speaker);
            const announcements = announcementsOf(speaker, node);
            for (const router of routers) {
                const session = deriveSession(speaker, node, router, source, announcements);
                sessions.push(session);
            }
        }
    }
    return sessions;
}

function deriveSession(
    speaker: ModelSpeaker,
    node: ModelNode,
    router: ModelRouter,
    source: ModelAddress | undefined,
    announcements: Announcement[]
): BgpSession {
    const onLink = source?.network ? router.addresses.find((entry) => entry.network === source.network) : undefined;
    const multihopDestination =
        onLink || speaker.multihop === undefined
            ? undefined
            : (router.addresses.find((entry) => entry.address.family === source?.address.family) ?? router.addresses[0]);
    const speakerAsn = speaker.asn;
    const routerAsn = router.asn;
    return {
        id: `${speaker.cluster.name}/${speaker.kind}/${node.name}->${router.name}`,
        speaker,
        node,
        router,
        source,
        destination: onLink ?? multihopDestination,
        speakerAsn,
        routerAsn,
        type: speakerAsn === undefined || routerAsn === undefined ? undefined : speakerAsn === routerAsn ? 'ibgp' : 'ebgp',
        multihop: speaker.multihop,
        singleHop: onLink !== undefined,
        noPath: onLink === undefined && speaker.multihop === undefined,
        announcements
    };
}

/** The node address a speaker sources its sessions from (`source address N` / `source interface IF`). */
export function pickSource(node: ModelNode, speaker: ModelSpeaker): ModelAddress | undefined {
    const selection = speaker.source;
    if (selection.kind === 'index') {
        return node.addresses[selection.index - 1];
    }
    if (selection.kind === 'interface') {
        return node.addresses.find((entry) => entry.network?.interface === selection.interface) ?? node.addresses[0];
    }
    return node.addresses[0];
}

/** What one node's speaker may announce: its pool(s), its VIPs and its node's pod CIDR. */
export function announcementsOf(speaker: ModelSpeaker, node: ModelNode): Announcement[] {
    const result: Announcement[] = [];
    const pools = speaker.pool ? [speaker.pool, ...speaker.advertisePools] : speaker.advertisePools;
    for (const pool of pools) {
        if (pool.prefix) {
            result.push({ prefix: pool.prefix, exact: false, origin: 'pool' });
        }
    }
    for (const vip of speaker.vips) {
        if (vip.address) {
            result.push({ prefix: hostPrefix(vip.address), exact: true, origin: 'vip' });
        }
    }
    if (speaker.advertisePodCidrs) {
        if (node.podCidr) {
            result.push({ prefix: node.podCidr, exact: true, origin: 'pod-cidr' });
        } else if (speaker.cluster.podNetwork?.prefix) {
            result.push({ prefix: speaker.cluster.podNetwork.prefix, exact: false, origin: 'pod-network' });
        }
    }
    return result;
}
