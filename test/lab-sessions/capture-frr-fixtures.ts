/**
 * Captures the real FRR JSON that test/deploy/verify-check-*.test.ts read (test/deploy/fixtures/frr/lab-*.json)
 * from the session scenarios' labs, with the lab's addresses written back in the fixtures' 10.99.S.H form so
 * that the unit tests can use the same .bgptopo fixtures. Run as root: `npx vite-node test/lab-sessions/capture-frr-fixtures.ts
 * [SCENARIO…]` (no argument: every scenario).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gobgp, waitFor } from '../lab/index.js';
import { verifyTopology } from '../../src/deploy/verify-topology.js';
import { verifyExitCode } from '../../src/deploy/verify-report.js';
import { parseRouteAttributes } from '../../src/deploy/verify-route-attributes.js';
import { createScenarioLab, fixtureAddresses, LAB_VERIFY_KINDS, type ScenarioLab, type SpeakerKind } from './lab-sessions-setup.js';

const out = join(import.meta.dirname, '..', 'deploy', 'fixtures', 'frr');

async function capture(s: ScenarioLab, host: string, command: string | readonly string[], file: string): Promise<void> {
    const { stdout } = await s.lab.exec(host, ['vtysh', ...(typeof command === 'string' ? [command] : command).flatMap((c) => ['-c', c])]);
    writeFileSync(join(out, file), fixtureAddresses(stdout, s.lab.block!));
    console.log(`captured ${file}`);
}

const only = process.argv.slice(2);

async function withScenario(fixture: string, speaker: SpeakerKind, run: (s: ScenarioLab) => Promise<void>, ready?: (s: ScenarioLab) => Promise<boolean>): Promise<void> {
    if (only.length > 0 && !only.includes(fixture)) {
        return;
    }
    const s = await createScenarioLab(fixture, speaker);
    try {
        await waitFor(async () => ((ready ? await ready(s) : verifyExitCode(await verifyTopology(s.model, s.connect, { kinds: LAB_VERIFY_KINDS })) === 0) ? true : undefined), { timeoutMs: 60_000, intervalMs: 250, what: `${fixture} ready` });
        await run(s);
    } finally {
        await s.lab.destroy();
    }
}

await withScenario('lab-over-ipv6', 'frr', async (s) => {
    await capture(s, 'r1', 'show bgp summary json', 'lab-over-ipv6_show_bgp_summary.json');
    await capture(s, 'r1', 'show bgp neighbors json', 'lab-over-ipv6_show_bgp_neighbors.json');
    await capture(s, 'r1', 'show bgp ipv4 unicast json', 'lab-over-ipv6_show_bgp_ipv4_unicast.json');
    await capture(s, 'r1', 'show bgp ipv6 unicast json', 'lab-over-ipv6_show_bgp_ipv6_unicast.json');
    await capture(s, 'r1', 'show bfd peers json', 'lab-over-ipv6_show_bfd_peers.json');
    await s.lab.exec('n1', ['vtysh', '-c', 'configure terminal', '-c', 'bfd', '-c', 'profile node-300-300-3', '-c', 'receive-interval 200']);
    await waitFor(
        async () => ((await s.lab.exec('r1', ['vtysh', '-c', 'show bfd peers json'])).stdout.includes('"remote-receive-interval":200') ? true : undefined),
        { timeoutMs: 20_000, intervalMs: 100, what: 'the new BFD timer on r1' }
    );
    await capture(s, 'r1', 'show bfd peers json', 'lab-over-ipv6_show_bfd_peers__node_receive_200.json');
    await s.lab.stopDaemon('n1', 'frr');
    await waitFor(
        async () => ((await s.lab.exec('r1', ['vtysh', '-c', 'show bfd peers json'])).stdout.includes('"status":"up"') ? undefined : true),
        { timeoutMs: 20_000, intervalMs: 100, what: 'BFD to leave up on r1' }
    );
    await capture(s, 'r1', 'show bfd peers json', 'lab-over-ipv6_show_bfd_peers__node_stopped.json');
    await capture(s, 'r1', 'show bgp summary json', 'lab-over-ipv6_show_bgp_summary__node_stopped.json');
});

await withScenario('lab-dual-homed', 'gobgp', async (s) => {
    await capture(s, 'leaf-a', 'show bgp summary json', 'lab-dual-homed_leaf-a_show_bgp_summary.json');
    await capture(s, 'leaf-a', 'show bgp ipv6 unicast json', 'lab-dual-homed_leaf-a_show_bgp_ipv6_unicast.json');
});

await withScenario('lab-racks', 'gobgp', async (s) => {
    await capture(s, 'tor-b1', 'show bgp neighbors json', 'lab-racks_tor-b1_show_bgp_neighbors.json');
});

// n1 announces an address outside every pool of the file: r1's import policy refuses it, and the speaker peer-group's
// `soft-reconfiguration inbound` keeps it visible in filtered-routes (one vtysh run for all three neighbors and an
// unknown one, as verify's `bgp-refused` probe asks).
const OUTSIDE = '192.0.2.77/32';
await withScenario(
    'lab-announce',
    'gobgp',
    async (s) => {
        const neighbors = [...new Set(s.rows.map((row) => row.sourceAddress!))].sort();
        await capture(s, 'r1', [...neighbors, s.lab.block!.subnet(1).replace(/0\/24$/, '99')].map((n) => `show bgp ipv4 unicast neighbors ${n} filtered-routes json`), 'lab-announce_r1_filtered_routes.json');
        await capture(s, 'r1', `show bgp ipv4 unicast neighbors ${neighbors[0]} received-routes json`, 'lab-announce_r1_received_routes.json');
    },
    async (s) => {
        await gobgp(s.lab.host('n1'), ['global', 'rib', '-a', 'ipv4', 'add', OUTSIDE]);
        const { stdout } = await s.lab.exec('r1', ['vtysh', '-c', `show bgp ipv4 unicast neighbors ${s.rows.find((row) => row.peer === 'n1')!.sourceAddress} filtered-routes json`]);
        const summary = (await s.lab.exec('r1', ['vtysh', '-c', 'show bgp summary json'])).stdout;
        return stdout.includes(OUTSIDE) && summary.split('"Established"').length === 4;
    }
);

// Communities across the fabric (issue 17): rack a's speakers tag their routes 64512:100 and 4200000000:1:2, rack b's
// no-export. tor-a passes rack a's routes to the spine and the spine to tor-b with both communities; tor-b keeps rack
// b's routes (no-export: not sent over eBGP). Each router's summary, table and detailed table.
const RACK_A = ['community', '64512:100', 'large-community', '4200000000:1:2'];
const RACK_B = ['community', 'no-export'];
const FABRIC_ROUTERS = ['spine', 'tor-a', 'tor-b'];
await withScenario(
    'lab-routers-capture', // the one-ToR-per-rack layout the lab-routers_*.json fixtures come from
    'gobgp',
    async (s) => {
        for (const router of FABRIC_ROUTERS) {
            await capture(s, router, 'show bgp summary json', `lab-routers_${router}_show_bgp_summary.json`);
            await capture(s, router, 'show bgp ipv4 unicast json', `lab-routers_${router}_show_bgp_ipv4_unicast.json`);
            await capture(s, router, 'show bgp ipv4 unicast json detail', `lab-routers_${router}_show_bgp_ipv4_unicast_json_detail.json`);
        }
    },
    async (s) => {
        const tagged = (s as ScenarioLab & { tagged?: boolean }).tagged;
        if (!tagged) {
            const summary = (await s.lab.exec('spine', ['vtysh', '-c', 'show bgp summary json'])).stdout;
            if (summary.split('"Established"').length !== 3) {
                return false;
            }
            for (const [node, attributes] of [['a1', RACK_A], ['a2', RACK_A], ['b1', RACK_B], ['b2', RACK_B]] as const) {
                for (const prefix of s.announced.get(node)!) {
                    await gobgp(s.lab.host(node), ['global', 'rib', '-a', 'ipv4', 'del', prefix]);
                    await gobgp(s.lab.host(node), ['global', 'rib', '-a', 'ipv4', 'add', prefix, ...attributes]);
                }
            }
            (s as ScenarioLab & { tagged?: boolean }).tagged = true;
        }
        // Settled: tor-b holds rack a's routes from the spine with their communities, the spine none of rack b's.
        const torB = parseRouteAttributes((await s.lab.exec('tor-b', ['vtysh', '-c', 'show bgp ipv4 unicast json detail'])).stdout);
        const spine = JSON.parse((await s.lab.exec('spine', ['vtysh', '-c', 'show bgp ipv4 unicast json'])).stdout) as { routes?: Record<string, unknown> };
        const rackA = ['a1', 'a2'].flatMap((node) => s.announced.get(node)!);
        const rackB = ['b1', 'b2'].flatMap((node) => s.announced.get(node)!);
        const carried = rackA.every((prefix) => torB.some((route) => route.prefix === prefix && route.largeCommunities.includes('4200000000:1:2')));
        return carried && rackB.every((prefix) => !(prefix in (spine.routes ?? {})));
    }
);
