/**
 * Labs for the session scenarios (lab-sessions.test.ts): a .bgptopo fixture of fixtures/ becomes real hosts —
 * FRR routers configured by the real renderer, and on every node a BGP speaker configured FROM THE SESSIONS TABLE
 * (`sessionTable`, what `bgptopo sessions` prints): GoBGP by default, FRR where the scenario needs BFD (GoBGP
 * has no BFD). Fixtures write IPv4 addresses as 10.99.S.H; they are rewritten to subnet S of the lab's own /20,
 * each such subnet holding a router address becoming one lab segment (`sS`). IPv6 addresses (ULA) are added
 * after the lab is up, with `nodad`, on the interface of the IPv4 network whose name they extend (`link-a-v6`
 * goes on the interface of `link-a`): they exist only inside the lab's namespaces (the root side of the lab's
 * bridges has IPv6 disabled). Needs root.
 */
import type { VerifyCheckKind, VerifyReport } from '../../src/deploy/verify-types.js';
import { verifyTopology } from '../../src/deploy/verify-topology.js';
import { formatVerifyText, verifyExitCode } from '../../src/deploy/verify-report.js';
import { readFileSync } from 'node:fs';
import { loadAll as parseYamlDocuments } from 'js-yaml';
import { join } from 'node:path';
import type { ModelAddress, ModelHost, TopologyModel } from '../../src/model/index.js';
import { parseAnnouncementMatch } from '../../src/model/announcement-derivation.js';
import { formatAddress, networkAddress, parsePrefix, prefixSize } from '../../src/model/ip-address.js';
import { sessionTable, type SessionRow } from '../../src/model/session-table.js';
import type { SshSession } from '../../src/deploy/ssh-session.js';
import { renderTopology } from '../../src/render/render-topology.js';
import { createTemplateLoader } from '../../src/node/template-loader-fs.js';
import { modelFromText, sshConnector, verifyUntil } from '../deploy/verify-lab-setup.js';
import { createLab, gobgpConfig, labInitFrr, listNamespaces, writeGobgpConfig, type Lab, type LabBlock, type LabHostSpec, type LabSpec } from '../lab/index.js';
import { writeHostFile } from '../lab/lab-host.js';

export type SpeakerKind = 'gobgp' | 'frr';

export interface ScenarioLab {
    readonly lab: Lab;
    /** The fixture with the lab's own addresses: every finding's line refers to it. */
    readonly text: string;
    readonly model: TopologyModel;
    /** The sessions table: what the speakers were configured from and what verify must check. */
    readonly rows: SessionRow[];
    /** Prefixes each node's speaker announces. */
    readonly announced: ReadonlyMap<string, string[]>;
    connect(host: ModelHost): Promise<SshSession>;
    /** 1-based line of the fixture text holding `fragment`. */
    lineOf(fragment: string): number;
}

export const fixtureText = (name: string) => readFileSync(join(import.meta.dirname, 'fixtures', `${name}.bgptopo`), 'utf8');

const FIXTURE_SUBNET = /\b10\.99\.(\d+)\./g;

/** 10.99.S.H → subnet S of the lab's block. */
export function rewriteAddresses(text: string, block: LabBlock): string {
    return text.replace(FIXTURE_SUBNET, (_, subnet: string) => `${block.subnet(Number(subnet)).split('/')[0]!.replace(/\.0$/, '')}.`);
}


/** Subnet S of the lab's block → 10.99.S. (the inverse of rewriteAddresses): captured output in the fixtures' form. */
export function fixtureAddresses(text: string, block: LabBlock): string {
    let result = text;
    for (let subnet = 0; subnet < 16; subnet++) {
        const prefix = block.subnet(subnet).split('/')[0]!.replace(/\.0$/, '.');
        result = result.split(prefix).join(`10.99.${subnet}.`);
    }
    return result;
}

/** The fixture's subnet index of a (fixture) IPv4 address: 10.99.S.H → S. */
const fixtureSubnet = (address: ModelAddress) => Number(address.address.text.split('.')[2]);

/** One host inside each network: the pool or pod prefix `10.99.6.0/24 ge 32` (or `le 32`) → `10.99.6.(10+n)/32`. */
function hostRouteInside(text: string, n: number): string {
    const prefix = parsePrefix(text)!;
    const offset = BigInt(prefix.family === 6 ? 0x10 + n : 10 + n) % prefixSize(prefix);
    return `${formatAddress(prefix.family, networkAddress(prefix) + offset)}/${prefix.family === 6 ? 128 : 32}`;
}

/**
 * What a node's speaker announces: the exact prefixes its rows accept, one host route inside each range of host
 * routes, and the first prefix of an aggregate length (`P ge 27 le 27` → P's first /27).
 */
export function announcementsOf(rows: readonly SessionRow[], nodeIndex: number): string[] {
    const accepts = [...new Set(rows.flatMap((row) => row.accepts))];
    return accepts.flatMap((entry) => {
        const shape = parseAnnouncementMatch(entry);
        if (!shape || shape.exact) {
            return shape ? [shape.prefix.text] : [];
        }
        const host = shape.prefix.family === 6 ? 128 : 32;
        const length = shape.lengths?.max ?? host;
        return [length === host ? hostRouteInside(shape.prefix.text, nodeIndex) : `${shape.prefix.text.split('/')[0]}/${length}`];
    });
}

const familyOf = (prefix: string): 'ipv4' | 'ipv6' => (prefix.includes(':') ? 'ipv6' : 'ipv4');

/**
 * The `gobgp global rib add PREFIX …` attributes MetalLB sends a pool's routes with: the communities (`A:B`, and
 * `large:A:B:C`) and local-pref of the pool's BGPAdvertisement as rendered (`clusters/CLUSTER/metallb.yaml`).
 */
export function renderedMetallbAttributes(model: TopologyModel, cluster: string, pool: string): string[] {
    const { files } = renderTopology(model, { templates: createTemplateLoader(), only: ['metallb'] });
    const file = files.find((f) => f.path === `clusters/${cluster}/metallb.yaml`);
    const advertisements = (parseYamlDocuments(file?.content ?? '') as Array<{ kind?: string; spec?: { ipAddressPools?: string[]; communities?: string[]; localPref?: number } }>).filter(
        (document) => document?.kind === 'BGPAdvertisement' && document.spec?.ipAddressPools?.includes(pool)
    );
    if (advertisements.length !== 1) {
        throw new Error(`cluster ${cluster}: ${advertisements.length} rendered BGPAdvertisements of pool ${pool}, expected one`);
    }
    const { communities = [], localPref } = advertisements[0]!.spec!;
    const standard = communities.filter((c) => /^\d+:\d+$/.test(c));
    const large = communities.filter((c) => /^large:\d+:\d+:\d+$/.test(c)).map((c) => c.slice('large:'.length));
    if (standard.length + large.length !== communities.length) {
        throw new Error(`pool ${pool}: communities the lab cannot send: ${communities.join(', ')}`);
    }
    return [
        ...(standard.length > 0 ? ['community', standard.join(',')] : []),
        ...(large.length > 0 ? ['large-community', large.join(',')] : []),
        ...(localPref !== undefined ? ['local-pref', String(localPref)] : [])
    ];
}

/** gobgpd's config for one node, from its rows of the sessions table. */
export function gobgpFromRows(rows: readonly SessionRow[], announce: string[]) {
    const first = rows[0]!;
    const routerId = rows.find((row) => row.family === 'ipv4')?.sourceAddress ?? '192.0.2.1';
    return gobgpConfig({
        asn: first.remoteAs!,
        routerId,
        connectRetry: 1,
        neighbors: rows.map((row) => ({
            address: row.routerAddress!,
            peerAs: row.localAs!,
            localAddress: row.sourceAddress,
            remotePort: row.options.port === 179 ? undefined : row.options.port,
            multihop: row.options.multihop,
            families: row.carries,
            holdTime: row.options.holdSeconds,
            keepaliveInterval: row.options.keepaliveSeconds,
            gracefulRestart: row.options.gracefulRestart ? { restartTime: row.options.gracefulRestart.restartTimeSeconds } : undefined
        })),
        announce
    });
}

/** An FRR frr.conf for one node's speaker, from its rows of the sessions table (for BFD, which GoBGP lacks). */
export function frrSpeakerFromRows(node: string, rows: readonly SessionRow[], announce: string[], routerId: string): string {
    const first = rows[0]!;
    const lines = ['frr version 8.4', 'frr defaults traditional', `hostname ${node}`, 'service integrated-vtysh-config', '!', `router bgp ${first.remoteAs}`];
    lines.push(` bgp router-id ${routerId}`, ' no bgp ebgp-requires-policy', ' no bgp network import-check', ' no bgp default ipv4-unicast');
    const restart = rows.find((row) => row.options.gracefulRestart)?.options.gracefulRestart;
    if (restart) {
        lines.push(' bgp graceful-restart');
        if (restart.restartTimeSeconds !== undefined) {
            lines.push(` bgp graceful-restart restart-time ${restart.restartTimeSeconds}`);
        }
    }
    const profiles = new Map<string, NonNullable<SessionRow['options']['bfd']>>();
    for (const row of rows) {
        const peer = row.routerAddress!;
        lines.push(` neighbor ${peer} remote-as ${row.localAs}`, ` neighbor ${peer} update-source ${row.sourceAddress}`);
        if (row.options.port !== 179) {
            lines.push(` neighbor ${peer} port ${row.options.port}`);
        }
        if (row.options.multihop) {
            lines.push(` neighbor ${peer} ebgp-multihop ${row.options.multihop}`);
        }
        if (row.carries.some((family) => family !== row.family)) {
            lines.push(` neighbor ${peer} capability extended-nexthop`);
        }
        if (row.options.holdSeconds !== undefined) {
            lines.push(` neighbor ${peer} timers ${row.options.keepaliveSeconds ?? Math.floor(row.options.holdSeconds / 3)} ${row.options.holdSeconds}`);
        }
        const bfd = row.options.bfd;
        if (bfd) {
            lines.push(` neighbor ${peer} bfd`);
            if (bfd.receiveMs ?? bfd.transmitMs ?? bfd.multiplier) {
                const name = `node-${bfd.receiveMs ?? 'd'}-${bfd.transmitMs ?? 'd'}-${bfd.multiplier ?? 'd'}`;
                profiles.set(name, bfd);
                lines.push(` neighbor ${peer} bfd profile ${name}`);
            }
        }
    }
    for (const family of ['ipv4', 'ipv6'] as const) {
        const peers = rows.filter((row) => row.carries.includes(family));
        const networks = announce.filter((prefix) => familyOf(prefix) === family);
        if (peers.length === 0 && networks.length === 0) {
            continue;
        }
        lines.push(` address-family ${family} unicast`, ...networks.map((prefix) => `  network ${prefix}`));
        lines.push(...peers.map((row) => `  neighbor ${row.routerAddress} activate`), ' exit-address-family');
    }
    lines.push('exit', '!');
    if (profiles.size > 0) {
        lines.push('bfd');
        for (const [name, bfd] of profiles) {
            lines.push(` profile ${name}`);
            if (bfd.receiveMs) lines.push(`  receive-interval ${bfd.receiveMs}`);
            if (bfd.transmitMs) lines.push(`  transmit-interval ${bfd.transmitMs}`);
            if (bfd.multiplier) lines.push(`  detect-multiplier ${bfd.multiplier}`);
            lines.push(' exit');
        }
        lines.push('exit', '!');
    }
    return `${lines.join('\n')}\n`;
}

/**
 * Lab hosts for a (fixture-address) model: routers with sshd, nodes without; IPv4 addresses only. `extra` hosts
 * (fixture addresses, on the routers' segments) stand for peers outside the file, such as an `upstream`. Each
 * unnumbered router session becomes a point-to-point link between its two routers, each end named by that router's
 * `unnumbered IFNAME`.
 */
function labHosts(base: TopologyModel, block: LabBlock, extra: readonly LabHostSpec[] = []): LabSpec {
    const subnets = new Set(base.routers.flatMap((router) => router.addresses.filter((a) => a.address.family === 4).map(fixtureSubnet)));
    const segments = [...subnets].sort((a, b) => a - b).map((subnet) => ({ name: `s${subnet}`, cidr: block.subnet(subnet) }));
    const addressesOf = (host: ModelHost) =>
        host.addresses.filter((a) => a.address.family === 4 && subnets.has(fixtureSubnet(a))).map((a) => `${rewriteAddresses(a.address.text, block)}/24`);
    return {
        segments,
        hosts: [
            ...base.routers.map((router) => ({ name: router.name, kind: 'router' as const, addresses: addressesOf(router), daemons: ['sshd' as const] })),
            ...base.nodes.map((node) => ({ name: node.name, kind: 'node' as const, addresses: addressesOf(node), daemons: [] })),
            ...extra.map((host) => ({ ...host, addresses: host.addresses.map((address) => rewriteAddresses(address, block)) }))
        ],
        links: base.routerSessions
            .filter((session) => session.unnumbered)
            .map(({ ends: [a, b] }) => ({ a: { host: a.router.name, device: a.interface! }, b: { host: b.router.name, device: b.interface! } }))
    };
}

/** Adds the model's IPv6 addresses inside the hosts (see the file comment). */
async function addIpv6(lab: Lab, model: TopologyModel): Promise<void> {
    const networks = new Map(model.networks.map((network) => [network.name, network]));
    await Promise.all(
        [...model.routers, ...model.nodes].flatMap((host) =>
            host.addresses
                .filter((a) => a.address.family === 6)
                .map(async (a) => {
                    const v4 = networks.get(a.network?.name.replace(/-v6$/, '') ?? '');
                    const v4Address = host.addresses.find((candidate) => candidate.network === v4 && candidate.address.family === 4);
                    const device = lab.host(host.name).interfaces.find((i) => v4Address && i.cidr.startsWith(`${v4Address.address.text}/`))?.device;
                    if (!device || !a.network?.prefix) {
                        throw new Error(`${host.name}: no interface for ${a.address.text} (expected the interface of network ${a.network?.name.replace(/-v6$/, '')})`);
                    }
                    await lab.exec(host.name, ['ip', '-6', 'addr', 'add', `${a.address.text}/${a.network.prefix.length}`, 'dev', device, 'nodad']);
                })
        )
    );
}

/**
 * Builds the lab of a fixture, renders and starts FRR on its routers and a speaker per node; does not wait for BGP.
 * `extraHosts` (fixture addresses) join the lab as they are; the caller configures and starts their daemons.
 */
export async function createScenarioLab(fixture: string, speaker: SpeakerKind, extraHosts: readonly LabHostSpec[] = []): Promise<ScenarioLab> {
    const source = fixtureText(fixture);
    const base = await modelFromText(source, `file:///${fixture}.bgptopo`);
    const lab = await createLab((block) => labHosts(base, block, extraHosts));
    try {
        const text = rewriteAddresses(source, lab.block!);
        const model = await modelFromText(text, `file:///${fixture}.bgptopo`);
        await addIpv6(lab, model);
        const { files } = renderTopology(model, { templates: createTemplateLoader(), only: ['frr', 'frr-daemons'] });
        const rows = sessionTable(model);
        await Promise.all(
            model.routers.map(async (router) => {
                const config = files.find((f) => f.host === router.name && f.kind === 'frr')!.content;
                const daemons = files.find((f) => f.host === router.name && f.kind === 'frr-daemons')?.content ?? '';
                await labInitFrr(lab.host(router.name), { bgpd: true, bfdd: /^bfdd=yes/m.test(daemons), config });
                if (/ -p \d+/.test(daemons)) {
                    // A `listen-port`: bgpd's options as rendered (LANGUAGE-V2 §4).
                    await writeHostFile(lab.host(router.name), '/etc/frr/daemons', daemons, { mode: 0o640, owner: 'frr:frr' });
                }
                await lab.startDaemon(router.name, 'frr');
            })
        );
        const announced = new Map<string, string[]>();
        await Promise.all(
            model.nodes.map(async (node, index) => {
                const own = rows.filter((row) => row.peer === node.name);
                const announce = announcementsOf(own, index);
                announced.set(node.name, announce);
                if (speaker === 'frr') {
                    const routerId = node.addresses.find((a) => a.address.family === 4)!.address.text;
                    await labInitFrr(lab.host(node.name), { bgpd: true, bfdd: own.some((row) => row.options.bfd), config: frrSpeakerFromRows(node.name, own, announce, routerId) });
                    await lab.startDaemon(node.name, 'frr');
                } else {
                    await writeGobgpConfig(lab.host(node.name), gobgpFromRows(own, announce));
                    await lab.startDaemon(node.name, 'gobgpd');
                }
            })
        );
        const lines = text.split('\n');
        return {
            lab,
            text,
            model,
            rows,
            announced,
            connect: sshConnector(lab),
            lineOf: (fragment) => lines.findIndex((line) => line.includes(fragment)) + 1
        };
    } catch (error) {
        await lab.destroy();
        throw error;
    }
}

/**
 * Every verify check kind but `node-labels`: the lab's nodes are BGP speakers without a Kubernetes API server, so
 * the Node labels cannot be read back here (verify-node-labels.test.ts and the deploy lab cover them).
 */
export const LAB_VERIFY_KINDS: readonly VerifyCheckKind[] = [
    'bgp-session', 'bgp-prefixes', 'bgp-attributes', 'bgp-family', 'bgp-graceful-restart', 'bfd', 'vip', 'haproxy-backend', 'wireguard-handshake', 'api-vip', 'calico-node-asn',
    'upstream-routes'
];

/**
 * The real verify of a scenario lab (`lab` is read when called: the lab exists once beforeAll ran), and `green`:
 * verify until every check passes (bounded), printing the report under the lab's name.
 */
export function scenarioVerifier(lab: () => ScenarioLab, name: string): { verify: () => Promise<VerifyReport>; green: () => Promise<VerifyReport> } {
    const verify = () => verifyTopology(lab().model, lab().connect, { kinds: LAB_VERIFY_KINDS });
    const green = async () => {
        const report = await verifyUntil(verify, 'every check to pass', (r) => verifyExitCode(r) === 0, 90_000);
        console.log(`[${name}] verify green\n${formatVerifyText(report, `${name}.bgptopo`)}`);
        return report;
    };
    return { verify, green };
}

/** Destroys a scenario lab and fails unless it had one namespace per host of the file and per extra host, and left none behind. */
export async function destroyScenarioLab(s: ScenarioLab | undefined, extraHosts = 0): Promise<void> {
    if (!s) {
        return;
    }
    const report = await s.lab.destroy();
    const expected = s.model.routers.length + s.model.nodes.length + extraHosts;
    if (report.namespaces.length !== expected) {
        throw new Error(`the lab had ${report.namespaces.length} namespaces, expected ${expected}: ${report.namespaces.join(', ')}`);
    }
    const left = await listNamespaces();
    const lingering = report.namespaces.filter((namespace) => left.includes(namespace));
    if (lingering.length > 0) {
        throw new Error(`namespaces left behind: ${lingering.join(', ')}`);
    }
}
