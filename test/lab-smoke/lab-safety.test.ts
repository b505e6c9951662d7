/**
 * Safety rules of the lab: refused address ranges (pure, no root needed) and, as root, refusal before
 * anything is created plus detection and removal of a lab left behind by a crashed (SIGKILLed) process.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  assertLabRangesSafe,
  cleanupStaleLabs,
  createLab,
  labRangeConflicts,
  listLinks,
  listNamespaces,
  processAlive,
  readMachineNetwork,
  run,
  waitFor,
  type LabBlock,
  type LabLinkSpec,
  type MachineNetwork,
} from '../lab/index.js';
import { withLabLock } from '../lab/lab-safety.js';

const runLab = process.getuid?.() === 0 || Boolean(process.env.CI);

/** The shape of this machine's network (FACTS: eth0 192.0.2.2/24, gateway .1, resolver 10.255.255.53). */
const machine: MachineNetwork = {
  routes: [
    { dst: 'default', prefix: { network: 0, length: 0 }, dev: 'eth0', gateway: '192.0.2.1' },
    { dst: '192.0.2.0/24', prefix: { network: 0xc0000200, length: 24 }, dev: 'eth0' },
    { dst: '10.77.0.0/24', prefix: { network: 0x0a4d0000, length: 24 }, dev: 'btlabcb0' },
  ],
  addresses: [
    { cidr: '127.0.0.1/8', dev: 'lo' },
    { cidr: '192.0.2.2/24', dev: 'eth0' },
  ],
  resolvers: ['10.255.255.53'],
};

describe('lab address safety', () => {
  it('accepts a free subnet of 10.77.0.0/16', () => {
    expect(labRangeConflicts(['10.77.16.0/24', '10.77.31.11/32'], machine)).toEqual([]);
  });

  it('refuses the machine subnet, gateway and resolver even when the allowed range is widened', () => {
    const conflicts = labRangeConflicts(['192.0.2.0/24', '10.255.0.0/16'], machine, '0.0.0.0/0');
    expect(conflicts).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/192\.0\.2\.0\/24 covers the default gateway 192\.0\.2\.1/),
        expect.stringMatching(/192\.0\.2\.0\/24 overlaps route 192\.0\.2\.0\/24 dev eth0/),
        expect.stringMatching(/overlaps machine address 192\.0\.2\.2\/24/),
        expect.stringMatching(/10\.255\.0\.0\/16 covers the DNS resolver 10\.255\.255\.53/),
      ]),
    );
  });

  it('refuses addresses outside the lab range and subnets used by another lab', () => {
    expect(labRangeConflicts(['172.16.0.0/24'], machine)).toEqual(['172.16.0.0/24 is outside the lab range 10.77.0.0/16']);
    expect(labRangeConflicts(['10.77.0.5/32'], machine)[0]).toMatch(/another bgptopo lab/);
    expect(() => assertLabRangesSafe(['10.0.0.0/8'], machine, '10.0.0.0/8')).toThrow(/DNS resolver/);
  });

  it('reads the real machine network, including its resolvers and default gateway', async () => {
    const real = await readMachineNetwork();
    expect(real.routes.length).toBeGreaterThan(0);
    for (const resolver of real.resolvers) expect(labRangeConflicts([`${resolver}/32`], real, '0.0.0.0/0').length).toBeGreaterThan(0);
  });
});

describe.skipIf(!runLab)('lab safety on this machine (root)', () => {
  it('runs as root (required: without root under CI this fails instead of skipping)', () => {
    expect(process.getuid?.()).toBe(0);
  });

  it('refuses a spec covering the resolver before creating anything', async () => {
    const before = await listNamespaces();
    const resolver = (await readMachineNetwork()).resolvers[0] ?? '10.255.255.53';
    const subnet = resolver.replace(/\.\d+$/, '.0/24');
    await expect(
      createLab({
        segments: [{ name: 'lan', cidr: subnet }],
        hosts: [{ name: 'x1', kind: 'node', addresses: [resolver.replace(/\.\d+$/, '.7/24')], daemons: [] }],
      }),
    ).rejects.toThrow(/refusing lab addresses[\s\S]*DNS resolver/);
    expect(await listNamespaces()).toEqual(before);
  }, 30_000);

  it('refuses a point-to-point link to an unknown host, or named like a segment interface, before creating anything', async () => {
    const before = await listNamespaces();
    const spec = (links: LabLinkSpec[]) => (b: LabBlock) => ({
      segments: [{ name: 'lan', cidr: b.subnet(0) }],
      hosts: ['x1', 'x2'].map((name, i) => ({ name, kind: 'router' as const, addresses: [b.address(0, i + 1)], daemons: [] })),
      links,
    });
    await expect(createLab(spec([{ a: { host: 'x1', device: 'swp1' }, b: { host: 'x3', device: 'swp1' } }]))).rejects.toThrow(/link end on unknown host "x3"/);
    await expect(createLab(spec([{ a: { host: 'x1', device: 'eth1' }, b: { host: 'x2', device: 'swp1' } }]))).rejects.toThrow(/invalid or duplicate link device "eth1" on x1/);
    await expect(
      createLab(spec([{ a: { host: 'x1', device: 'swp1' }, b: { host: 'x2', device: 'swp1' } }, { a: { host: 'x1', device: 'swp1' }, b: { host: 'x2', device: 'swp2' } }])),
    ).rejects.toThrow(/invalid or duplicate link device "swp1" on x1/);
    expect(await listNamespaces()).toEqual(before);
  }, 30_000);

  it('detects and removes a lab left behind by a SIGKILLed process', async () => {
    const fixture = fileURLToPath(new URL('./fixtures/crash-lab.ts', import.meta.url));
    const viteNode = fileURLToPath(new URL('../../node_modules/.bin/vite-node', import.meta.url));
    const child = spawn(viteNode, [fixture], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    const line = await waitFor(
      () => {
        const found = /^LAB (.*)$/m.exec(output)?.[1];
        if (found) return found;
        if (child.exitCode !== null) return `exited:${child.exitCode}`;
        return undefined;
      },
      { timeoutMs: 60_000, intervalMs: 50, what: "the crash fixture's lab" },
    );
    if (line.startsWith('exited:')) throw new Error(`crash fixture ${line} before reporting its lab:\n${output}`);
    const crashed = JSON.parse(line) as { id: string; dir: string; pids: number[] };

    // Killed and inspected under the lab lock: a createLab in a parallel test file sweeps stale labs, and once the
    // fixture is dead its lab is stale, so taking the lock only after the kill let another file clean it up first.
    const reports = await withLabLock(async () => {
      child.kill('SIGKILL');
      await waitFor(() => child.exitCode !== null || child.signalCode !== null, { timeoutMs: 5000, what: 'the crash fixture to die' });
      expect((await listNamespaces()).filter((n) => n.startsWith(crashed.id)).sort()).toEqual([`${crashed.id}-n1`, `${crashed.id}-r1`]);
      expect(crashed.pids.filter(processAlive).length).toBe(crashed.pids.length);
      return cleanupStaleLabs();
    });
    const report = reports.find((r) => r.namespaces.some((n) => n.startsWith(crashed.id)));
    expect(report?.killedPids.sort()).toEqual(expect.arrayContaining(crashed.pids.sort()));
    expect((await listNamespaces()).filter((n) => n.startsWith(crashed.id))).toEqual([]);
    expect((await listLinks()).filter((l) => l.startsWith(crashed.id))).toEqual([]);
    expect(crashed.pids.filter(processAlive)).toEqual([]);
    expect(existsSync(crashed.dir)).toBe(false);
    expect((await run(['ip', '-4', 'route'])).stdout).not.toContain(crashed.id);
  }, 120_000);
});
