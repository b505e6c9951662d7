/**
 * What leaves the fabric towards an upstream, in the lab (LANGUAGE-V2 §4, §7; issue 17): real FRR on a spine and a
 * ToR, rendered by bgptopo with `upstream … { announce pool lb-web aggregate  accept default }`, and the upstream, a
 * GoBGP peer in a namespace of its own (not in the file) that offers a default route and another prefix. GoBGP
 * speakers announce /32s of three pools with the communities of their rendered advertisements (lb-local's with
 * no-advertise) and a Cilium node its pod CIDR. The upstream receives the pool's aggregate and nothing else, the
 * no-advertise routes stay on the ToR, the spine installs the default and refuses the other prefix. verify (with its
 * upstream-routes checks) is green; red on the announce item when the spine stops aggregating while it holds the
 * pool's routes, red on the upstream line when the spine sends another pool too; green again after the rendered
 * config is reloaded. With every /32 of the pool withdrawn the aggregate leaves the upstream, and verify calls the
 * pool "nothing to announce yet". Needs root.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { formatVerifyText, verifyExitCode } from '../../src/deploy/verify-report.js';
import type { VerifyReport } from '../../src/deploy/verify-types.js';
import { verifyUntil } from '../deploy/verify-lab-setup.js';
import { gobgp, gobgpConfig, vtyshJson, waitFor, writeGobgpConfig } from '../lab/index.js';
import { createScenarioLab, destroyScenarioLab, renderedMetallbAttributes, scenarioVerifier, type ScenarioLab } from './lab-sessions-setup.js';

const runLab = process.getuid?.() === 0 || Boolean(process.env.CI);

type Json = Record<string, any>;

/** The peer outside the file: the fixture's `upstream 10.99.3.9 remote-as 65000`, on the spine's fabric network. */
const UPSTREAM = { name: 'upstream', kind: 'router' as const, addresses: ['10.99.3.9/24'], daemons: [] };
/** What the upstream offers: a default route (accepted) and a prefix the spine must refuse (only inside the lab's namespaces). */
const DEFAULT = '0.0.0.0/0';
const OTHER = '198.51.100.0/24';

describe.skipIf(!runLab)('lab: an upstream gets exactly its announcements (root)', () => {
    let s: ScenarioLab;
    const ip = (host: string) => s.lab.host(host).interfaces[0]!.cidr.split('/')[0]!;
    const networkPrefix = (name: string) => s.model.networks.find((network) => network.name === name)!.prefix!.text;
    /** The /32s of a pool the speakers announce, by node. */
    const poolRoutes = (pool: string) => {
        const prefix = networkPrefix(pool).replace(/0\/24$/, '');
        return [...s.announced].flatMap(([node, prefixes]) => prefixes.filter((p) => p.startsWith(prefix) && p.endsWith('/32')).map((p) => ({ node, prefix: p })));
    };
    /** Each pool's attributes from its rendered BGPAdvertisement (cluster prod). */
    const attributes = new Map<string, string[]>();
    const poolOf = (prefix: string) => ['lb-web', 'lb-other', 'lb-local'].find((pool) => prefix.startsWith(networkPrefix(pool).replace(/0\/24$/, '')))!;
    const announceWithAttributes = async (node: string, prefix: string) => {
        await gobgp(s.lab.host(node), ['global', 'rib', '-a', 'ipv4', 'del', prefix]);
        await gobgp(s.lab.host(node), ['global', 'rib', '-a', 'ipv4', 'add', prefix, ...attributes.get(poolOf(prefix))!]);
    };
    const table = async (router: string): Promise<Record<string, Json[]>> => (await vtyshJson<Json>(s.lab.host(router), 'show bgp ipv4 unicast json')).routes ?? {};
    /** What the upstream holds from the spine (GoBGP's adj-in). */
    const upstreamReceived = async (): Promise<string[]> => {
        const { stdout } = await gobgp(s.lab.host('upstream'), ['neighbor', ip('spine'), 'adj-in', '-a', 'ipv4', '-j']);
        const parsed = JSON.parse(stdout.trim() || '{}') as Json | Json[];
        return (Array.isArray(parsed) ? parsed.map((path) => path.nlri?.prefix ?? path.prefix) : Object.keys(parsed)).sort();
    };

    beforeAll(async () => {
        s = await createScenarioLab('lab-upstream', 'gobgp', [UPSTREAM]);
        await writeGobgpConfig(
            s.lab.host('upstream'),
            gobgpConfig({ asn: 65000, routerId: ip('upstream'), connectRetry: 1, neighbors: [{ address: ip('spine'), peerAs: 65100 }], announce: [DEFAULT, OTHER] })
        );
        await s.lab.startDaemon('upstream', 'gobgpd');
        // The speakers send each pool's /32s with the communities of the pool's rendered advertisement.
        for (const pool of ['lb-web', 'lb-other', 'lb-local']) {
            attributes.set(pool, renderedMetallbAttributes(s.model, 'prod', pool));
        }
        expect(attributes.get('lb-local')).toEqual(['community', '64512:300,65535:65282']); // 65535:65282 = no-advertise
        for (const pool of ['lb-web', 'lb-other', 'lb-local']) {
            for (const { node, prefix } of poolRoutes(pool)) {
                await announceWithAttributes(node, prefix);
            }
        }
    }, 120_000);
    afterAll(() => destroyScenarioLab(s, 1), 60_000);

    const { verify, green } = scenarioVerifier(() => s, 'lab-upstream');
    const upstreamLine = () => s.lineOf('upstream 10.');
    const itemId = () => `upstream-routes:${s.model.upstreamSessions[0]!.id}:pool lb-web aggregate`;
    const lineId = () => `upstream-routes:${s.model.upstreamSessions[0]!.id}`;
    /** Changes the spine's running config (a drift from what was deployed). */
    const configureSpine = (...lines: string[]) => s.lab.exec('spine', ['vtysh', '-c', 'configure terminal', ...lines.flatMap((line) => ['-c', line])]);
    /** Verifies until `done`, prints the report, and checks that what failed is exactly `failing`, on the upstream line. */
    const redOn = async (what: string, failing: string, done: (r: VerifyReport) => boolean): Promise<VerifyReport> => {
        const report = await verifyUntil(verify, what, done, 60_000);
        console.log(`[lab-upstream] ${what}\n${formatVerifyText(report, 'lab-upstream.bgptopo')}`);
        const failed = report.checks.filter((c) => c.status !== 'pass');
        expect(failed.map((c) => [c.id, c.status, c.line])).toEqual([[failing, 'fail', upstreamLine()]]);
        expect(verifyExitCode(report)).toBe(1);
        return report;
    };

    test('verify green: the upstream session, its announce item and the line (nothing else sent)', async () => {
        const report = await green();
        const upstreamChecks = report.checks.filter((c) => c.line === upstreamLine());
        expect(upstreamChecks.map((c) => [c.kind, c.status]).sort()).toEqual([
            ['bgp-session', 'pass'],
            ['upstream-routes', 'pass'],
            ['upstream-routes', 'pass']
        ]);
        const aggregate = networkPrefix('lb-web');
        expect(report.checks.find((c) => c.id === itemId())!.message).toBe(`upstream ${ip('upstream')} receives ${aggregate}`);
        expect(report.checks.find((c) => c.id === lineId())!.message).toBe(`upstream ${ip('upstream')} receives 1 prefix(es), all announced`);
    }, 150_000);

    test("the upstream receives the pool's aggregate and nothing else, though the spine carries more", async () => {
        const aggregate = networkPrefix('lb-web');
        // The spine holds every /32 of lb-web and lb-other and the pod CIDR: there is something else it could send.
        const carried = [...poolRoutes('lb-web'), ...poolRoutes('lb-other')].map((entry) => entry.prefix);
        const pods = s.announced.get('p1')!;
        expect(pods).toHaveLength(1);
        await waitFor(
            async () => {
                const routes = await table('spine');
                return [...carried, ...pods].every((prefix) => routes[prefix]) ? true : undefined;
            },
            { what: 'the spine to carry the pools\' /32s and the pod CIDR', timeoutMs: 30_000, intervalMs: 500 }
        );
        const received = await waitFor(async () => ((await upstreamReceived()).includes(aggregate) ? upstreamReceived() : undefined), {
            what: `the upstream to receive ${aggregate}`,
            timeoutMs: 30_000,
            intervalMs: 500
        });
        expect(received).toEqual([aggregate]);
        // And what the spine says it sends there.
        const advertised = await vtyshJson<Json>(s.lab.host('spine'), `show bgp ipv4 unicast neighbors ${ip('upstream')} advertised-routes json`);
        expect(Object.keys(advertised.advertisedRoutes ?? {})).toEqual([aggregate]);
    }, 90_000);

    test('the /32s with no-advertise stay on the ToR they were sent to', async () => {
        const local = poolRoutes('lb-local').map((entry) => entry.prefix);
        expect(local.length).toBeGreaterThan(0);
        const tor = await table('tor-a');
        for (const prefix of local) {
            const detail = await vtyshJson<Json>(s.lab.host('tor-a'), `show bgp ipv4 unicast ${prefix} json`);
            expect(tor[prefix], `${prefix} on tor-a`).toBeDefined();
            expect(detail.paths[0].community.list).toContain('noAdvertise');
        }
        const toSpine = await vtyshJson<Json>(s.lab.host('tor-a'), `show bgp ipv4 unicast neighbors ${ip('spine')} advertised-routes json`);
        const sent = Object.keys(toSpine.advertisedRoutes ?? {});
        expect(sent).toEqual(expect.arrayContaining(poolRoutes('lb-web').map((entry) => entry.prefix)));
        expect(sent.filter((prefix) => local.includes(prefix))).toEqual([]);
        const spine = await table('spine');
        expect(Object.keys(spine).filter((prefix) => local.includes(prefix))).toEqual([]);
        expect((await upstreamReceived()).filter((prefix) => local.includes(prefix))).toEqual([]);
    }, 60_000);

    test('the spine installs the default from the upstream and refuses the other prefix it offers', async () => {
        const { stdout } = await gobgp(s.lab.host('upstream'), ['neighbor', ip('spine'), 'adj-out', '-a', 'ipv4']);
        expect(stdout).toContain(OTHER); // offered…
        const routes = await waitFor(async () => {
            const current = await table('spine');
            return current[DEFAULT] ? current : undefined;
        }, { what: 'the spine to take the default', timeoutMs: 30_000, intervalMs: 500 });
        expect(routes[DEFAULT]!.find((path) => path.peerId === ip('upstream'))?.bestpath).toBe(true);
        expect(routes[OTHER]).toBeUndefined(); // …refused
        const kernel = await waitFor(async () => {
            const { stdout: route } = await s.lab.exec('spine', ['ip', '-4', 'route', 'show', 'default']);
            return route.includes(`via ${ip('upstream')}`) ? route : undefined;
        }, { what: 'zebra to install the default in the spine', timeoutMs: 10_000, intervalMs: 200 });
        expect(kernel).toMatch(/proto bgp/);
    }, 60_000);

    test('the spine stops aggregating while it holds the pool: red on the announce item; the rendered config reloaded: green', async () => {
        const aggregate = networkPrefix('lb-web');
        await configureSpine('router bgp 65100', 'address-family ipv4 unicast', `no aggregate-address ${aggregate}`);
        try {
            const report = await redOn('the announce item to fail', itemId(), (r) => r.checks.find((c) => c.id === itemId())?.status === 'fail');
            const held = poolRoutes('lb-web').map((entry) => entry.prefix);
            expect(report.checks.find((c) => c.id === itemId())!.message).toBe(
                `upstream ${ip('upstream')} does not receive ${aggregate} (pool lb-web aggregate), though the router holds ${held.join(', ')}`
            );
            expect(await upstreamReceived()).toEqual([]);
        } finally {
            await s.lab.reloadDaemon('spine', 'frr');
        }
        await green();
    }, 180_000);

    test('the spine sends another pool too: red on the upstream line naming what it should not send; reloaded: green', async () => {
        const other = networkPrefix('lb-other');
        await configureSpine(`ip prefix-list PL-UP-${ip('upstream')}-OUT seq 90 permit ${other} le 32`);
        try {
            const report = await redOn('the upstream line to fail', lineId(), (r) => r.checks.find((c) => c.id === lineId())?.status === 'fail');
            const extra = poolRoutes('lb-other').map((entry) => entry.prefix);
            expect(report.checks.find((c) => c.id === lineId())!.message).toBe(`upstream ${ip('upstream')} receives ${extra.join(', ')}, which no \`announce\` item stands for`);
            expect(await upstreamReceived()).toEqual([networkPrefix('lb-web'), ...extra].sort());
        } finally {
            await s.lab.reloadDaemon('spine', 'frr');
        }
        await green();
        await waitFor(async () => ((await upstreamReceived()).join() === networkPrefix('lb-web') ? true : undefined), {
            what: 'the upstream to receive only the aggregate again',
            timeoutMs: 30_000,
            intervalMs: 500
        });
    }, 180_000);

    test('every /32 of the pool withdrawn: the aggregate leaves the upstream, verify says nothing to announce yet; back: it returns', async () => {
        const web = poolRoutes('lb-web');
        for (const { node, prefix } of web) {
            await gobgp(s.lab.host(node), ['global', 'rib', '-a', 'ipv4', 'del', prefix]);
        }
        try {
            await waitFor(async () => ((await upstreamReceived()).length === 0 ? true : undefined), {
                what: 'the aggregate to be withdrawn from the upstream',
                timeoutMs: 30_000,
                intervalMs: 500
            });
            // No Service uses the pool: not a failure (LANGUAGE-V2 §7).
            const report = await verifyUntil(verify, 'the item to be idle', (r) => /^nothing to announce yet/.test(r.checks.find((c) => c.id === itemId())?.message ?? ''), 30_000);
            expect(report.checks.find((c) => c.id === itemId())).toMatchObject({
                status: 'pass',
                message: `nothing to announce yet: the router holds no route of pool lb-web aggregate (${networkPrefix('lb-web')})`
            });
            expect(verifyExitCode(report)).toBe(0);
        } finally {
            for (const { node, prefix } of web) {
                await announceWithAttributes(node, prefix);
            }
        }
        await green();
        const back = await waitFor(async () => ((await upstreamReceived()).length > 0 ? upstreamReceived() : undefined), {
            what: 'the aggregate back at the upstream',
            timeoutMs: 30_000,
            intervalMs: 500
        });
        expect(back).toEqual([networkPrefix('lb-web')]);
    }, 180_000);
});
