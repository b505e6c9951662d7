/**
 * The policies of frr.conf: prefix-lists and the route-maps that match them (an exact inbound policy per speaker peer,
 * `RM-FABRIC` for what routers carry, `RM-RTR-…` / `RM-UP-…` for a line's own items, the shared deny-all), and what the
 * router originates for its `announce` items (`network`, `aggregate-address`). FRR's RFC 8212 default with `frr
 * defaults traditional` drops everything on an eBGP session without an inbound and an outbound policy.
 */
import { announcementMatch, type Announcement, type BgpSession, type ModelRouter } from '../model/index.js';
import { carriedText, type CarriedPrefix } from '../model/fabric-prefixes.js';
import type { AddressFamilyView, PrefixListView, RouteMapView } from './frr-views.js';
import { frrWord } from './render-names.js';

export const DENY_ALL = 'RM-DENY-ALL';
/** What routers of the file carry between them (LANGUAGE-V2 §4): the speakers' prefixes, the loopbacks, accepted upstream routes. */
export const FABRIC = 'FABRIC';

/** The announcements of all sessions, each prefix once (first occurrence wins), in session order. */
export function uniquePrefixes(sessions: BgpSession[]): Announcement[] {
    const seen = new Map<string, Announcement>();
    for (const session of sessions) {
        for (const announcement of session.announcements) {
            const key = announcementMatch(announcement);
            if (!seen.has(key)) {
                seen.set(key, announcement);
            }
        }
    }
    return [...seen.values()];
}

/** A prefix list permitting each match (`PREFIX`, `PREFIX le N`, `PREFIX ge N`…) in order. */
export function prefixList(name: string, family: 4 | 6, matches: readonly string[]): PrefixListView {
    return {
        name,
        family: family === 4 ? 'ip' : 'ipv6',
        entries: matches.map((match, index) => ({ seq: (index + 1) * 10, rule: `permit ${match}` }))
    };
}

/** One prefix list per family of `entries` (`BASE-SUFFIX`, `BASE-SUFFIX6`), returned as route-map matches. */
export function familyLists(base: string, suffix: string, entries: readonly CarriedPrefix[], prefixLists: PrefixListView[]): string[] {
    const matches: string[] = [];
    for (const family of [4, 6] as const) {
        const own = entries.filter((entry) => entry.prefix.family === family);
        if (own.length === 0) {
            continue;
        }
        const listName = frrWord(base, family === 4 ? suffix : `${suffix}6`);
        prefixLists.push(prefixList(listName, family, own.map(carriedText)));
        matches.push(`${family === 4 ? 'ip' : 'ipv6'} address prefix-list ${listName}`);
    }
    return matches;
}

/**
 * The route-map of one direction of a router-to-router or upstream session when it differs from the fabric's: the
 * `base` matches (what routers carry, none for an upstream), then the session's own prefixes. Undefined when the
 * session adds nothing (the caller uses the fabric's map, or DENY_ALL).
 */
export function linePolicy(peer: string, direction: 'IN' | 'OUT', base: string[], own: readonly CarriedPrefix[], prefixLists: PrefixListView[], routeMaps: RouteMapView[]): string | undefined {
    if (own.length === 0) {
        return undefined;
    }
    const name = frrWord('RM', peer, direction);
    const matches = [...base, ...familyLists(frrWord('PL', peer), direction, own, prefixLists)];
    matches.forEach((match, index) => routeMaps.push({ name, action: 'permit', seq: (index + 1) * 10, match }));
    return name;
}

/**
 * What the router originates for its `announce` items (LANGUAGE-V2 §4): `network P` for its connected prefixes (a
 * network it is on, its loopback; bgpd's import check announces them while the route is in its RIB) and
 * `aggregate-address P` for aggregated pools (FACTS-V2 §5: in the address-family of P; it exists while a more
 * specific route is in the BGP table). Not `summary-only`: that would withhold P's more-specifics from every peer of
 * the router, the fabric included (issue 17); every session already has an exact outbound policy, and the upstream's
 * export list (exactly its `announce` items) is what sends P there once, without its more-specifics.
 */
export function originations(router: ModelRouter, familyView: (family: 4 | 6) => AddressFamilyView): void {
    const items = [...router.upstreams.flatMap((upstream) => upstream.announce), ...router.routerNeighbors.flatMap((line) => line.announce)];
    const seen = new Set<string>();
    for (const entry of items.flatMap((item) => item.prefixes)) {
        const key = `${entry.origin}|${entry.prefix.text}`;
        if (entry.origin === 'learned' || seen.has(key)) {
            continue;
        }
        seen.add(key);
        const af = familyView(entry.prefix.family);
        if (entry.origin === 'aggregate') {
            af.aggregates.push(entry.prefix.text);
        } else {
            af.networks.push(entry.prefix.text);
        }
    }
}
