/**
 * Derives the BGP sessions of a topology (LANGUAGE-V2 §2, §3, §6): for each peer group of each speaker block,
 * one session per (group node, group router, family), with the addresses each side uses, the session type, the
 * group's options and what the speaker may announce on it.
 *
 * Source (§3, Changed from v1): the node's address on the most specific network it shares with the router (then
 * the node's first address on it); `source address N` / `source interface IF` pin it; without a shared network a
 * multihop or `to loopback` session starts from the node's first address of the family. Destination: the
 * router's address on that network, its loopback with `to loopback`, else (multihop) its first address of the
 * family. No shared network and no multihop: `noPath` (`peer-no-path`).
 */
import { announcementsOf } from './announcement-derivation.js';
import type {
    AddressFamily,
    Announcement,
    BgpSession,
    ModelAddress,
    ModelNode,
    ModelPeerGroup,
    ModelRouter,
    ModelSpeaker,
    SessionGap
} from './topology-model.js';

const BGP_PORT = 179;
/** `to loopback` implies `multihop 2` unless the group sets one (§3). */
const LOOPBACK_MULTIHOP = 2;

export interface DerivedSessions {
    readonly sessions: BgpSession[];
    readonly gaps: SessionGap[];
}

/** The sessions of every speaker, in declaration order (the caller files them under their routers), and the gaps. */
export function deriveSessions(speakers: readonly ModelSpeaker[]): DerivedSessions {
    const sessions: BgpSession[] = [];
    const gaps: SessionGap[] = [];
    for (const speaker of speakers) {
        const ids = new Set<string>();
        for (const group of speaker.groups) {
            const routers = [...new Set(group.routers)];
            for (const node of group.nodes) {
                const announcements = announcementsOf(speaker, node);
                const plans = familyPlans(group, node, announcements);
                for (const router of routers) {
                    const derived: Array<Omit<BgpSession, 'id'>> = [];
                    const towards = announcementsOf(speaker, node, router);
                    for (const plan of plans) {
                        const result = deriveSession(group, node, router, plan, towards);
                        if ('missing' in result) {
                            gaps.push(result);
                        } else {
                            derived.push(result);
                        }
                    }
                    for (const session of derived) {
                        // The derived object becomes the session (no copy: thousands of sessions per file).
                        sessions.push(Object.assign(session, { id: uniqueId(ids, session, derived.length > 1) }));
                    }
                }
            }
        }
    }
    return { sessions, gaps };
}

interface FamilyPlan {
    readonly family: AddressFamily;
    readonly carries: AddressFamily[];
}

/**
 * The sessions a group asks for per (node, router): its `families` (one session per family, or one `over F`
 * carrying all), else one per family the node's speaker announces something in, else (nothing announced) the
 * family of the node's first address, as v1.
 */
function familyPlans(group: ModelPeerGroup, node: ModelNode, announcements: readonly Announcement[]): FamilyPlan[] {
    const declared = group.options.families;
    if (declared && declared.families.length > 0) {
        const families = sortFamilies(declared.families);
        return declared.over !== undefined ? [{ family: declared.over, carries: families }] : families.map((family) => ({ family, carries: [family] }));
    }
    const announced = sortFamilies(announcements.map((announcement) => announcement.prefix.family as AddressFamily));
    if (announced.length > 0) {
        return announced.map((family) => ({ family, carries: [family] }));
    }
    const first = pinnedAddress(group, node) ?? node.addresses[0];
    const family = (first?.address.family ?? 4) as AddressFamily;
    return [{ family, carries: [family] }];
}

function sortFamilies(families: AddressFamily[]): AddressFamily[] {
    return [...new Set(families)].sort((a, b) => a - b);
}

function deriveSession(
    group: ModelPeerGroup,
    node: ModelNode,
    router: ModelRouter,
    plan: FamilyPlan,
    announcements: readonly Announcement[]
): Omit<BgpSession, 'id'> | SessionGap {
    const { family } = plan;
    const options = group.options;
    const nodeAddresses = node.addresses.filter((entry) => entry.address.family === family);
    const routerAddresses = router.addresses.filter((entry) => entry.address.family === family);
    if (nodeAddresses.length === 0) {
        return { group, node, router, family, missing: 'node' };
    }
    const loopback = options.toLoopback ? router.loopbacks.find((entry) => entry.address.family === family) : undefined;
    if (options.toLoopback ? loopback === undefined : routerAddresses.length === 0) {
        return { group, node, router, family, missing: options.toLoopback ? 'loopback' : 'router' };
    }
    const shared = options.toLoopback ? undefined : sharedNetwork(nodeAddresses, routerAddresses);
    const pinned = pinnedAddress(group, node);
    const source = pinned?.address.family === family ? pinned : (shared?.source ?? nodeAddresses[0]);
    const onLink = options.toLoopback || !source.network ? undefined : routerAddresses.find((entry) => entry.network === source.network);
    const multihop = options.multihop ?? (options.toLoopback ? LOOPBACK_MULTIHOP : undefined);
    // Calico's BIRD sessions are always multihop (FACTS-V2 §3): no shared network is still a path.
    const alwaysMultihop = group.speaker.kind === 'calico-bgp';
    const destination = loopback ?? onLink ?? (multihop !== undefined || alwaysMultihop ? routerAddresses[0] : undefined);
    const speakerAsn = options.asn;
    const routerAsn = router.asn;
    return {
        speaker: group.speaker,
        group,
        family,
        carries: plan.carries,
        options,
        toLoopback: options.toLoopback,
        port: router.listenPort ?? BGP_PORT,
        node,
        router,
        source,
        destination,
        speakerAsn,
        routerAsn,
        type: speakerAsn === undefined || routerAsn === undefined ? undefined : speakerAsn === routerAsn ? 'ibgp' : 'ebgp',
        multihop,
        singleHop: onLink !== undefined,
        noPath: loopback === undefined && onLink === undefined && multihop === undefined && !alwaysMultihop,
        announcements: carriedAnnouncements(announcements, plan.carries)
    };
}

/** Per announcement list (shared by the nodes and routers announcementsOf finds equal) and carried families: the part carried. */
const carriedLists = new WeakMap<readonly Announcement[], Map<string, readonly Announcement[]>>();

function carriedAnnouncements(announcements: readonly Announcement[], carries: readonly AddressFamily[]): readonly Announcement[] {
    let byFamilies = carriedLists.get(announcements);
    if (!byFamilies) {
        byFamilies = new Map();
        carriedLists.set(announcements, byFamilies);
    }
    const key = carries.join(',');
    let carried = byFamilies.get(key);
    if (!carried) {
        const families = new Set<number>(carries);
        carried = announcements.every((announcement) => families.has(announcement.prefix.family))
            ? announcements
            : announcements.filter((announcement) => families.has(announcement.prefix.family));
        byFamilies.set(key, carried);
    }
    return carried;
}

/**
 * The node's address on the most specific network both sides have an address on; among equally specific ones,
 * the node's first (so a node whose first address is on a network shared with the router keeps v1's source).
 */
function sharedNetwork(nodeAddresses: ModelAddress[], routerAddresses: ModelAddress[]): { source: ModelAddress } | undefined {
    let best: { source: ModelAddress; length: number } | undefined;
    for (const source of nodeAddresses) {
        const network = source.network;
        if (!network?.prefix || (best && best.length >= network.prefix.length)) {
            continue;
        }
        if (routerAddresses.some((entry) => entry.network === network)) {
            best = { source, length: network.prefix.length };
        }
    }
    return best;
}

/** The address `source address N` / `source interface IF` pins, if any. */
function pinnedAddress(group: ModelPeerGroup, node: ModelNode): ModelAddress | undefined {
    const selection = group.options.source;
    if (selection.kind === 'index') {
        return node.addresses[selection.index - 1];
    }
    if (selection.kind === 'interface') {
        return node.addresses.find((entry) => entry.network?.interface === selection.interface);
    }
    return undefined;
}

function uniqueId(ids: Set<string>, session: Omit<BgpSession, 'id'>, perFamily: boolean): string {
    const base = `${session.speaker.cluster.name}/${session.speaker.kind}/${session.node.name}->${session.router.name}`;
    const family = perFamily && session.family === 6 ? '/ipv6' : '';
    let id = `${base}${family}`;
    for (let n = 2; ids.has(id); n++) {
        id = `${base}${family}#${n}`;
    }
    ids.add(id);
    return id;
}

/** The node address a speaker block's sessions towards a router start from (§3), for its first group with the router. */
export function pickSource(node: ModelNode, speaker: ModelSpeaker): ModelAddress | undefined {
    const group = speaker.groups[0];
    const selection = speaker.options.source;
    if (selection.kind === 'index') {
        return node.addresses[selection.index - 1];
    }
    if (selection.kind === 'interface') {
        return node.addresses.find((entry) => entry.network?.interface === selection.interface) ?? node.addresses[0];
    }
    return (group ? pinnedAddress(group, node) : undefined) ?? node.addresses[0];
}
