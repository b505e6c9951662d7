/**
 * The sessions table in the lab (issue 15): real FRR routers rendered by bgptopo, each node's speaker configured
 * from the table (lab-sessions-setup.ts), `verifyTopology` checking exactly the table's rows. Three fixtures:
 * (a) two racks peering only with their own ToR pair, an AS per rack, graceful restart — GoBGP speakers;
 * (b) a node dual-homed to two routers in different ASes, IPv4 and IPv6 sessions — GoBGP;
 * (c) one `over ipv6` session carrying both families with a BFD profile and graceful restart — FRR as the node's
 *     speaker (GoBGP has no BFD), i.e. FRR to FRR.
 * Each: green (and the same facts read straight from FRR), then red on the right line after a speaker stops.
 * Needs root; under CI without root the first test fails instead of skipping.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { verifyTopology } from '../../src/deploy/verify-topology.js';
import { verifyExitCode, formatVerifyText } from '../../src/deploy/verify-report.js';
import type { VerifyCheck, VerifyReport } from '../../src/deploy/verify-types.js';
import { verifyUntil as verifyUntilDone } from '../deploy/verify-lab-setup.js';
import { listNamespaces, vtyshJson } from '../lab/index.js';
import { createScenarioLab, LAB_VERIFY_KINDS, type ScenarioLab, type SpeakerKind } from './lab-sessions-setup.js';

const runLab = process.getuid?.() === 0 || Boolean(process.env.CI);

type Json = Record<string, any>;

/** One scenario's lab for a describe block, its verify helpers and its timings. */
function scenario(fixture: string, speaker: SpeakerKind) {
    const state = {} as { s: ScenarioLab; started: number };
    beforeAll(async () => {
        state.started = performance.now();
        state.s = await createScenarioLab(fixture, speaker);
        console.log(`[lab-sessions] ${fixture}: lab ${state.s.lab.id} up with daemons in ${(performance.now() - state.started).toFixed(0)} ms`);
    }, 120_000);
    afterAll(async () => {
        if (state.s) {
            const report = await state.s.lab.destroy();
            console.log(`[lab-sessions] ${fixture}: down in ${report.downMs} ms; whole scenario ${(performance.now() - state.started).toFixed(0)} ms`);
            expect(report.namespaces.length).toBe(state.s.model.routers.length + state.s.model.nodes.length);
            expect((await listNamespaces()).filter((name) => report.namespaces.includes(name))).toEqual([]);
        }
    }, 60_000);
    const verify = () => verifyTopology(state.s.model, state.s.connect, { kinds: LAB_VERIFY_KINDS });
    const verifyUntil = (what: string, done: (report: VerifyReport) => boolean, timeoutMs = 60_000) => verifyUntilDone(verify, what, done, timeoutMs);
    const rangeText = (check: VerifyCheck) => state.s.text.split('\n')[check.range!.start.line]!.slice(check.range!.start.character, check.range!.end.character);
    const green = async () => {
        const started = performance.now();
        const report = await verifyUntil(`${fixture}: every check to pass`, (r) => verifyExitCode(r) === 0);
        console.log(`[lab-sessions] ${fixture}: verify green ${(performance.now() - started).toFixed(0)} ms after the speakers started\n${formatVerifyText(report, `${fixture}.bgptopo`)}`);
        return report;
    };
    return { state, verify, verifyUntil, rangeText, green };
}

/** The check ids verify must plan for the table: per row a session and a prefixes check, plus what its options add. */
function expectedIds(s: ScenarioLab): string[] {
    return s.rows
        .flatMap((row) => [
            `bgp-session:${row.id}`,
            `bgp-prefixes:${row.id}`,
            ...(row.family === 'ipv6' || row.carries.length > 1 ? row.carries.map((family) => `bgp-family:${row.id}:${family}`) : []),
            ...(row.options.gracefulRestart ? [`bgp-graceful-restart:${row.id}`] : []),
            ...(row.options.bfd ? [`bfd:${row.id}`] : [])
        ])
        .sort();
}

/** A router's routes of one family, as prefix → the neighbors they came from. */
async function routesFrom(s: ScenarioLab, router: string, family: 'ipv4' | 'ipv6'): Promise<Map<string, string[]>> {
    const table = await vtyshJson<Json>(s.lab.host(router), `show bgp ${family} unicast json`);
    return new Map(Object.entries((table.routes ?? {}) as Record<string, Json[]>).map(([prefix, paths]) => [prefix, paths.map((path) => path.peerId as string)]));
}

describe.skipIf(!runLab)('sessions table in the lab (root)', () => {
    test('runs as root (required: without root under CI this fails instead of skipping)', () => {
        expect(process.getuid?.()).toBe(0);
    });

    describe('(a) two racks, each node peering only with its own ToR pair, an AS per rack (GoBGP speakers)', () => {
        const { state, verifyUntil, rangeText, green } = scenario('lab-racks', 'gobgp');

        test('verify checks exactly the table rows and passes; FRR shows rack-local sessions, the AS per rack, graceful restart', async () => {
            const s = state.s;
            expect(s.rows).toHaveLength(8);
            const report = await green();
            expect(report.checks.map((check) => check.id).sort()).toEqual(expectedIds(s));
            expect(report.checks.filter((c) => c.kind === 'bgp-graceful-restart')).toHaveLength(8);
            for (const router of s.model.routers) {
                const rows = s.rows.filter((row) => row.router === router.name);
                const neighbors = await vtyshJson<Json>(s.lab.host(router.name), 'show bgp neighbors json');
                // Exactly its own rack's nodes, from their own AS, graceful restart negotiated with the table's restart time.
                expect(Object.keys(neighbors).sort()).toEqual(rows.map((row) => row.sourceAddress).sort());
                for (const row of rows) {
                    const neighbor = neighbors[row.sourceAddress!];
                    expect(neighbor.bgpState).toBe('Established');
                    expect(neighbor.remoteAs).toBe(row.remoteAs);
                    expect(neighbor.neighborCapabilities.gracefulRestart).toBe('advertisedAndReceived');
                    expect(neighbor.gracefulRestartInfo.timers.receivedRestartTimer).toBe(90);
                }
                const routes = await routesFrom(s, router.name, 'ipv4');
                for (const row of rows) {
                    expect(routes.get(row.accepts[0]!)).toEqual([row.sourceAddress]);
                }
                expect(routes.size).toBe(rows.length);
            }
            expect(new Set(s.rows.filter((r) => r.router.startsWith('tor-a')).map((r) => r.remoteAs))).toEqual(new Set([65001]));
            expect(new Set(s.rows.filter((r) => r.router.startsWith('tor-b')).map((r) => r.remoteAs))).toEqual(new Set([65002]));
        }, 120_000);

        test('a speaker stopped: exactly its sessions fail, on its rack group`s peer line; its details are not judged', async () => {
            const s = state.s;
            await s.lab.stopDaemon('b2', 'gobgpd');
            try {
                const report = await verifyUntil('b2`s sessions to fail', (r) => r.checks.filter((c) => c.status === 'fail').length >= 2, 30_000);
                const failed = report.checks.filter((c) => c.status === 'fail');
                expect(failed.map((c) => c.id).sort()).toEqual(['bgp-session:racks/cilium-bgp/b2->tor-b1', 'bgp-session:racks/cilium-bgp/b2->tor-b2']);
                const line = s.lineOf('peer tor-b1, tor-b2');
                expect(line).toBeGreaterThan(0);
                for (const check of failed) {
                    expect(check.line).toBe(line);
                    expect(check.element).toBe('cilium-bgp speaker of cluster racks');
                    expect(rangeText(check)).toBe(check.id.split('->')[1]);
                }
                const unknown = report.checks.filter((c) => c.status === 'unknown').map((c) => c.id).sort();
                expect(unknown).toEqual([
                    'bgp-graceful-restart:racks/cilium-bgp/b2->tor-b1',
                    'bgp-graceful-restart:racks/cilium-bgp/b2->tor-b2',
                    'bgp-prefixes:racks/cilium-bgp/b2->tor-b1',
                    'bgp-prefixes:racks/cilium-bgp/b2->tor-b2'
                ]);
                expect(verifyExitCode(report)).toBe(1);
            } finally {
                await s.lab.startDaemon('b2', 'gobgpd');
            }
            await green();
        }, 150_000);
    });

    describe('(b) a node dual-homed to two routers in different ASes, IPv4 and IPv6 sessions (GoBGP speaker)', () => {
        const { state, verifyUntil, rangeText, green } = scenario('lab-dual-homed', 'gobgp');

        test('four sessions, each from the address on the link shared with its router; verify green', async () => {
            const s = state.s;
            expect(s.rows.map((row) => `${row.router} ${row.family} ${row.sourceAddress} -> ${row.routerAddress}`)).toHaveLength(4);
            const report = await green();
            expect(report.checks.map((check) => check.id).sort()).toEqual(expectedIds(s));
            for (const row of s.rows) {
                const summary = await vtyshJson<Json>(s.lab.host(row.router), 'show bgp summary json');
                const peer = summary[`${row.family}Unicast`].peers[row.sourceAddress!];
                expect(peer, `${row.router} ${row.family} ${row.sourceAddress}`).toMatchObject({ state: 'Established', peerState: 'OK', remoteAs: 65000 });
                // The other link's addresses never reach this router.
                const other = s.rows.find((r) => r.router !== row.router && r.family === row.family)!;
                expect(summary[`${row.family}Unicast`].peers[other.sourceAddress!]).toBeUndefined();
                const routes = await routesFrom(s, row.router, row.family);
                const announced = s.announced.get('n1')!.filter((prefix) => prefix.includes(':') === (row.family === 'ipv6'));
                expect([...routes.keys()].sort()).toEqual([...announced].sort());
                for (const prefix of announced) {
                    expect(routes.get(prefix)).toEqual([row.sourceAddress]);
                }
            }
            expect(new Set(s.rows.map((row) => row.localAs))).toEqual(new Set([65011, 65012]));
        }, 120_000);

        test('the speaker stopped: all four sessions fail, each on its router in the peer line', async () => {
            const s = state.s;
            await s.lab.stopDaemon('n1', 'gobgpd');
            const report = await verifyUntil('n1`s sessions to fail', (r) => r.checks.filter((c) => c.status === 'fail').length >= 4, 30_000);
            const failed = report.checks.filter((c) => c.status === 'fail');
            expect(failed.map((c) => c.id).sort()).toEqual(s.rows.map((row) => `bgp-session:${row.id}`).sort());
            for (const check of failed) {
                expect(check.line).toBe(s.lineOf('peer leaf-a, leaf-b'));
                expect(rangeText(check)).toBe(check.subject.includes('-> leaf-a') ? 'leaf-a' : 'leaf-b');
            }
        }, 60_000);
    });

    describe('(c) one `over ipv6` session carrying both families, BFD profile, graceful restart (FRR to FRR)', () => {
        const { state, verifyUntil, rangeText, green } = scenario('lab-over-ipv6', 'frr');

        test('IPv4 routes over the IPv6 session, BFD up with the profile`s timers, graceful restart; verify green', async () => {
            const s = state.s;
            const [row] = s.rows;
            expect(s.rows).toHaveLength(1);
            expect(row).toMatchObject({ family: 'ipv6', carries: ['ipv4', 'ipv6'] });
            const report = await green();
            expect(report.checks.map((check) => check.id).sort()).toEqual(expectedIds(s));
            expect(report.checks.map((check) => check.kind).sort()).toEqual(['bfd', 'bgp-family', 'bgp-family', 'bgp-graceful-restart', 'bgp-prefixes', 'bgp-session']);
            const neighbor = (await vtyshJson<Json>(s.lab.host('r1'), 'show bgp neighbors json'))[row!.sourceAddress!];
            expect(neighbor.neighborCapabilities.multiprotocolExtensions).toEqual({
                ipv4Unicast: { advertisedAndReceived: true },
                ipv6Unicast: { advertisedAndReceived: true }
            });
            expect(neighbor.neighborCapabilities.extendedNexthop).toBe('advertisedAndReceived');
            expect(neighbor.neighborCapabilities.gracefulRestart).toBe('advertisedAndReceived');
            const routes = await routesFrom(s, 'r1', 'ipv4');
            expect([...routes]).toEqual(s.announced.get('n1')!.map((prefix) => [prefix, [row!.sourceAddress]]));
            const bfd = (await vtyshJson<Json[]>(s.lab.host('r1'), 'show bfd peers json')).find((peer) => peer.peer === row!.sourceAddress);
            expect(bfd).toMatchObject({
                status: 'up',
                'receive-interval': 300,
                'transmit-interval': 300,
                'detect-multiplier': 3,
                'remote-receive-interval': 300,
                'remote-transmit-interval': 300,
                'remote-detect-multiplier': 3
            });
        }, 120_000);

        test('the node`s BFD profile changed: the BFD check fails naming the timer, on the peer line', async () => {
            const s = state.s;
            await s.lab.exec('n1', ['vtysh', '-c', 'configure terminal', '-c', 'bfd', '-c', 'profile node-300-300-3', '-c', 'receive-interval 200']);
            const report = await verifyUntil('the BFD timers to differ', (r) => r.checks.some((c) => c.kind === 'bfd' && c.status === 'fail'), 30_000);
            const failed = report.checks.filter((c) => c.status !== 'pass');
            expect(failed.map((c) => [c.kind, c.status])).toEqual([['bfd', 'fail']]);
            expect(failed[0]!.message).toMatch(/profile's timers differ: peer receive 200 ms, not 300 ms/);
            expect(failed[0]!.line).toBe(s.lineOf('peer r1 {'));
            expect(rangeText(failed[0]!)).toBe('r1');
            await s.lab.exec('n1', ['vtysh', '-c', 'configure terminal', '-c', 'bfd', '-c', 'profile node-300-300-3', '-c', 'receive-interval 300']);
            await green();
        }, 90_000);

        test('the node`s speaker stopped: the session and BFD fail on the peer line', async () => {
            const s = state.s;
            await s.lab.stopDaemon('n1', 'frr');
            const report = await verifyUntil('the session and BFD to fail', (r) => r.checks.filter((c) => c.status === 'fail').length >= 2, 30_000);
            const failed = report.checks.filter((c) => c.status === 'fail');
            expect(failed.map((c) => c.kind).sort()).toEqual(['bfd', 'bgp-session']);
            expect(failed.find((c) => c.kind === 'bfd')!.message).toMatch(/no BFD session with|BFD with \S+ is (down|init)/);
            for (const check of failed) {
                expect(check.line).toBe(s.lineOf('peer r1 {'));
                expect(rangeText(check)).toBe('r1');
            }
            expect(report.checks.filter((c) => c.status === 'unknown').map((c) => c.kind).sort()).toEqual(['bgp-family', 'bgp-family', 'bgp-graceful-restart', 'bgp-prefixes']);
        }, 60_000);
    });
});
