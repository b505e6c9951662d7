/**
 * Daemon control in the lab: FRR initialised later with labInitFrr (Debian's bgpd=no until then), FRR
 * restart/stop, keepalived VRRP failover on stop/start, HAProxy reload. Needs root (fails under CI without).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createLab,
  hostProcesses,
  labInitFrr,
  listLinks,
  listNamespaces,
  readSshBanner,
  vtyshJson,
  waitFor,
  type Lab,
  type LabBlock,
} from '../lab/index.js';

const runLab = process.getuid?.() === 0 || Boolean(process.env.CI);

function keepalivedConfig(name: string, priority: number, vip: string): string {
  return `global_defs {
  router_id ${name}
}
vrrp_instance VI_API {
  state BACKUP
  interface eth0
  virtual_router_id 51
  priority ${priority}
  advert_int 1
  virtual_ipaddress {
    ${vip} dev eth0
  }
}
`;
}

function haproxyConfig(address: string, ports: number[], backend: string): string {
  return [
    'global',
    '  maxconn 100',
    'defaults',
    '  mode tcp',
    '  timeout connect 2s',
    '  timeout client 30s',
    '  timeout server 30s',
    ...ports.flatMap((port) => [`frontend f${port}`, `  bind ${address}:${port}`, '  default_backend ssh']),
    'backend ssh',
    `  server s1 ${backend}:22`,
    '',
  ].join('\n');
}

describe.skipIf(!runLab)('lab daemon control (root)', () => {
  it('runs as root (required: without root under CI this fails instead of skipping)', () => {
    expect(process.getuid?.()).toBe(0);
  });

  let lab: Lab;
  let b: LabBlock;

  beforeAll(async () => {
    lab = await createLab((block) => ({
      segments: [{ name: 'lan', cidr: block.subnet(0) }],
      hosts: [
        { name: 'r1', kind: 'router', addresses: [block.address(0, 1)], daemons: ['sshd'] },
        ...[1, 2].map((i) => ({
          name: `lb${i}`,
          kind: 'loadbalancer' as const,
          addresses: [block.address(0, 20 + i)],
          daemons: ['sshd' as const, 'keepalived' as const, 'haproxy' as const],
          keepalivedConfig: keepalivedConfig(`lb${i}`, i === 1 ? 150 : 100, block.address(0, 100)),
          haproxyConfig: haproxyConfig(block.ip(0, 20 + i), [2201], block.ip(0, 1)),
        })),
      ],
    }));
    b = lab.block as LabBlock;
    console.log(`[lab] ${lab.id}: 3 hosts, 2 keepalived, 2 haproxy up in ${lab.timings.upMs} ms`);
  }, 60_000);

  afterAll(async () => {
    if (!lab) return;
    const report = await lab.destroy();
    console.log(`[lab] ${lab.id} down in ${report.downMs} ms`);
    expect((await listNamespaces()).filter((n) => n.startsWith(lab.id))).toEqual([]);
    expect((await listLinks()).filter((l) => l.startsWith(lab.id))).toEqual([]);
  }, 60_000);

  it('starts FRR with bgpd only after labInitFrr, restarts and stops it', async () => {
    const r1 = lab.host('r1');
    expect(await lab.readFile('r1', '/etc/frr/daemons')).toMatch(/^bgpd=no$/m);
    await labInitFrr(r1, {
      bgpd: true,
      config: `frr version 8.4.4\nfrr defaults traditional\nhostname r1\nservice integrated-vtysh-config\n!\nrouter bgp 64512\n bgp router-id ${b.ip(0, 1)}\nexit\n`,
    });
    await lab.startDaemon('r1', 'frr');
    // (`show bgp summary json` is just {} while there are no peers.)
    const table = await vtyshJson<{ routerId: string; localAS: number }>(r1, 'show bgp ipv4 unicast json');
    expect(table).toMatchObject({ routerId: b.ip(0, 1), localAS: 64512 });
    const [bgpdBefore] = await hostProcesses(r1, 'bgpd');
    await lab.restartDaemon('r1', 'frr');
    const [bgpdAfter] = await hostProcesses(r1, 'bgpd');
    expect(bgpdAfter).toBeDefined();
    expect(bgpdAfter).not.toBe(bgpdBefore);
    await lab.stopDaemon('r1', 'frr');
    for (const comm of ['watchfrr', 'zebra', 'bgpd', 'staticd']) expect(await hostProcesses(r1, comm)).toEqual([]);
  }, 60_000);

  it('moves the keepalived VIP to the backup when the master stops, and back when it returns', async () => {
    const vip = b.ip(0, 100);
    const holder = async () => {
      const owners: string[] = [];
      for (const lb of ['lb1', 'lb2']) {
        const { stdout } = await lab.exec(lb, ['ip', '-4', '-o', 'addr', 'show', 'dev', 'eth0']);
        if (stdout.includes(` ${vip}/`)) owners.push(lb);
      }
      return owners;
    };
    await waitFor(async () => (await holder()).join() === 'lb1', { timeoutMs: 15_000, intervalMs: 100, what: `VIP ${vip} on lb1 only` });
    let started = Date.now();
    await lab.stopDaemon('lb1', 'keepalived');
    await waitFor(async () => (await holder()).join() === 'lb2', { timeoutMs: 15_000, intervalMs: 50, what: `VIP ${vip} to move to lb2` });
    console.log(`[lab] VIP moved to lb2 ${Date.now() - started} ms after stopping keepalived on lb1`);
    started = Date.now();
    await lab.startDaemon('lb1', 'keepalived');
    await waitFor(async () => (await holder()).join() === 'lb1', { timeoutMs: 15_000, intervalMs: 50, what: `VIP ${vip} back on lb1 (preempt)` });
    console.log(`[lab] VIP back on lb1 ${Date.now() - started} ms after restarting its keepalived`);
    await lab.reloadDaemon('lb1', 'keepalived'); // SIGHUP: must keep running and keep the VIP
    expect(await hostProcesses(lab.host('lb1'), 'keepalived')).not.toEqual([]);
    expect(await holder()).toEqual(['lb1']);
  }, 60_000);

  it('reloads HAProxy with a new frontend without replacing the master', async () => {
    const lb = lab.host('lb2');
    expect(await readSshBanner(lb.primaryAddress, 2201)).toMatch(/^SSH-2\.0-/);
    await expect(readSshBanner(lb.primaryAddress, 2202, 500)).rejects.toThrow();
    const mastersBefore = await hostProcesses(lb, 'haproxy');
    await lab.writeFile('lb2', '/etc/haproxy/haproxy.cfg', haproxyConfig(lb.primaryAddress, [2201, 2202], b.ip(0, 1)));
    await lab.reloadDaemon('lb2', 'haproxy');
    const banner = await waitFor(() => readSshBanner(lb.primaryAddress, 2202, 500), { timeoutMs: 10_000, what: 'the new HAProxy frontend :2202' });
    expect(banner).toMatch(/^SSH-2\.0-/);
    expect(await hostProcesses(lb, 'haproxy')).toEqual(expect.arrayContaining([Math.min(...mastersBefore)]));
  }, 30_000);
});
