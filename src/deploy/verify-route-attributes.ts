/**
 * Route attributes in verify (LANGUAGE-V2 §7): what an announcement attaches to the routes it produces (its prefix
 * shape, communities — standard values and large —, local-pref on iBGP, and its advertisement line for messages), and
 * what FRR shows of them: `show bgp ipv4|ipv6 unicast json detail` (FRR 8.4: per prefix, a header object then one
 * object per path with `peer.peerId`, `community.string`, `largeCommunity.string`, `locPrf`). Used by the attribute
 * check of speaker rows and the fabric check of router-to-router rows.
 */
import { parseAddress, parsePrefix, type Announcement } from '../model/index.js';

export const DETAIL_PROBES = {
    4: { id: 'bgp-ipv4-detail', argv: ['vtysh', '-c', 'show bgp ipv4 unicast json detail'] },
    6: { id: 'bgp-ipv6-detail', argv: ['vtysh', '-c', 'show bgp ipv6 unicast json detail'] }
} as const;


/** One advertisement's expectation on the routes it produces. */
export interface AttributeExpectation {
    readonly prefix: string;
    readonly exact: boolean;
    readonly lengths?: { readonly min: number; readonly max: number };
    /** Numeric standard communities (`a:b`) and large ones (`a:b:c`). */
    readonly communities: readonly string[];
    readonly largeCommunities: readonly string[];
    readonly localPref?: number;
    /** `advertise pool lb-web (line 37)`, for messages. */
    readonly label: string;
}

export function announcementExpectation(announcement: Announcement, ibgp: boolean): AttributeExpectation {
    const advertisement = announcement.advertisement;
    const line = advertisement?.ast?.$cstNode ? ` (line ${advertisement.ast.$cstNode.range.start.line + 1})` : '';
    const name = advertisement ? `${advertisement.kind}${advertisement.network ? ` ${advertisement.network.name}` : advertisement.vip ? ` ${advertisement.vip.name}` : ''}` : announcement.origin;
    return {
        prefix: announcement.prefix.text,
        exact: announcement.exact,
        ...(announcement.lengths ? { lengths: announcement.lengths } : {}),
        communities: announcement.communities.filter((c) => c.kind === 'standard').map((c) => c.value),
        largeCommunities: announcement.communities.filter((c) => c.kind === 'large').map((c) => c.value),
        ...(ibgp && announcement.localPref !== undefined ? { localPref: announcement.localPref } : {}),
        label: `advertise ${name}${line}`
    };
}

/** FRR's names of the well-known communities in `community.string`, as values. */
const FRR_COMMUNITY_NAMES: Readonly<Record<string, string>> = {
    internet: '0:0',
    'graceful-shutdown': '65535:0',
    'accept-own': '65535:1',
    'llgr-stale': '65535:6',
    'no-llgr': '65535:7',
    blackhole: '65535:666',
    'no-export': '65535:65281',
    'no-advertise': '65535:65282',
    'local-AS': '65535:65283',
    'no-peer': '65535:65284'
};

export interface RouteAttributes {
    readonly prefix: string;
    readonly peerId?: string;
    readonly communities: string[];
    readonly largeCommunities: string[];
    readonly localPref?: number;
}

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The paths of `show bgp … unicast json detail`, with their communities (as values) and local-pref. */
export function parseRouteAttributes(input: string | unknown): RouteAttributes[] {
    const root = typeof input === 'string' ? (input.trim() === '' ? {} : (JSON.parse(input) as unknown)) : input;
    if (!isObject(root)) {
        throw new Error('show bgp unicast json detail: not a JSON object');
    }
    const result: RouteAttributes[] = [];
    for (const [key, value] of Object.entries(isObject(root.routes) ? root.routes : {})) {
        const prefix = parsePrefix(key)?.text ?? key;
        for (const path of (Array.isArray(value) ? value : [value]).filter(isObject)) {
            if (!isObject(path.peer) && path.aspath === undefined) {
                continue; // the per-prefix header object
            }
            const words = (field: unknown): string[] =>
                isObject(field) && typeof field.string === 'string' ? field.string.split(/\s+/).filter((word) => word !== '') : [];
            const peer = isObject(path.peer) && typeof path.peer.peerId === 'string' ? path.peer.peerId : undefined;
            result.push({
                prefix,
                peerId: peer ? (parseAddress(peer)?.text ?? peer) : undefined,
                communities: words(path.community).map((word) => FRR_COMMUNITY_NAMES[word] ?? word),
                largeCommunities: words(path.largeCommunity),
                localPref: typeof path.locPrf === 'number' ? path.locPrf : undefined
            });
        }
    }
    return result;
}
