/**
 * The peers of frr.conf that speakers dial (LANGUAGE.md "Peering semantics"): one peer-group per speaker group with
 * the exact /32 (/128) listen ranges of its sources, for a router without `neighbor` lines; else exactly the router's
 * `neighbor` lines (a NODE line: one passive neighbor per derived session; a PREFIX line: a peer-group with that
 * listen range). Each peer takes its options from the group of its first session.
 */
import { type BgpSession, type ModelNeighbor, type ModelPeerGroup, type ModelRouter } from '../model/index.js';
import { familyBits, prefixContains } from '../model/ip-address.js';
import { bfdProfileOf, sessionOptionFields, withPassword } from './frr-peer-options.js';
import type { Peer, PeerView } from './frr-views.js';
import { originOf } from './render-header.js';
import { frrWord } from './render-names.js';
import { speakerPassword } from './render-secrets.js';
import { RenderError, type RenderContext } from './render-types.js';

/** FRR's multihop TTL when a speaker (Calico) is always multihop and names none. */
const ANY_TTL = 255;

/** One peer-group per peer group of a speaker block with sessions to this router (v1: one per block). */
export function speakerPeers(router: ModelRouter, context: RenderContext): Peer[] {
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
export function neighborPeers(router: ModelRouter, context: RenderContext): Peer[] {
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
        // Timers, connect-retry and graceful restart as on a router's own lines; the router waits for its speakers.
        ...(options ? sessionOptionFields(options) : {}),
        passive: !isGroup,
        bfd: router.bfd || options?.bfd !== undefined,
        // The group's profile, else the router's own `bfd { … }` (LANGUAGE-V2 §13).
        bfdProfile: (options ? bfdProfileOf(options)?.name : undefined) ?? (router.bfdProfile ? bfdProfileOf({ bfd: router.bfdProfile })?.name : undefined),
        // Calico is always multihop (FACTS-V2 §3): its sessions off the link need the router's TTL raised too.
        multihop: ebgp ? (first.multihop ?? (first.speaker.kind === 'calico-bgp' && !first.singleHop ? ANY_TTL : undefined)) : undefined,
        updateSource: first?.toLoopback ? first.destination?.address.text : undefined,
        extendedNexthop: sessions.some((session) => session.family === 6 && session.carries.includes(4)) || undefined
    };
    if (!first) {
        return view;
    }
    return withPassword(view, speakerPassword(first.speaker, context, options));
}
