/**
 * Issue 17 over real FRR 8.4 in namespaces: a spine and two ToRs configured by the real renderer, a MetalLB speaker
 * (GoBGP, from the sessions table) per rack announcing a host route of the pool, and an upstream (GoBGP, AS 65000) to
 * which the spine announces the pool aggregated (`aggregate-address P`, no summary-only). Each ToR learns the other
 * rack's host route through the spine; the upstream receives exactly the aggregate; a /26 of the pool that no
 * advertisement sends is refused by the fabric policies in both directions (not sent by the ToR; sent anyway by hand,
 * not taken by the spine). Needs root.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { gobgp, gobgpConfig, vtyshJson, waitFor, writeGobgpConfig } from '../lab/index.js';
import { createScenarioLab, type ScenarioLab } from './lab-sessions-setup.js';

const runLab = process.getuid?.() === 0 || Boolean(process.env.CI);
type Json = Record<string, any>;

const UPSTREAM = { name: 'upstream', kind: 'router' as const, addresses: ['10.99.4.9/24'], daemons: [] };

describe.runIf(runLab)('lab: exact fabric policies and an aggregate that keeps the fabric whole (issue 17)', () => {
    const state = {} as { s: ScenarioLab; pool: string; spineCore: string; up: string };
    const address = (router: string, network: string) =>
        state.s.model.routers.find((r) => r.name === router)!.addresses.find((a) => a.network?.name === network)!.address.text;
    const routes = async (router: string): Promise<string[]> => Object.keys((await vtyshJson<Json>(state.s.lab.host(router), 'show bgp ipv4 unicast json')).routes ?? {});
    const advertised = async (router: string, neighbor: string): Promise<string[]> =>
        Object.keys((await vtyshJson<Json>(state.s.lab.host(router), `show bgp ipv4 unicast neighbors ${neighbor} advertised-routes json`)).advertisedRoutes ?? {});
    /** What the upstream's GoBGP received from the spine (its adj-in), as prefixes. */
    const upstreamReceived = async (): Promise<string[]> => {
        const { stdout } = await gobgp(state.s.lab.host('upstream'), ['neighbor', state.spineCore, 'adj-in', '-a', 'ipv4', '-j']);
        const table = JSON.parse(stdout || '{}') as Record<string, unknown>;
        return Object.keys(table).sort();
    };

    beforeAll(async () => {
        const s = await createScenarioLab('lab-fabric-policy', 'gobgp', [UPSTREAM]);
        state.s = s;
        state.pool = s.model.networks.find((n) => n.name === 'lb')!.prefix!.text;
        state.spineCore = address('spine', 'core');
        state.up = s.lab.host('upstream').interfaces[0]!.cidr.split('/')[0]!;
        await writeGobgpConfig(s.lab.host('upstream'), gobgpConfig({ asn: 65000, routerId: state.up, connectRetry: 1, neighbors: [{ address: state.spineCore, peerAs: 65100 }], announce: ['0.0.0.0/0'] }));
        await s.lab.startDaemon('upstream', 'gobgpd');
    }, 120_000);
    afterAll(async () => {
        if (state.s) {
            const report = await state.s.lab.destroy();
            expect(report.namespaces.length).toBe(state.s.model.routers.length + state.s.model.nodes.length + 1);
        }
    }, 60_000);

    test('the rendered spine aggregates without summary-only; the fabric list is exactly the host routes, no `le 32`', async () => {
        const running = (await state.s.lab.exec('spine', ['vtysh', '-c', 'show running-config'])).stdout;
        expect(running).toContain(`aggregate-address ${state.pool}\n`);
        expect(running).not.toContain('summary-only');
        expect(running).toContain(`ip prefix-list PL-FABRIC-IN seq 10 permit ${state.pool} ge 32\n`);
        expect(state.s.rows.find((row) => row.id === 'tor-a<->spine@spine')!.accepts).toEqual([`${state.pool} ge 32`, '0.0.0.0/0']);
        const a1 = state.s.announced.get('a1')!;
        const b1 = state.s.announced.get('b1')!;
        expect(a1).toHaveLength(1);
        expect(b1).toHaveLength(1);
        expect(a1[0]).toMatch(/\/32$/);
    });

    test("each ToR learns the other rack's host route through the spine (AS path spine, other ToR, speakers)", async () => {
        const [a1] = state.s.announced.get('a1')!;
        const [b1] = state.s.announced.get('b1')!;
        for (const [tor, prefix, path] of [['tor-a', b1!, '65100 65102 64512'], ['tor-b', a1!, '65100 65101 64512']] as const) {
            const route = await waitFor(
                async () => {
                    const entry = (await vtyshJson<Json>(state.s.lab.host(tor), `show bgp ipv4 unicast ${prefix} json`)).paths as Json[] | undefined;
                    return entry?.find((p) => p.aspath?.string === path);
                },
                { what: `${tor} to learn ${prefix} through the spine`, timeoutMs: 60_000, intervalMs: 500 }
            );
            expect(route.aspath.string).toBe(path);
        }
        // The spine holds both host routes and its own aggregate, and sends the ToRs the host routes, not the aggregate.
        const spine = await routes('spine');
        expect(spine).toEqual(expect.arrayContaining([a1, b1, state.pool]));
        const toTorA = await waitFor(async () => {
            const sent = await advertised('spine', address('tor-a', 'fabric'));
            return sent.includes(b1!) ? sent : undefined;
        }, { what: 'the spine to advertise b1 to tor-a', timeoutMs: 30_000, intervalMs: 500 });
        expect(toTorA).not.toContain(state.pool);
    }, 150_000);

    test('the upstream receives exactly the aggregate, none of its host routes', async () => {
        const received = await waitFor(async () => {
            const prefixes = await upstreamReceived();
            return prefixes.includes(state.pool) ? prefixes : undefined;
        }, { what: 'the upstream to receive the aggregate', timeoutMs: 90_000, intervalMs: 500 });
        expect(received).toEqual([state.pool]);
        expect(await advertised('spine', state.up)).toEqual([state.pool]);
        // The default route the spine accepted from the upstream crosses the fabric.
        await waitFor(async () => ((await routes('tor-a')).includes('0.0.0.0/0') ? true : undefined), { what: 'tor-a to learn the default route', timeoutMs: 30_000, intervalMs: 500 });
    }, 120_000);

    test('a /26 of the pool that no advertisement sends: tor-b does not send it; sent anyway, the spine does not take it', async () => {
        const s = state.s;
        const slash26 = `${state.pool.split('/')[0]!.replace(/\.0$/, '.64')}/26`;
        const spineAtB = address('spine', 'fabric');
        const torBAtSpine = address('tor-b', 'fabric');
        const vtysh = (router: string, ...commands: string[]) => s.lab.exec(router, ['vtysh', '-c', 'configure terminal', ...commands.flatMap((c) => ['-c', c])]);
        // tor-b originates the /26 (a blackhole route in its RIB passes bgpd's import check).
        await s.lab.exec('tor-b', ['ip', 'route', 'add', 'blackhole', slash26]);
        await vtysh('tor-b', 'router bgp 65102', 'address-family ipv4 unicast', `network ${slash26}`);
        await waitFor(async () => ((await routes('tor-b')).includes(slash26) ? true : undefined), { what: 'tor-b to originate the /26', timeoutMs: 30_000, intervalMs: 250 });
        // Its fabric export policy keeps it from the spine.
        expect(await advertised('tor-b', spineAtB)).not.toContain(slash26);
        // The spine keeps what tor-b sends before policy; tor-b then sends everything.
        await vtysh('spine', 'router bgp 65100', 'address-family ipv4 unicast', 'neighbor RTR-tor-b soft-reconfiguration inbound');
        await vtysh('tor-b', 'route-map RM-ANY permit 10', 'exit', 'router bgp 65102', 'address-family ipv4 unicast', 'neighbor RTR-spine route-map RM-ANY out');
        const received = await waitFor(async () => {
            const table = (await vtyshJson<Json>(s.lab.host('spine'), `show bgp ipv4 unicast neighbors ${torBAtSpine} received-routes json`)).receivedRoutes ?? {};
            return Object.keys(table).includes(slash26) ? Object.keys(table) : undefined;
        }, { what: 'the spine to receive the /26 from tor-b', timeoutMs: 60_000, intervalMs: 250 });
        expect(received).toContain(slash26);
        // Received, refused by RM-FABRIC in: not in the spine's table, so not at tor-a either.
        expect(await routes('spine')).not.toContain(slash26);
        expect(await routes('tor-a')).not.toContain(slash26);
        // The host route b1 announced still arrives (the policy is not deny-all).
        expect(await routes('spine')).toContain(state.s.announced.get('b1')![0]);
    }, 120_000);
});
