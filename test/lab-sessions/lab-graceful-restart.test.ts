/**
 * Graceful restart on a speaker group's dynamic neighbors, over real FRR 8.4 (issue 17): the router renders the
 * global `bgp graceful-restart` because FRR ignores a peer-group's `graceful-restart` for listen-range neighbors
 * (they stayed in the global Helper mode), and `graceful-restart-helper` on the member of its router neighbor's
 * peer-group, which asks for no graceful restart. Read back from `show bgp neighbors json`. Needs root.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { vtyshJson, waitFor } from '../lab/index.js';
import { createScenarioLab, type ScenarioLab } from './lab-sessions-setup.js';

const runLab = process.getuid?.() === 0 || Boolean(process.env.CI);
type Json = Record<string, any>;

describe.runIf(runLab)('lab: graceful restart of a speaker group on listen ranges', () => {
    const state = {} as { s: ScenarioLab };
    beforeAll(async () => {
        state.s = await createScenarioLab('lab-graceful-restart', 'gobgp');
    }, 120_000);
    afterAll(async () => {
        if (state.s) {
            const report = await state.s.lab.destroy();
            expect(report.namespaces.length).toBe(state.s.model.routers.length + state.s.model.nodes.length);
        }
    }, 60_000);

    /** A router's (tor-a's by default) view of one neighbor, once Established. */
    const neighbor = async (address: string, router = 'tor-a'): Promise<Json> =>
        waitFor(
            async () => {
                const entry = (await vtyshJson<Json>(state.s.lab.host(router), `show bgp neighbors ${address} json`))[address] as Json | undefined;
                return entry?.bgpState === 'Established' ? entry : undefined;
            },
            { what: `${router}'s session with ${address} to be Established`, timeoutMs: 60_000, intervalMs: 300 }
        );
    const routerAddress = (name: string): string => state.s.model.routers.find((r) => r.name === name)!.addresses.find((a) => a.network?.name === 'fabric')!.address.text;

    test('the speaker group that asks for it: graceful restart negotiated, the router in Restart mode', async () => {
        const a1 = state.s.model.nodes.find((n) => n.name === 'a1')!.addresses[0]!.address.text;
        const entry = await neighbor(a1);
        expect(entry.neighborCapabilities.gracefulRestart).toBe('advertisedAndReceived');
        expect(entry.gracefulRestartInfo.localGrMode).toBe('Restart*');
        expect(entry.gracefulRestartInfo.remoteGrMode).toBe('Restart');
    }, 90_000);

    test('a router neighbor that asks for it: both routers in Restart mode, also core, which has nothing else asking', async () => {
        const fromTor = await neighbor(routerAddress('core'));
        const fromCore = await neighbor(routerAddress('tor-a'), 'core');
        for (const entry of [fromTor, fromCore]) {
            expect(entry.neighborCapabilities.gracefulRestart).toBe('advertisedAndReceived');
            expect(entry.gracefulRestartInfo.localGrMode).toMatch(/^Restart\*?$/);
            expect(entry.gracefulRestartInfo.remoteGrMode).toBe('Restart');
        }
    }, 90_000);

    test('the router neighbor that asks for none keeps helper mode', async () => {
        const spine = routerAddress('spine');
        const entry = await neighbor(spine);
        expect(entry.gracefulRestartInfo.localGrMode).toBe('Helper');
        const running = (await state.s.lab.exec('tor-a', ['vtysh', '-c', 'show running-config'])).stdout;
        expect(running).toContain(' bgp graceful-restart\n');
        expect(running).toContain(`neighbor ${spine} graceful-restart-helper\n`);
    }, 90_000);
});
