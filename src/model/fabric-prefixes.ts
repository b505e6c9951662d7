/**
 * What routers of the file carry between them (LANGUAGE-V2 §4): everything the speakers may announce, and the
 * routers' loopbacks — and nothing else. Each router accepts exactly this from another router of the file (and
 * sends exactly this to it); the sessions table lists it and FRR renders it as the router-to-router policy.
 */
import { hostPrefix, type IpPrefix } from './ip-address.js';
import type { Announcement, TopologyModel } from './topology-model.js';

export interface CarriedPrefix {
    readonly prefix: IpPrefix;
    /** Exactly this prefix; otherwise it or anything more specific. */
    readonly exact: boolean;
}

export function fabricPrefixes(model: TopologyModel): CarriedPrefix[] {
    const seen = new Map<string, CarriedPrefix>();
    const add = (entry: CarriedPrefix): void => {
        const key = `${entry.prefix.text}|${entry.exact}`;
        if (!seen.has(key)) {
            seen.set(key, entry);
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
    return [...seen.values()];
}

/** `PREFIX` (exactly) or `PREFIX le N` (it or anything more specific), as the sessions table writes it. */
export function carriedText(entry: CarriedPrefix): string {
    return entry.exact ? entry.prefix.text : `${entry.prefix.text} le ${entry.prefix.family === 6 ? 128 : 32}`;
}
