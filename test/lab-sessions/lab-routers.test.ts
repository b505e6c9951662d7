/**
 * Routers beyond the rack in the lab (issue 16): real FRR on a spine and two ToRs, rendered by bgptopo (router-to-router
 * eBGP, a `listen-port` of 180, a route-reflector ToR), GoBGP speakers configured from the sessions table. verify
 * checks the speaker rows and both ends of each router-to-router session; green, then red on tor-a's `neighbor
 * spine` line when the spine is stopped. The nodes of the reflecting rack learn each other's pool routes from it.
 * Needs root.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { verifyTopology } from '../../src/deploy/verify-topology.js';
import { formatVerifyText, verifyExitCode } from '../../src/deploy/verify-report.js';
import type { VerifyReport } from '../../src/deploy/verify-types.js';
import { verifyUntil } from '../deploy/verify-lab-setup.js';
import { vtyshJson, waitFor } from '../lab/index.js';
import { createScenarioLab, LAB_VERIFY_KINDS, type ScenarioLab } from './lab-sessions-setup.js';

const runLab = process.getuid?.() === 0 || Boolean(process.env.CI);

type Json = Record<string, any>;

describe.skipIf(!runLab)('routers beyond the rack in the lab (root)', () => {
    let s: ScenarioLab;
    beforeAll(async () => {
        s = await createScenarioLab('lab-routers', 'gobgp');
    }, 120_000);
    afterAll(async () => {
        if (s) {
            const report = await s.lab.destroy();
            expect(report.namespaces.length).toBe(s.model.routers.length + s.model.nodes.length);
        }
    }, 60_000);

    const verify = () => verifyTopology(s.model, s.connect, { kinds: LAB_VERIFY_KINDS });
    const green = async (): Promise<VerifyReport> => {
        const report = await verifyUntil(verify, 'every check to pass', (r) => verifyExitCode(r) === 0, 90_000);
        console.log(`[lab-routers] verify green\n${formatVerifyText(report, 'lab-routers.bgptopo')}`);
        return report;
    };

    test('every session Established: speakers dial tor-a on 180, both ends of each router session checked, the spine learns both racks', async () => {
        const report = await green();
        const routerChecks = report.checks.filter((check) => check.id.includes('<->')).map((check) => check.id).sort();
        expect(routerChecks).toEqual([
            'bgp-prefixes:tor-a<->spine@spine',
            'bgp-prefixes:tor-a<->spine@tor-a',
            'bgp-prefixes:tor-b<->spine@spine',
            'bgp-prefixes:tor-b<->spine@tor-b',
            'bgp-session:tor-a<->spine@spine',
            'bgp-session:tor-a<->spine@tor-a',
            'bgp-session:tor-b<->spine@spine',
            'bgp-session:tor-b<->spine@tor-b'
        ]);
        const torA = await vtyshJson<Json>(s.lab.host('tor-a'), 'show bgp neighbors json');
        for (const node of ['a1', 'a2']) {
            const address = s.model.nodes.find((n) => n.name === node)!.addresses[0]!.address.text;
            expect(torA[address].bgpState).toBe('Established');
            expect(torA[address].portLocal).toBe(180);
        }
        // Verify is green once the sessions are up; the routes then travel speaker → ToR → spine in FRR's update
        // batches: wait (bounded) until the spine holds every announced prefix.
        const announced = [...s.announced.values()].flat();
        const learned = await waitFor(
            async () => {
                const spineRoutes = await vtyshJson<Json>(s.lab.host('spine'), 'show bgp ipv4 unicast json');
                const prefixes = Object.keys(spineRoutes.routes ?? {});
                return announced.every((prefix) => prefixes.includes(prefix)) ? prefixes : undefined;
            },
            { what: 'the spine to learn both racks\' routes', timeoutMs: 30_000, intervalMs: 500 }
        );
        expect(learned).toEqual(expect.arrayContaining(announced));
    }, 150_000);

    test('the reflector sends each iBGP node the other node\'s routes', async () => {
        const b1 = s.model.nodes.find((n) => n.name === 'b1')!.addresses[0]!.address.text;
        const b2Prefixes = s.announced.get('b2')!;
        // FRR sends updates in batches: wait (bounded) until the reflected routes are out.
        const sent = await waitFor(
            async () => {
                const advertised = await vtyshJson<Json>(s.lab.host('tor-b'), `show bgp ipv4 unicast neighbors ${b1} advertised-routes json`);
                const prefixes = Object.keys(advertised.advertisedRoutes ?? {});
                return b2Prefixes.every((prefix) => prefixes.includes(prefix)) ? prefixes : undefined;
            },
            { what: `tor-b to reflect b2's routes to b1`, timeoutMs: 30_000, intervalMs: 500 }
        );
        expect(sent).toEqual(expect.arrayContaining(b2Prefixes));
    }, 60_000);

    test("the spine stopped: tor-a's and tor-b's ends fail on their `neighbor spine` lines; the speakers stay green", async () => {
        await s.lab.stopDaemon('spine', 'frr');
        try {
            const report = await verifyUntil(verify, 'the spine sessions to fail', (r) => ['tor-a', 'tor-b'].every((t) => r.checks.find((c) => c.id === `bgp-session:${t}<->spine@${t}`)?.status === 'fail'), 60_000);
            const torA = report.checks.find((c) => c.id === 'bgp-session:tor-a<->spine@tor-a')!;
            expect(torA.line).toBe(s.lineOf('router tor-a') + 1);
            expect(torA.element).toBe('neighbor spine of router tor-a');
            const torB = report.checks.find((c) => c.id === 'bgp-session:tor-b<->spine@tor-b')!;
            expect(torB.line).toBe(s.lineOf('router tor-b') + 1);
            expect(report.checks.filter((c) => c.id.includes('prod/metallb') && c.kind === 'bgp-session').every((c) => c.status === 'pass')).toBe(true);
            expect(verifyExitCode(report)).toBe(1);
        } finally {
            await s.lab.startDaemon('spine', 'frr');
        }
        await green();
    }, 180_000);
});
