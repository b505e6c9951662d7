/**
 * Captures the real FRR JSON that test/deploy/verify-check-*.test.ts read (test/deploy/fixtures/frr/lab-*.json)
 * from the session scenarios' labs, with the lab's addresses written back in the fixtures' 10.99.S.H form so
 * that the unit tests can use the same .bgptopo fixtures. Run as root: `npx vite-node test/lab-sessions/capture-frr-fixtures.ts`.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { waitFor } from '../lab/index.js';
import { verifyTopology } from '../../src/deploy/verify-topology.js';
import { verifyExitCode } from '../../src/deploy/verify-report.js';
import { createScenarioLab, fixtureAddresses, type ScenarioLab, type SpeakerKind } from './lab-sessions-setup.js';

const out = join(import.meta.dirname, '..', 'deploy', 'fixtures', 'frr');

async function capture(s: ScenarioLab, host: string, command: string, file: string): Promise<void> {
    const { stdout } = await s.lab.exec(host, ['vtysh', '-c', command]);
    writeFileSync(join(out, file), fixtureAddresses(stdout, s.lab.block!));
    console.log(`captured ${file}`);
}

async function withScenario(fixture: string, speaker: SpeakerKind, run: (s: ScenarioLab) => Promise<void>): Promise<void> {
    const s = await createScenarioLab(fixture, speaker);
    try {
        await waitFor(async () => verifyExitCode(await verifyTopology(s.model, s.connect)) === 0, { timeoutMs: 60_000, intervalMs: 250, what: `${fixture} green` });
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
