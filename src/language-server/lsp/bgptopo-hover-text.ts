/**
 * The Markdown of bgptopo hovers, computed from the lowered model: ASN classes, prefix facts and what lies
 * inside a prefix, hosts with their addresses, BGP sessions and VIPs, VIPs with their holders. Pure
 * functions of the model, so they are tested without an editor.
 */
import type { AstNode } from 'langium';
import * as ast from '../../language/generated/ast.js';
import { classifyAsn, formatAsdot, parseAsn } from '../../model/asn.js';
import {
    formatAddress,
    lastAddress,
    networkAddress,
    prefixContains,
    prefixCovers,
    prefixSize,
    type IpAddress,
    type IpPrefix
} from '../../model/ip-address.js';
import { describeRowOptions, routerSessionRows, sessionRow, upstreamSessionRow, type SessionRow } from '../../model/session-table.js';
import type { BgpSession, ModelCluster, ModelHost, ModelNetwork, ModelPeerGroup, ModelVip, ModelWireGuard, TopologyModel } from '../../model/topology-model.js';
import { poolHoverLines } from './bgptopo-hover-announce.js';
import { asnText, mechanismText } from './bgptopo-model-lookup.js';

/** At most this many lines in a list; the rest is summarised. */
const LIST_LIMIT = 8;
/** At most this many rows in a sessions table. */
const TABLE_LIMIT = 20;
export function asnHover(text: string): string {
    const value = parseAsn(text);
    if (value === undefined) {
        return `**ASN ${text}** — not a valid ASN (1–4294967295, or asdot HIGH.LOW with both parts in 0–65535).`;
    }
    const info = classifyAsn(value);
    const notation = text.includes('.') ? `asdot ${text} = asplain ${value}` : value >= 65536 ? `asplain ${value} = asdot ${formatAsdot(value)}` : `asplain ${value}`;
    return [`**AS ${value}** (${notation})`, '', `Class: **${info.asnClass}** — ${info.description}`].join('\n');
}

export function prefixHover(model: TopologyModel, prefix: IpPrefix, written: string): string {
    const lines = [`**${prefix.text}**${written !== prefix.text ? ` (written \`${written}\`)` : ''}`, '', ...prefixFacts(prefix)];
    const inside = prefixContents(model, prefix);
    if (inside.length > 0) {
        lines.push('', 'Inside:', ...limitList(inside));
    } else {
        lines.push('', 'Nothing declared uses an address inside it.');
    }
    return lines.join('\n');
}

export function prefixFacts(prefix: IpPrefix): string[] {
    const first = networkAddress(prefix);
    const last = lastAddress(prefix);
    const size = prefixSize(prefix);
    const facts = [
        `IPv${prefix.family} /${prefix.length}: ${formatCount(size)} address${size === 1n ? '' : 'es'}`,
        `First ${formatAddress(prefix.family, first)} · last ${formatAddress(prefix.family, last)}`
    ];
    if (prefix.family === 4 && prefix.length < 31) {
        facts.push(`Hosts ${formatAddress(4, first + 1n)}–${formatAddress(4, last - 1n)} (network and broadcast address reserved)`);
    }
    return facts.map((fact) => `- ${fact}`);
}

/** Host addresses, VIPs, pod CIDRs and more specific networks that fall inside the prefix. */
export function prefixContents(model: TopologyModel, prefix: IpPrefix): string[] {
    const result: string[] = [];
    for (const network of model.networks) {
        if (network.prefix && network.prefix.text !== prefix.text && prefixCovers(prefix, network.prefix)) {
            result.push(`- network \`${network.name}\` ${network.prefix.text} (${network.role})`);
        }
    }
    for (const host of model.hosts) {
        for (const entry of host.addresses) {
            if (prefixContains(prefix, entry.address)) {
                result.push(`- ${entry.address.text} — ${hostLabel(host)}`);
            }
        }
    }
    for (const vip of model.vips) {
        if (vip.address && prefixContains(prefix, vip.address)) {
            result.push(`- ${vip.address.text} — VIP \`${vip.name}\` (${mechanismText(vip)})`);
        }
    }
    for (const node of model.nodes) {
        for (const cidr of node.podCidrs) {
            if (prefixCovers(prefix, cidr) && cidr.text !== prefix.text) {
                result.push(`- pod CIDR ${cidr.text} — node \`${node.name}\``);
            }
        }
    }
    return result;
}

export function addressHover(model: TopologyModel, address: IpAddress): string {
    const lines = [`**${address.text}** (IPv${address.family})`];
    const networks = model.networks
        .filter((network) => network.prefix && prefixContains(network.prefix, address))
        .sort((a, b) => b.prefix!.length - a.prefix!.length);
    lines.push('', networks.length > 0 ? `In ${networks.map((n) => `\`${n.name}\` ${n.prefix!.text} (${n.role})`).join(', ')}` : 'Outside every declared network.');
    const owners = [
        ...model.hosts.filter((host) => host.addresses.some((entry) => entry.address.value === address.value && entry.address.family === address.family)).map(hostLabel),
        ...model.vips.filter((vip) => vip.address?.value === address.value && vip.address.family === address.family).map((vip) => `VIP \`${vip.name}\``)
    ];
    if (owners.length > 0) {
        lines.push(`Used by ${owners.join(', ')}`);
    }
    return lines.join('\n');
}

export function hostHover(model: TopologyModel, host: ModelHost): string {
    const lines = [`**${hostLabel(host)}**`];
    if (host.kind === 'router') {
        lines.push(`${asnText(host.asn)}${host.routerId ? ` · router-id ${host.routerId.text}` : ''}`);
    } else if (host.kind === 'node' && host.podCidrs.length > 0) {
        lines.push(`pod CIDR ${host.podCidrs.map((cidr) => cidr.text).join(', ')}`);
    }
    lines.push('', 'Addresses:');
    if (host.addresses.length === 0) {
        lines.push('- none');
    }
    for (const entry of host.addresses) {
        lines.push(`- ${entry.address.text}${entry.network ? ` on \`${entry.network.name}\` ${entry.network.prefix?.text ?? ''} (${entry.network.role})` : ' (outside every network)'}`);
    }
    const sessions = model.sessions.filter((session) => session.router === host || session.node === host);
    if (sessions.length > 0) {
        lines.push('', `BGP sessions (${sessions.length}):`, ...limitList(sessions.map((session) => `- ${sessionLine(session)}`)));
    }
    if (host.vips.length > 0) {
        lines.push('', 'Holds VIPs:');
        for (const vip of host.vips) {
            const priority = vip.holders.find((holder) => holder.host === host)?.priority;
            lines.push(`- \`${vip.name}\` ${vip.address?.text ?? ''} (${mechanismText(vip)}${priority !== undefined ? `, priority ${priority}` : ''})`);
        }
    }
    return lines.join('\n');
}

export function sessionLine(session: BgpSession): string {
    const type = session.type === undefined ? 'type unknown' : session.type === 'ebgp' ? 'eBGP' : 'iBGP';
    const hop = session.singleHop ? 'single-hop' : session.noPath ? 'no path' : `multihop ${session.multihop ?? ''}`.trim();
    const from = `${session.node.name} ${session.source?.address.text ?? '(no source address)'}`;
    const to = `${session.router.name} ${session.destination?.address.text ?? '(no address)'}`;
    return `${session.speaker.kind} ${asnText(session.speakerAsn)} → ${asnText(session.routerAsn)}: ${from} → ${to} · ${type} · ${hop}`;
}

/**
 * A `peer` / `peers` line: its rows of the sessions table (LANGUAGE-V2 §12), as a Markdown table; a row that
 * cannot come up says so.
 */
export function peerLineHover(model: TopologyModel, group: ModelPeerGroup): string {
    const rows = model.sessions.filter((session) => session.group === group).map(sessionRow);
    const title = `**${group.ast ? 'peer' : 'peers'} ${group.routers.map((router) => router.name).join(', ')}** — ${group.speaker.kind} of cluster ${group.speaker.cluster.name}`;
    if (rows.length === 0) {
        return [title, '', 'No sessions: no node of the block is selected, or no router resolves.'].join('\n');
    }
    const cell = (text: string): string => text.replace(/\|/g, '\\|');
    const lines = [
        title,
        '',
        `${rows.length} session${rows.length === 1 ? '' : 's'}:`,
        '',
        '| router | router address | node | source | family | AS (router / node) | options |',
        '|---|---|---|---|---|---|---|',
        ...rows.slice(0, TABLE_LIMIT).map((row) =>
            `| ${row.router} | ${row.routerAddress ?? '—'}${row.noPath ? ' (no path)' : ''} | ${row.peer} | ${row.sourceAddress ?? '—'} | ${row.carries.length > 1 ? `${row.family} (${row.carries.join('+')})` : row.family} | ${row.localAs ?? '?'} / ${row.remoteAs ?? '?'} ${row.type ?? ''} | ${cell(describeRowOptions(row.options)) || '—'} |`
        )
    ];
    if (rows.length > TABLE_LIMIT) {
        lines.push('', `… and ${rows.length - TABLE_LIMIT} more (\`bgptopo sessions\` lists all).`);
    }
    return lines.join('\n');
}

/**
 * A `neighbor ROUTER` or `upstream` line: its rows of the sessions table (LANGUAGE-V2 §12), seen from its router.
 * A node or prefix neighbor (v1) has no rows of its own: undefined.
 */
export function routerLineHover(model: TopologyModel, node: AstNode): string | undefined {
    let rows: SessionRow[];
    let title: string;
    if (ast.isNeighbor(node) && ast.isRouter(node.target?.ref)) {
        const router = node.$container;
        rows = model.routerSessions
            .filter((session) => session.declarations.some((line) => line.ast === node))
            .flatMap((session) => routerSessionRows(model, session))
            .filter((row) => row.router === router.name);
        title = `**neighbor ${node.target.ref.name}** — router-to-router session of ${router.name}`;
    } else if (ast.isUpstream(node)) {
        rows = model.upstreamSessions.filter((session) => session.upstream.ast === node).map(upstreamSessionRow);
        title = `**upstream ${node.address ?? ''}** — a peer outside the file, of router ${node.$container.name}`;
    } else {
        return undefined;
    }
    if (rows.length === 0) {
        return [title, '', 'No session: the routers share no network of any family (see the diagnostic).'].join('\n');
    }
    const cell = (text: string): string => text.replace(/\|/g, '\\|');
    return [
        title,
        '',
        '| router address | peer | peer address | family | AS (local / remote) | options | accepts |',
        '|---|---|---|---|---|---|---|',
        ...rows.map(
            (row) =>
                `| ${row.routerAddress ?? (row.interface ? `${row.interface} (unnumbered)` : '—')}${row.noPath ? ' (no path)' : ''} | ${row.peer} | ${row.sourceAddress ?? '—'} | ${row.carries.length > 1 ? `${row.family} (${row.carries.join('+')})` : row.family} | ${row.localAs ?? '?'} / ${row.remoteAs ?? '?'} ${row.type ?? ''} | ${cell(describeRowOptions(row.options)) || '—'} | ${cell(row.accepts.join(', ')) || 'nothing'} |`
        ),
        ...rows.flatMap((row) =>
            row.sends === undefined ? [] : ['', `Sends${row.peerKind === 'upstream' ? ' (exactly)' : ' besides what routers carry'}: ${row.sends.map((text) => `\`${text}\``).join(', ') || 'nothing'}`]
        )
    ].join('\n');
}

export function vipHover(vip: ModelVip): string {
    const lines = [`**VIP ${vip.name}** ${vip.address?.text ?? ''}`.trim(), '', `- mechanism: ${mechanismText(vip)}`];
    if (vip.mechanism === 'keepalived') {
        lines.push(`- advert: ${vip.advertMs} ms`);
    }
    lines.push(`- interface: ${vip.interface ?? 'none'}`);
    lines.push(`- network: ${vip.network ? `\`${vip.network.name}\` ${vip.network.prefix?.text ?? ''} (${vip.network.role})` : 'outside every network'}`);
    if (vip.healthCheck) {
        lines.push(`- health check: tcp ${vip.healthCheck.port} every ${vip.healthCheck.intervalMs} ms`);
    }
    for (const frontend of vip.frontends) {
        lines.push(`- frontend ${frontend.port} → control-plane of ${frontend.cluster?.name ?? '?'} port ${frontend.targetPort}`);
    }
    lines.push('', `Holders (${vip.holders.length}):`);
    if (vip.holders.length === 0) {
        lines.push('- none');
    }
    for (const holder of [...vip.holders].sort((a, b) => (b.priority ?? 0) - (a.priority ?? 0))) {
        lines.push(`- ${hostLabel(holder.host)}${holder.priority !== undefined ? ` priority ${holder.priority}` : ''}`);
    }
    return lines.join('\n');
}

export function networkHover(model: TopologyModel, network: ModelNetwork): string {
    const lines = [`**network ${network.name}** — role ${network.role}${network.interface ? ` · interface ${network.interface}` : ''}`];
    if (network.prefix) {
        lines.push('', `${network.prefix.text}`, ...prefixFacts(network.prefix));
        const inside = prefixContents(model, network.prefix);
        lines.push('', inside.length > 0 ? 'Inside:' : 'Nothing declared uses an address inside it.', ...limitList(inside));
    }
    lines.push(...poolHoverLines(model, network));
    return lines.join('\n');
}

export function clusterHover(cluster: ModelCluster): string {
    const controlPlanes = cluster.nodes.filter((node) => node.role === 'control-plane').length;
    const lines = [
        `**cluster ${cluster.name}**${cluster.cni ? ` — cni ${cluster.cni.kind}` : ''}`,
        '',
        `- nodes: ${cluster.nodes.length} (${controlPlanes} control-plane, ${cluster.nodes.length - controlPlanes} worker)`,
        `- pod network: ${networksText(cluster.podNetworks)}`,
        `- service network: ${networksText(cluster.serviceNetworks)}`
    ];
    for (const speaker of cluster.speakers) {
        lines.push(`- ${speaker.kind} ${asnText(speaker.asn)} on ${speaker.nodes.length} node(s) → ${speaker.peers.map((peer) => peer.name).join(', ') || 'no peers'}`);
    }
    return lines.join('\n');
}

export function wireGuardHover(mesh: ModelWireGuard): string {
    const lines = [
        `**WireGuard ${mesh.name}** — ${mesh.network ? `network \`${mesh.network.name}\` ${mesh.network.prefix?.text ?? ''}` : 'no network'} · port ${mesh.listenPort}`,
        '',
        `Members (${mesh.members.length}):`,
        ...limitList(mesh.members.map((member) => `- ${member.host.name} ${member.address?.address.text ?? '(no mesh address)'}`))
    ];
    return lines.join('\n');
}

export function hostLabel(host: ModelHost): string {
    if (host.kind === 'node') {
        return `node \`${host.name}\` (${host.role}, cluster ${host.cluster.name})`;
    }
    return `${host.kind === 'router' ? 'router' : 'load balancer'} \`${host.name}\``;
}

function limitList(lines: string[]): string[] {
    return lines.length <= LIST_LIMIT ? lines : [...lines.slice(0, LIST_LIMIT), `- … and ${lines.length - LIST_LIMIT} more`];
}

function formatCount(value: bigint): string {
    if (value < 1_000_000_000n) {
        return Number(value).toLocaleString('en-US');
    }
    const bits = value.toString(2).length - 1;
    return `2^${bits}`;
}

/** `pod-network` / `service-network` lists (one per family): `` `pods4` 10.244.0.0/16, `pods6` fd00::/56 ``. */
function networksText(networks: readonly ModelNetwork[]): string {
    return networks.length === 0 ? 'none' : networks.map((network) => `\`${network.name}\` ${network.prefix?.text ?? ''}`.trimEnd()).join(', ');
}
