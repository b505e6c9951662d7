/**
 * Hover text for what is announced (LANGUAGE-V2 §7, §9): what a pool hands out (its ranges or prefix, to which
 * Services), and for each advertisement which routers receive it, at which length, with which communities and
 * local-pref. Everything comes from the model's advertisements and their announcements, as the renderers see them.
 */
import { announcementMatch, advertisementAnnouncements } from '../../model/announcement-derivation.js';
import type { AstNode } from 'langium';
import { termText } from '../../model/node-selector.js';
import { announceItemText as itemText } from '../../model/announce-lowering.js';
import type { ModelAdvertisement, ModelNetwork, ModelRouter, TopologyModel } from '../../model/topology-model.js';

/** The lines a loadbalancer network's hover adds: what it hands out and where it is announced. */
export function poolHoverLines(model: TopologyModel, network: ModelNetwork): string[] {
    if (network.role !== 'loadbalancer') {
        return [];
    }
    const lines: string[] = ['', '**Hands out**'];
    if (network.ranges.length > 0) {
        let count = 0n;
        for (const range of network.ranges) {
            if (range.start && range.end && range.end.value >= range.start.value) {
                count += range.end.value - range.start.value + 1n;
                lines.push(`- ${range.start.text} – ${range.end.text}`);
            }
        }
        lines.push(`- ${count.toString()} address(es)`);
    } else if (network.prefix) {
        lines.push(`- all of ${network.prefix.text}`);
    }
    const who: string[] = [];
    if (network.services.length > 0) {
        who.push(`Services labelled ${network.services.map(termText).join(', ')}`);
    }
    if (network.namespaces.length > 0) {
        who.push(`in namespace(s) ${network.namespaces.join(', ')}`);
    }
    lines.push(`- to ${who.length > 0 ? who.join(' ') : 'any Service'}${network.autoAssign ? '' : ', only when asked for (auto-assign off)'}`);
    const advertisements = model.speakers.flatMap((speaker) => speaker.advertisements.filter((item) => item.kind === 'pool' && item.network === network));
    lines.push('', advertisements.length > 0 ? '**Announced**' : 'No speaker announces it.');
    for (const advertisement of advertisements) {
        lines.push(`- ${advertisementSummary(model, advertisement)}`);
    }
    return lines;
}

/** Hover on an `advertise` item: which routers receive it, as which prefixes, with which attributes. */
export function advertisementHover(model: TopologyModel, advertisement: ModelAdvertisement): string {
    const lines = [`**advertise ${advertisementName(advertisement)}** — ${advertisement.speaker.kind} of cluster ${advertisement.speaker.cluster.name}`, ''];
    lines.push(advertisementSummary(model, advertisement));
    const prefixes = [...new Set(advertisement.nodes.flatMap((node) => advertisementAnnouncements(advertisement, node).map(announcementMatch)))];
    lines.push('', prefixes.length > 0 ? 'Routers accept:' : 'Nothing to announce (no prefix).', ...prefixes.slice(0, 12).map((text) => `- \`${text}\``));
    if (prefixes.length > 12) {
        lines.push(`- … and ${prefixes.length - 12} more`);
    }
    return lines.join('\n');
}

function advertisementName(advertisement: ModelAdvertisement): string {
    const target = advertisement.network?.name ?? advertisement.vip?.name;
    return target ? `${advertisement.kind} ${target}` : advertisement.kind;
}

/** `metallb (prod) → tor1, tor2 (iBGP: tor2) from 3 node(s), /32, communities 64512:100, no-advertise; local-pref 200`. */
function advertisementSummary(model: TopologyModel, advertisement: ModelAdvertisement): string {
    const speaker = advertisement.speaker;
    const routers = receivingRouters(model, advertisement);
    const ibgp = routers.filter((router) => model.sessions.some((s) => s.speaker === speaker && s.router === router && s.type === 'ibgp'));
    const parts = [
        `${speaker.kind} (${speaker.cluster.name}) → ${routers.map((router) => router.name).join(', ') || 'no router'} from ${advertisement.nodes.length} node(s)`,
        advertisement.aggregate !== undefined ? `as /${advertisement.aggregate}` : advertisement.kind === 'pool' ? 'per address' : undefined,
        advertisement.services.length > 0 ? `Services ${advertisement.services.map(termText).join(', ')}` : undefined,
        advertisement.communities.length > 0 ? `communities ${advertisement.communities.map((c) => (c.wellKnown ? `${c.text} (${c.value})` : c.text)).join(', ')}` : undefined,
        advertisement.localPref !== undefined
            ? `local-pref ${advertisement.localPref}${ibgp.length > 0 ? ` (iBGP: ${ibgp.map((router) => router.name).join(', ')})` : ' (dropped: every session is eBGP)'}`
            : undefined
    ];
    return parts.filter((part) => part !== undefined).join(', ');
}

function receivingRouters(model: TopologyModel, advertisement: ModelAdvertisement): ModelRouter[] {
    const routers = new Set<ModelRouter>();
    for (const session of model.sessions) {
        if (
            session.speaker === advertisement.speaker &&
            advertisement.nodes.includes(session.node) &&
            (advertisement.to.length === 0 || advertisement.to.includes(session.router))
        ) {
            routers.add(session.router);
        }
    }
    return [...routers];
}

/** Hover on an `announce` item of a `neighbor ROUTER` / `upstream` line: the prefixes it stands for, and how each is sent. */
export function announceItemHover(model: TopologyModel, node: AstNode): string | undefined {
    const owner = model.routers
        .flatMap((router) => [
            ...router.upstreams.map((upstream) => ({ items: upstream.announce, where: `to upstream ${upstream.address?.text ?? '?'}`, router })),
            ...router.routerNeighbors.map((line) => ({ items: line.announce, where: `to router ${line.peer.name}`, router }))
        ])
        .find((entry) => entry.items.some((item) => item.ast === node));
    const item = owner?.items.find((entry) => entry.ast === node);
    if (!owner || !item) {
        return undefined;
    }
    const lines = [`**announce ${itemText(item)}** — router ${owner.router.name} ${owner.where}`, ''];
    if (item.prefixes.length === 0) {
        lines.push('Stands for no prefix (see the diagnostic).');
    }
    for (const entry of item.prefixes) {
        const how =
            entry.origin === 'aggregate'
                ? '`aggregate-address …`: the pool once, originated here; the exact export list keeps its more-specifics from an upstream (routers still carry them)'
                : entry.origin === 'connected'
                  ? `a route of ${owner.router.name}'s own interfaces (FRR \`network\` statement)`
                  : `as learned from the speakers${entry.exact ? '' : ' (it or anything more specific)'}`;
        lines.push(`- \`${announcementMatch(entry)}\` — ${how}`);
    }
    return lines.join('\n');
}
