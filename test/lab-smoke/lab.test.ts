/**
 * Proof that the network lab works: 2 FRR routers (bgp listen range + in/out route-maps), 2 GoBGP node
 * speakers announcing a /32 each, 1 HAProxy load balancer, sshd everywhere. Needs root; when not root it is
 * skipped locally but FAILS when process.env.CI is set (createLab throws).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createLab,
  gobgpEstablished,
  gobgpNeighbors,
  listLinks,
  listNamespaces,
  processAlive,
  readSshBanner,
  run,
  vtyshJson,
  waitFor,
  type Lab,
  type LabBlock,
  type LabSpec,
} from '../lab/index.js';

const runLab = process.getuid?.() === 0 || Boolean(process.env.CI);

/** FRR router config after FACTS §1.1: passive listen range, policy in (VIP range only) and out (deny all). */
function routerConfig(name: string, routerId: string, lan: string, announceRange: string, extra = ''): string {
  return `frr version 8.4.4
frr defaults traditional
hostname ${name}
service integrated-vtysh-config
!
ip prefix-list PL-K8S-IN seq 10 permit ${announceRange} le 32
ip prefix-list PL-K8S-IN seq 100 deny 0.0.0.0/0 le 32
route-map RM-K8S-IN permit 10
 match ip address prefix-list PL-K8S-IN
exit
route-map RM-DENY-ALL deny 10
exit
!
router bgp 64512
 bgp router-id ${routerId}
 bgp bestpath as-path multipath-relax
 neighbor K8S peer-group
 neighbor K8S remote-as external
 bgp listen range ${lan} peer-group K8S
${extra} !
 address-family ipv4 unicast
  neighbor K8S route-map RM-K8S-IN in
  neighbor K8S route-map RM-DENY-ALL out
 exit-address-family
exit
`;
}

function smokeSpec(b: LabBlock): LabSpec {
  const lan = b.subnet(0);
  const vips = b.subnet(15);
  const routers = [b.ip(0, 1), b.ip(0, 2)];
  const node = (name: string, host: number, asn: number): LabSpec['hosts'][number] => ({
    name,
    kind: 'node',
    addresses: [b.address(0, host)],
    daemons: ['sshd', 'gobgpd'],
    gobgp: {
      asn,
      routerId: b.ip(0, host),
      neighbors: routers.map((address) => ({ address, peerAs: 64512, localAddress: b.ip(0, host) })),
      announce: [`${b.ip(15, host)}/32`],
    },
  });
  return {
    sudoUser: 'bgptopo',
    segments: [{ name: 'lan', cidr: lan }],
    hosts: [
      ...routers.map((ip, i) => ({
        name: `r${i + 1}`,
        kind: 'router' as const,
        addresses: [`${ip}/24`],
        daemons: ['sshd' as const, 'frr' as const],
        frr: { bgpd: true, config: routerConfig(`r${i + 1}`, ip, lan, vips) },
      })),
      node('n1', 11, 65001),
      node('n2', 12, 65002),
      {
        name: 'lb1',
        kind: 'loadbalancer',
        addresses: [b.address(0, 20)],
        daemons: ['sshd', 'haproxy'],
        haproxyConfig: `global
  maxconn 100
defaults
  mode tcp
  timeout connect 2s
  timeout client 30s
  timeout server 30s
frontend ssh-n1
  bind ${b.ip(0, 20)}:2222
  default_backend n1
backend n1
  server n1 ${b.ip(0, 11)}:22 check
`,
      },
    ],
  };
}

interface BgpPeer {
  state: string;
  peerState: string;
  pfxRcd: number;
  connectionsEstablished: number;
}
type BgpSummary = { ipv4Unicast?: { peers: Record<string, BgpPeer> } };

async function routerPeers(lab: Lab, router: string): Promise<Record<string, BgpPeer>> {
  const summary = await vtyshJson<BgpSummary>(lab.host(router), 'show bgp summary json');
  return summary.ipv4Unicast?.peers ?? {};
}

describe.skipIf(!runLab)('network lab (root)', () => {
  it('runs as root (required: without root under CI this fails instead of skipping)', () => {
    expect(process.getuid?.()).toBe(0);
  });

  let lab: Lab;
  let block: LabBlock;
  const nodeAddresses: string[] = [];

  beforeAll(async () => {
    lab = await createLab(smokeSpec);
    block = lab.block as LabBlock;
    nodeAddresses.push(block.ip(0, 11), block.ip(0, 12));
    console.log(`[lab] ${lab.id} in ${block.cidr}: up in ${lab.timings.upMs} ms (5 hosts, 5 sshd, 2 FRR, 2 gobgpd, 1 haproxy)`);
  }, 90_000);

  afterAll(async () => {
    // The last test destroys and checks; this is the safety net when an earlier test failed.
    await lab?.destroy();
  }, 60_000);

  it('runs hostname over ssh on every host with the lab key and strict known_hosts', async () => {
    const started = Date.now();
    const results = await Promise.all(
      Object.keys(lab.hosts).map(async (name) => [name, (await run(lab.sshArgv(name, ['hostname']), { timeoutMs: 15_000 })).stdout.trim()]),
    );
    console.log(`[lab] 5 parallel ssh 'hostname' in ${Date.now() - started} ms`);
    for (const [name, hostname] of results) expect(hostname).toBe(name);
  }, 30_000);

  it('rejects a host key that does not match known_hosts', async () => {
    const wrong = join(lab.dir, 'client', 'known_hosts.wrong');
    const r2Key = lab.sshTarget('r2').hostPublicKey;
    writeFileSync(wrong, `${lab.host('r1').primaryAddress} ${r2Key}\n`);
    const argv = lab.sshArgv('r1', ['hostname']).map((arg) => (arg.startsWith('UserKnownHostsFile=') ? `UserKnownHostsFile=${wrong}` : arg));
    const result = await run(argv, { allowFailure: true, timeoutMs: 15_000 });
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/host key|HOST IDENTIFICATION/i);
  }, 30_000);

  it('has a non-root sudo user that exists only inside the hosts', async () => {
    const { stdout } = await run(lab.sshArgv('n1', ['sh', '-c', 'id -un; sudo -n id -u'], { user: 'bgptopo' }), { timeoutMs: 15_000 });
    expect(stdout.trim().split('\n')).toEqual(['bgptopo', '0']);
    expect(readFileSync('/etc/passwd', 'utf8')).not.toMatch(/^bgptopo:/m);
    expect(existsSync('/etc/sudoers.d/bgptopo')).toBe(false);
  }, 30_000);

  it('gives every host its own /etc/frr, /run and hostname behind default paths', async () => {
    const r1 = await run(lab.sshArgv('r1', ['grep', '^bgpd=', '/etc/frr/daemons']), { timeoutMs: 15_000 });
    const n1 = await run(lab.sshArgv('n1', ['grep', '^bgpd=', '/etc/frr/daemons']), { timeoutMs: 15_000 });
    expect(r1.stdout.trim()).toBe('bgpd=yes');
    expect(n1.stdout.trim()).toBe('bgpd=no');
    expect(readFileSync('/etc/frr/daemons', 'utf8')).toMatch(/^bgpd=no$/m);
    // Same default paths, different contents: r1's FRR sockets are invisible on n1 and vice versa.
    expect((await lab.exec('r1', ['ls', '-A', '/run/frr'])).stdout).toMatch(/bgpd\.vty/);
    expect((await lab.exec('n1', ['ls', '-A', '/run/frr'])).stdout).toBe('');
    expect((await lab.exec('n1', ['ls', '/run'])).stdout).toMatch(/gobgpd\.pid/);
    expect((await lab.exec('r1', ['ls', '/run'])).stdout).not.toMatch(/gobgpd\.pid/);
    expect((await run(['hostname'])).stdout.trim()).not.toBe('r1');
  }, 30_000);

  it('brings both GoBGP sessions to Established / OK with one prefix each on both routers', async () => {
    const started = Date.now();
    for (const router of ['r1', 'r2']) {
      const peers = await waitFor(
        async () => {
          const current = await routerPeers(lab, router);
          const ok = nodeAddresses.every((a) => current[a]?.state === 'Established' && current[a]?.peerState === 'OK' && current[a]?.pfxRcd === 1);
          return ok ? current : false;
        },
        { timeoutMs: 30_000, intervalMs: 200, what: `both node sessions Established/OK with pfxRcd 1 on ${router}` },
      );
      expect(Object.keys(peers).sort()).toEqual([...nodeAddresses].sort());
    }
    console.log(`[lab] sessions Established/OK on both routers ${Date.now() - started} ms after the lab was up`);
    const routes = await vtyshJson<Record<string, { installed?: boolean; nexthops: { ip: string }[] }[]>>(lab.host('r1'), 'show ip route bgp json');
    expect(routes[`${block.ip(15, 11)}/32`]?.[0]?.nexthops[0]?.ip).toBe(block.ip(0, 11));
    expect(routes[`${block.ip(15, 12)}/32`]?.[0]?.nexthops[0]?.ip).toBe(block.ip(0, 12));
    for (const node of ['n1', 'n2']) {
      const neighbors = await gobgpNeighbors(lab.host(node));
      expect(neighbors.map(gobgpEstablished)).toEqual([true, true]);
    }
  }, 60_000);

  it('applies a changed frr.conf with frr-reload.py --reload inside the host without a session flap', async () => {
    const b = block;
    const config = routerConfig('r1', b.ip(0, 1), b.subnet(0), b.subnet(15), ' bgp listen limit 50\n');
    await lab.writeFile('r1', '/etc/frr/frr.conf', config, { mode: 0o640, owner: 'frr:frr' });
    const started = Date.now();
    await lab.reloadDaemon('r1', 'frr');
    console.log(`[lab] frr-reload.py --reload on r1: ${Date.now() - started} ms`);
    const running = (await lab.exec('r1', ['vtysh', '-c', 'show running-config'])).stdout;
    expect(running).toMatch(/bgp listen limit 50/);
    const peers = await routerPeers(lab, 'r1');
    for (const a of nodeAddresses) expect(peers[a]).toMatchObject({ state: 'Established', peerState: 'OK', connectionsEstablished: 1 });
  }, 60_000);

  it('forwards through HAProxy on the load balancer', async () => {
    const banner = await waitFor(() => readSshBanner(block.ip(0, 20), 2222, 2000), { timeoutMs: 10_000, what: 'haproxy forwarding :2222 to n1 sshd' });
    expect(banner).toMatch(/^SSH-2\.0-OpenSSH/);
  }, 30_000);

  it('destroy() leaves no namespace, link, route, process or state directory behind', async () => {
    const pids = await lab.pids();
    expect(pids.length).toBeGreaterThanOrEqual(5 + 5 + 2 * 4 + 2 + 2); // holders, sshd, FRR, gobgpd, haproxy
    const report = await lab.destroy();
    console.log(`[lab] ${lab.id} down in ${report.downMs} ms (${report.killedPids.length} processes, ${report.namespaces.length} namespaces, ${report.links.length} links)`);
    expect((await listNamespaces()).filter((n) => n.startsWith(lab.id))).toEqual([]);
    expect((await listLinks()).filter((l) => l.startsWith(lab.id))).toEqual([]);
    expect(pids.filter(processAlive)).toEqual([]);
    const routes = (await run(['ip', '-4', 'route', 'show', 'table', 'all'])).stdout;
    expect(routes).not.toContain(block.subnet(0).split('/')[0]?.replace(/\.0$/, '.'));
    const processes = (await run(['ps', '-eo', 'args'])).stdout;
    expect(processes).not.toContain(lab.dir);
    expect(existsSync(lab.dir)).toBe(false);
    expect(report.namespaces).toHaveLength(5);
  }, 60_000);
});
