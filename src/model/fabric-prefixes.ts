/**
 * What routers of the file carry between them (LANGUAGE-V2 §4, issue 17): what the speakers may announce, each at
 * exactly the lengths its advertisement produces (a host route `ge 32`, an aggregate its exact block), per family;
 * the routers' loopbacks and the upstream routes the routers accept (`accept default`, `accept PREFIX, …`) — and
 * nothing else. A route sent with `no-advertise` stays at the router that received it and is left out; one sent
 * with `no-export` (or `local-as`) crosses only iBGP sessions, so only those carry it. Each router accepts exactly
 * this from another router of the file (and sends exactly this to it), plus what a `neighbor ROUTER { announce … }`
 * line adds on that one session; to an upstream a router sends exactly its `announce` items and takes exactly its
 * `accept`. The sessions table lists it, FRR renders it as the policies and verify checks it.
 */
import { announcementMatch } from './announcement-derivation.js';
import { communityScope } from './community.js';
import { hostPrefix, type IpPrefix } from './ip-address.js';
import type { AnnouncedPrefix, Announcement, AddressFamily, RouterSession, TopologyModel, UpstreamSession } from './topology-model.js';

export interface CarriedPrefix {
    readonly prefix: IpPrefix;
    /** Exactly this prefix; otherwise it or anything more specific (within `lengths` when given). */
    readonly exact: boolean;
    /** The lengths inside `prefix` that can arrive (an advertisement's host routes or aggregate length). */
    readonly lengths?: { readonly min: number; readonly max: number };
    /** Sent with `no-export` / `local-as` only: crosses iBGP router-to-router sessions, no eBGP one. */
    readonly ibgpOnly?: boolean;
}

const fabricCache = new WeakMap<TopologyModel, CarriedPrefix[]>();

/** The key of a prefix-list match: its prefix and lengths. */
const matchKey = (entry: Pick<CarriedPrefix, 'prefix' | 'exact' | 'lengths'>): string => announcementMatch(entry);

/** Everything routers of the file may carry between them, over any router-to-router session (see {@link routerSessionCarried}). */
export function fabricPrefixes(model: TopologyModel): CarriedPrefix[] {
    const cached = fabricCache.get(model);
    if (cached) {
        return cached;
    }
    const seen = new Map<string, CarriedPrefix>();
    const add = (entry: CarriedPrefix): void => {
        const key = matchKey(entry);
        const known = seen.get(key);
        if (!known || (known.ibgpOnly && !entry.ibgpOnly)) {
            seen.set(key, { prefix: entry.prefix, exact: entry.exact, ...(entry.lengths ? { lengths: entry.lengths } : {}), ...(entry.ibgpOnly ? { ibgpOnly: true } : {}) });
        }
    };
    for (const session of model.sessions) {
        session.announcements.forEach((announcement: Announcement) => {
            const scope = communityScope(announcement.communities);
            if (scope === 'here') {
                return; // stays at the router that received it (RFC 1997)
            }
            add({ prefix: announcement.prefix, exact: announcement.exact, lengths: announcement.lengths, ibgpOnly: scope === 'ibgp' });
        });
    }
    for (const router of model.routers) {
        for (const loopback of router.loopbacks) {
            add({ prefix: hostPrefix(loopback.address), exact: true });
        }
    }
    for (const session of model.upstreamSessions) {
        upstreamImports(session).forEach(add);
    }
    const result = [...seen.values()];
    fabricCache.set(model, result);
    return result;
}

/** `PREFIX` (exactly), `PREFIX ge N le M` (those lengths inside it) or `PREFIX le N` (it or anything more specific), as the sessions table writes it. */
export function carriedText(entry: CarriedPrefix): string {
    return announcementMatch(entry);
}

/** What routers carry over `session`: in its families, and the `no-export` routes only when it is iBGP. */
function routerSessionCarried(model: TopologyModel, session: Pick<RouterSession, 'carries' | 'type'>): CarriedPrefix[] {
    return fabricPrefixes(model).filter((entry) => session.carries.includes(entry.prefix.family) && (!entry.ibgpOnly || session.type === 'ibgp'));
}

/** What the router at `ends[index]` of a router-to-router session additionally sends on it (its line's `announce`). */
export function routerSessionAnnounced(session: RouterSession, index: 0 | 1): AnnouncedPrefix[] {
    return inFamilies(session.ends[index].declaration?.announce.flatMap((item) => item.prefixes) ?? [], session.carries);
}

/** What the router at `ends[index]` accepts on a router-to-router session: what routers carry, and what the other end announces on it. */
export function routerSessionImports(model: TopologyModel, session: RouterSession, index: 0 | 1): CarriedPrefix[] {
    return unique([...routerSessionCarried(model, session), ...routerSessionAnnounced(session, index === 0 ? 1 : 0)]);
}

/** What the router sends to an upstream: exactly its `announce` items, in the session's family. */
export function upstreamExports(session: UpstreamSession): AnnouncedPrefix[] {
    return inFamilies(session.upstream.announce.flatMap((item) => item.prefixes), [session.family]);
}

/** What the router takes from an upstream: exactly its `accept` prefixes, in the session's family. */
export function upstreamImports(session: UpstreamSession): CarriedPrefix[] {
    return session.upstream.accept.prefixes.filter((prefix) => prefix.family === session.family).map((prefix) => ({ prefix, exact: true }));
}

function inFamilies(entries: AnnouncedPrefix[], families: readonly AddressFamily[]): AnnouncedPrefix[] {
    const seen = new Set<string>();
    return entries.filter((entry) => {
        const key = matchKey(entry);
        if (!families.includes(entry.prefix.family) || seen.has(key)) {
            return false;
        }
        seen.add(key);
        return true;
    });
}

function unique(entries: CarriedPrefix[]): CarriedPrefix[] {
    const seen = new Map<string, CarriedPrefix>();
    for (const entry of entries) {
        const key = matchKey(entry);
        seen.set(key, seen.get(key) ?? { prefix: entry.prefix, exact: entry.exact, ...('lengths' in entry && entry.lengths ? { lengths: entry.lengths } : {}) });
    }
    return [...seen.values()];
}
