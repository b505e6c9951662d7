/**
 * Captures the real FRR JSON that test/deploy/verify-upstream-routes.test.ts reads
 * (test/deploy/fixtures/frr/lab-upstream_*.json) from a lab built from fixtures/lab-upstream-capture.bgptopo: the
 * spine's frr.conf is the real renderer's, the nodes are GoBGP speakers announcing a host route inside each pool, the
 * upstream a GoBGP peer (AS 65000) in a namespace of its own that sends 0.0.0.0/0. Addresses are written back in the
 * fixture's 10.99.S.H form. Run as root: `npx vite-node test/lab-sessions/capture-upstream-fixtures.ts`.
 *
 * States captured on the spine:
 * - healthy: `show bgp ipv4 unicast neighbors UP advertised-routes json`, `show bgp ipv4 unicast json`,
 *   `show bgp summary json`; also the IPv6 family of that IPv4 neighbor and an address that is no neighbor;
 * - extra: the export list widened by hand (`permit 10.99.6.0/24 le 32`) and the aggregate without summary-only,
 *   so the pool's host routes leak to the upstream;
 * - idle: every speaker stopped, so only the loopback is left to announce.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gobgpConfig, waitFor, writeGobgpConfig } from '../lab/index.js';
import { createScenarioLab, fixtureAddresses } from './lab-sessions-setup.js';

const out = join(import.meta.dirname, '..', 'deploy', 'fixtures', 'frr');

const UPSTREAM = { name: 'upstream', kind: 'router' as const, addresses: ['10.99.3.9/24'], daemons: [] };

const s = await createScenarioLab('lab-upstream-capture', 'gobgp', [UPSTREAM]);
try {
    const spine = s.model.routers[0]!;
    const up = s.lab.host('upstream').interfaces[0]!.cidr.split('/')[0]!;
    const core = spine.addresses.find((a) => a.network?.name === 'core')!.address.text;
    await writeGobgpConfig(s.lab.host('upstream'), gobgpConfig({ asn: 65000, routerId: up, connectRetry: 1, neighbors: [{ address: core, peerAs: 65100 }], announce: ['0.0.0.0/0'] }));
    await s.lab.startDaemon('upstream', 'gobgpd');
    const vtysh = async (command: string) => (await s.lab.exec('spine', ['vtysh', '-c', command])).stdout;
    const capture = async (command: string, file: string) => {
        writeFileSync(join(out, file), fixtureAddresses(await vtysh(command), s.lab.block!));
        console.log(`captured ${file}: ${command}`);
    };
    const advertised = `show bgp ipv4 unicast neighbors ${up} advertised-routes json`;
    const count = async () => Object.keys((JSON.parse(await vtysh(advertised)) as { advertisedRoutes?: object }).advertisedRoutes ?? {}).length;
    // The aggregate, the lb-int host routes (one per node) and the loopback; the default route back from the upstream.
    await waitFor(async () => ((await count()) === 2 + s.model.nodes.length ? true : undefined), { timeoutMs: 90_000, intervalMs: 250, what: 'the upstream to receive the announcements' });
    await waitFor(async () => ((await vtysh('show bgp ipv4 unicast json')).includes('"0.0.0.0/0"') ? true : undefined), { timeoutMs: 30_000, intervalMs: 250, what: 'the default route from the upstream' });
    await capture(advertised, 'lab-upstream_spine_advertised_routes.json');
    await capture('show bgp ipv4 unicast json', 'lab-upstream_spine_show_bgp_ipv4_unicast.json');
    await capture('show bgp summary json', 'lab-upstream_spine_show_bgp_summary.json');
    await capture(`show bgp ipv6 unicast neighbors ${up} advertised-routes json`, 'lab-upstream_spine_advertised_routes__ipv6_not_active.json');
    await capture(`show bgp ipv4 unicast neighbors ${up.replace(/\.\d+$/, '.99')} advertised-routes json`, 'lab-upstream_spine_advertised_routes__no_such_neighbor.json');

    const list = `PL-UP-${up}-OUT`;
    await s.lab.exec('spine', [
        'vtysh', '-c', 'configure terminal',
        '-c', `ip prefix-list ${list} seq 5 permit ${s.model.networks.find((n) => n.name === 'lb')!.prefix!.text} le 32`,
        '-c', `router bgp 65100`, '-c', 'address-family ipv4 unicast',
        '-c', `aggregate-address ${s.model.networks.find((n) => n.name === 'lb')!.prefix!.text}`
    ]);
    await waitFor(async () => ((await count()) > 2 + s.model.nodes.length ? true : undefined), { timeoutMs: 30_000, intervalMs: 250, what: 'the pool host routes to leak to the upstream' });
    await capture(advertised, 'lab-upstream_spine_advertised_routes__extra.json');

    await Promise.all(s.model.nodes.map((node) => s.lab.stopDaemon(node.name, 'gobgpd')));
    await waitFor(async () => ((await count()) === 1 ? true : undefined), { timeoutMs: 60_000, intervalMs: 250, what: 'only the loopback left to announce' });
    await capture(advertised, 'lab-upstream_spine_advertised_routes__speakers_stopped.json');
    await capture('show bgp ipv4 unicast json', 'lab-upstream_spine_show_bgp_ipv4_unicast__speakers_stopped.json');
} finally {
    await s.lab.destroy();
}
