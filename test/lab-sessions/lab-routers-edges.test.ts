/**
 * Edges of the routers lab (LANGUAGE-V2 §4): a ToR with a `loopback` its rack's GoBGP speakers peer with over
 * multihop (`peer tor-a { to loopback }`), and an `upstream` outside the file: a GoBGP peer in a namespace of its
 * own on the fabric network, which the fixture does not describe (the lab adds it and removes it at teardown).
 * verify is green for both, then red on the `upstream` line when the upstream peer is stopped. Needs root.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { formatVerifyText, verifyExitCode } from '../../src/deploy/verify-report.js';
import { verifyUntil } from '../deploy/verify-lab-setup.js';
import { gobgpConfig, vtyshJson, writeGobgpConfig } from '../lab/index.js';
import { createScenarioLab, destroyScenarioLab, scenarioVerifier, type ScenarioLab } from './lab-sessions-setup.js';

const runLab = process.getuid?.() === 0 || Boolean(process.env.CI);

type Json = Record<string, any>;

/** The peer outside the file: the fixture's `upstream 10.99.3.9 remote-as 65000`, on tor-a's fabric network. */
const UPSTREAM = { name: 'upstream', kind: 'router' as const, addresses: ['10.99.3.9/24'], daemons: [] };

describe.skipIf(!runLab)('routers lab edges: loopback peering and an upstream (root)', () => {
    let s: ScenarioLab;
    const ip = (host: string) => s.lab.host(host).interfaces[0]!.cidr.split('/')[0]!;
    beforeAll(async () => {
        s = await createScenarioLab('lab-routers-edges', 'gobgp', [UPSTREAM]);
        const tor = s.model.routers.find((router) => router.name === 'tor-a')!;
        const loopback = tor.loopbacks[0]!.address.text;
        // The speakers reach tor-a's loopback through tor-a's rack address (what the fabric's routing would do).
        const rackAddress = tor.addresses.find((a) => a.network?.name === 'rack-a')!.address.text;
        await Promise.all(s.model.nodes.map((node) => s.lab.exec(node.name, ['ip', 'route', 'add', `${loopback}/32`, 'via', rackAddress])));
        const fabricAddress = tor.addresses.find((a) => a.network?.name === 'fabric')!.address.text;
        await writeGobgpConfig(s.lab.host('upstream'), gobgpConfig({ asn: 65000, routerId: ip('upstream'), connectRetry: 1, neighbors: [{ address: fabricAddress, peerAs: 65101 }] }));
        await s.lab.startDaemon('upstream', 'gobgpd');
    }, 120_000);
    // The file's hosts and the upstream's namespace, and none of them left behind.
    afterAll(() => destroyScenarioLab(s, 1), 60_000);

    const { verify, green } = scenarioVerifier(() => s, 'lab-routers-edges');

    test('the speakers peer with tor-a\'s loopback over multihop, the upstream is Established: verify green', async () => {
        const report = await green();
        const upstreamChecks = report.checks.filter((c) => c.line === s.lineOf('upstream 10.'));
        // No `announce`: the upstream must receive nothing (upstream-routes), and does.
        expect(upstreamChecks.map((c) => [c.kind, c.status, c.kind === 'upstream-routes' ? c.message : ''])).toEqual([
            ['bgp-session', 'pass', ''],
            ['upstream-routes', 'pass', `upstream ${ip('upstream')} receives nothing, as announced`]
        ]);
        const loopbackChecks = report.checks.filter((c) => c.line === s.lineOf('peer tor-a {') && c.kind === 'bgp-session');
        expect(loopbackChecks.length).toBe(s.model.nodes.length);
        const tor = s.model.routers.find((router) => router.name === 'tor-a')!;
        const loopback = tor.loopbacks[0]!.address.text;
        const neighbors = await vtyshJson<Json>(s.lab.host('tor-a'), 'show bgp neighbors json');
        for (const node of s.model.nodes) {
            const address = node.addresses[0]!.address.text;
            expect(neighbors[address].bgpState).toBe('Established');
            expect(neighbors[address].hostLocal).toBe(loopback);
        }
        expect(neighbors[ip('upstream')].bgpState).toBe('Established');
    }, 150_000);

    test('the upstream stopped: verify red on the `upstream` line, the speakers stay green', async () => {
        await s.lab.stopDaemon('upstream', 'gobgpd');
        const report = await verifyUntil(verify, 'the upstream session to fail', (r) => r.checks.some((c) => c.status === 'fail'), 60_000);
        const failed = report.checks.filter((c) => c.status === 'fail');
        console.log(`[lab-routers-edges] upstream stopped\n${formatVerifyText(report, 'lab-routers-edges.bgptopo')}`);
        expect(failed.map((c) => c.kind)).toEqual(['bgp-session']);
        expect(failed[0]!.line).toBe(s.lineOf('upstream 10.'));
        expect(failed[0]!.element).toContain('upstream');
        expect(verifyExitCode(report)).toBe(1);
    }, 120_000);
});
