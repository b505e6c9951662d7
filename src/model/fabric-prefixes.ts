/**
 * What routers of the file carry between them (LANGUAGE-V2 §4): everything the speakers may announce, the routers'
 * loopbacks and the upstream routes the routers accept (`accept default`, `accept PREFIX, …`) — and nothing else.
 * Each router accepts exactly this from another router of the file (and sends exactly this to it), plus what a
 * `neighbor ROUTER { announce … }` line adds on that one session; to an upstream a router sends exactly its
 * `announce` items and takes exactly its `accept`. The sessions table lists it, FRR renders it as the policies and
 * verify checks it.
 */
import { announcementMatch } from './announcement-derivation.js';
import { hostPrefix, type IpPrefix } from './ip-address.js';
import type { AnnouncedPrefix, Announcement, AddressFamily, RouterSession, TopologyModel, UpstreamSession } from './topology-model.js';

export interface CarriedPrefix {
    readonly prefix: IpPrefix;
    /** Exactly this prefix; otherwise it or anything more specific. */
    readonly exact: boolean;
}

const fabricCache = new WeakMap<TopologyModel, CarriedPrefix[]>();

export function fabricPrefixes(model: TopologyModel): CarriedPrefix[] {
    const cached = fabricCache.get(model);
    if (cached) {
        return cached;
    }
    const seen = new Map<string, CarriedPrefix>();
    const add = (entry: CarriedPrefix): void => {
        const key = `${entry.prefix.text}|${entry.exact}`;
        if (!seen.has(key)) {
            seen.set(key, { prefix: entry.prefix, exact: entry.exact });
        }
    };
    for (const session of model.sessions) {
        session.announcements.forEach((announcement: Announcement) => add({ prefix: announcement.prefix, exact: announcement.exact }));
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

/** `PREFIX` (exactly) or `PREFIX le N` (it or anything more specific), as the sessions table writes it. */
export function carriedText(entry: CarriedPrefix): string {
    return announcementMatch(entry);
}

/** What the router at `ends[index]` of a router-to-router session additionally sends on it (its line's `announce`). */
export function routerSessionAnnounced(session: RouterSession, index: 0 | 1): AnnouncedPrefix[] {
    return inFamilies(session.ends[index].declaration?.announce.flatMap((item) => item.prefixes) ?? [], session.carries);
}

/** What the router at `ends[index]` accepts on a router-to-router session: what routers carry, and what the other end announces on it. */
export function routerSessionImports(model: TopologyModel, session: RouterSession, index: 0 | 1): CarriedPrefix[] {
    return unique([...fabricPrefixes(model).filter((entry) => session.carries.includes(entry.prefix.family)), ...routerSessionAnnounced(session, index === 0 ? 1 : 0)]);
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
        const key = `${entry.prefix.text}|${entry.exact}`;
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
        seen.set(`${entry.prefix.text}|${entry.exact}`, seen.get(`${entry.prefix.text}|${entry.exact}`) ?? { prefix: entry.prefix, exact: entry.exact });
    }
    return [...seen.values()];
}
