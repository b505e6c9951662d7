/**
 * What each upstream receives (LANGUAGE-V2 §4): exactly its `announce` items. Read on the router from
 * `show bgp ipv4|ipv6 unicast neighbors ADDR advertised-routes json` (FRR 8.4: `advertisedRoutes` keyed by prefix;
 * `{"warning": …}` for an address that is no neighbor, or not active in that family). One check per announce item,
 * located on the item, fails when nothing of it is advertised; a pool, pod network or VIP that the router holds no
 * route of yet (no Service uses the pool) is "nothing to announce yet", a pass, judged from the router's own
 * `show bgp … unicast json`. One check per upstream, located on the `upstream` line, fails naming every advertised
 * prefix no item stands for.
 */
import type { AnnouncedPrefix, UpstreamSession } from '../model/index.js';
import { announcementPermits } from '../model/announcement-derivation.js';
import { announceItemText } from '../model/announce-lowering.js';
import { upstreamExports } from '../model/fabric-prefixes.js';
import { parsePrefix, prefixCovers } from '../model/ip-address.js';
import { unlessSessionHealthy } from './verify-check-bgp.js';
import { PROBES, type EvaluationContext, type PlanSink } from './verify-check-context.js';
import { parseBgpRoutes, type Evaluation, type Json } from './verify-frr.js';
import { locateRouterLine } from './verify-locate.js';
import type { VerifyCheckKind } from './verify-types.js';

/** One prefix an announce item stands for, as the rule carries it. */
export interface UpstreamEntry {
    readonly prefix: string;
    readonly exact: boolean;
    readonly origin: AnnouncedPrefix['origin'];
    /** The item as written, e.g. `pool lb aggregate`. */
    readonly item: string;
}

export type UpstreamRoutesRule = {
    readonly rule: 'upstream-routes';
    readonly router: string;
    /** `upstream ADDR`, for messages. */
    readonly node: string;
    /** The upstream's address: the neighbor to find in the router's summary. */
    readonly source: string;
    readonly family: 'ipv4' | 'ipv6';
    readonly speakerAsn?: number;
    readonly advertisedProbe: string;
    readonly tableProbe: string;
    /** Everything the upstream may receive. */
    readonly entries: readonly UpstreamEntry[];
    /** The item this check is about; absent for the check of the whole line (anything extra). */
    readonly item?: string;
};

/** Plans the checks of one upstream session: one per announce item of its family, one for the line. */
export function planUpstreamRoutes(session: UpstreamSession, want: (kind: VerifyCheckKind) => boolean, { probe, checks }: PlanSink): void {
    const address = session.upstream.address;
    if (!want('upstream-routes') || !address || session.noPath) {
        return;
    }
    const family: 'ipv4' | 'ipv6' = session.family === 6 ? 'ipv6' : 'ipv4';
    const router = session.router;
    // The session's health first (unlessSessionHealthy reads the summary).
    probe(router, PROBES.bgpSummary);
    const advertisedProbe = probe(router, {
        id: `bgp-advertised-${family}-${address.text}`,
        argv: ['vtysh', '-c', `show bgp ${family} unicast neighbors ${address.text} advertised-routes json`]
    });
    const tableProbe = probe(router, session.family === 6 ? PROBES.bgpIpv6 : PROBES.bgpIpv4);
    const sent = new Set(upstreamExports(session).map((entry) => `${entry.prefix.text}|${entry.exact}`));
    const items = session.upstream.announce.filter((item) => item.prefixes.some((entry) => sent.has(`${entry.prefix.text}|${entry.exact}`)));
    const entries = items.flatMap((item) =>
        item.prefixes.filter((entry) => entry.prefix.family === session.family).map((entry) => ({ prefix: entry.prefix.text, exact: entry.exact, origin: entry.origin, item: announceItemText(item) }))
    );
    const base = { rule: 'upstream-routes' as const, router: router.name, node: `upstream ${address.text}`, source: address.text, family, speakerAsn: session.upstream.asn, advertisedProbe, tableProbe, entries };
    const element = `upstream ${address.text} of router ${router.name}`;
    for (const item of items) {
        const text = announceItemText(item);
        checks.push({
            id: `upstream-routes:${session.id}:${text}`,
            kind: 'upstream-routes',
            subject: `${router.name} announces ${text} to upstream ${address.text}`,
            location: locateRouterLine(element, item.ast),
            rule: { ...base, item: text }
        });
    }
    checks.push({
        id: `upstream-routes:${session.id}`,
        kind: 'upstream-routes',
        subject: `${router.name} sends upstream ${address.text} nothing but its announcements`,
        location: locateRouterLine(element, session.upstream.ast),
        rule: base
    });
}

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The prefixes of `show bgp … neighbors ADDR advertised-routes json`; throws on FRR's warning (no such neighbor). */
export function parseAdvertisedRoutes(input: string | unknown): string[] {
    const root = typeof input === 'string' ? (JSON.parse(input.trim() === '' ? '{}' : input) as unknown) : input;
    if (!isObject(root)) {
        throw new Error('advertised-routes json: not a JSON object');
    }
    if (typeof root.warning === 'string') {
        throw new Error(`FRR: ${root.warning}`);
    }
    return Object.keys(isObject(root.advertisedRoutes) ? root.advertisedRoutes : {}).map((key) => parsePrefix(key)?.text ?? key);
}

const shape = (entry: UpstreamEntry) => ({ prefix: parsePrefix(entry.prefix)!, exact: entry.exact });

function permitted(entry: UpstreamEntry, text: string): boolean {
    const prefix = parsePrefix(text);
    return prefix !== undefined && announcementPermits(shape(entry), prefix);
}

/** Judges the advertised prefixes (and, for an item not advertised, the router's own table) against the rule. */
function evaluateUpstreamRoutes(rule: Pick<UpstreamRoutesRule, 'entries' | 'item' | 'node'>, advertised: readonly string[], table: () => readonly string[]): Evaluation {
    if (rule.item === undefined) {
        const extra = advertised.filter((text) => !rule.entries.some((entry) => permitted(entry, text)));
        if (extra.length > 0) {
            const shown = extra.length > 8 ? `${extra.slice(0, 8).join(', ')}, … (${extra.length})` : extra.join(', ');
            return { status: 'fail', message: `${rule.node} receives ${shown}, which no \`announce\` item stands for` };
        }
        return { status: 'pass', message: advertised.length > 0 ? `${rule.node} receives ${advertised.length} prefix(es), all announced` : `${rule.node} receives nothing, as announced` };
    }
    const own = rule.entries.filter((entry) => entry.item === rule.item);
    const found = advertised.filter((text) => own.some((entry) => permitted(entry, text)));
    if (found.length > 0) {
        return { status: 'pass', message: `${rule.node} receives ${found.join(', ')}` };
    }
    const wanted = own.map((entry) => (entry.exact ? entry.prefix : `${entry.prefix} or more specific`)).join(', ');
    if (own.some((entry) => entry.origin === 'connected')) {
        return { status: 'fail', message: `${rule.node} does not receive ${wanted} (${rule.item})` };
    }
    // Learned or aggregated: nothing to send while the router has no route of it (an idle pool).
    const held = table().filter((text) => {
        const prefix = parsePrefix(text);
        return prefix !== undefined && own.some((entry) => prefixCovers(shape(entry).prefix, prefix));
    });
    if (held.length === 0) {
        return { status: 'pass', message: `nothing to announce yet: the router holds no route of ${rule.item} (${wanted})` };
    }
    return { status: 'fail', message: `${rule.node} does not receive ${wanted} (${rule.item}), though the router holds ${held.slice(0, 5).join(', ')}${held.length > 5 ? ', …' : ''}` };
}

export function upstreamRoutes(rule: UpstreamRoutesRule, context: EvaluationContext): Evaluation {
    const unhealthy = unlessSessionHealthy(rule, context);
    if (unhealthy) {
        return unhealthy;
    }
    const advertised = context.parsed(rule.router, rule.advertisedProbe, parseAdvertisedRoutes);
    return evaluateUpstreamRoutes(rule, advertised, () => [...context.parsed(rule.router, rule.tableProbe, parseBgpRoutes).keys()]);
}
