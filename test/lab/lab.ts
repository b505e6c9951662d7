/**
 * createLab: builds a lab of Linux network namespaces (hosts) joined by bridges (segments), starts the
 * requested daemons and returns a handle to drive and destroy it. See README.md.
 */
import { join } from 'node:path';
import { addressOf, formatIpv4, parseInterface, parsePrefix, prefixContains, prefixesOverlap } from './lab-cidr.js';
import { DAEMON_START_ORDER, reloadDaemon, restartDaemon, startDaemon, stopDaemon } from './lab-daemons.js';
import { gobgpConfig } from './lab-gobgp.js';
import {
  execInHost,
  prepareHostTree,
  readHostFile,
  startHolder,
  upperEtcPath,
  writeHolderScript,
  writeHostFile,
  writeOwnedFile,
  groupId,
  userId,
  type HostFileOptions,
  type LabHost,
} from './lab-host.js';
import { addAddress, createBridge, createNamespace, createPointToPoint, createVeth, namespacePids } from './lab-network.js';
import type { RunOptions, RunResult } from './lab-process.js';
import { run } from './lab-process.js';
import {
  DEFAULT_LAB_RANGE,
  allocateLabBlock,
  assertLabRangesSafe,
  bridgeName,
  cleanupStaleLabs,
  labStateDir,
  liveLabCidrs,
  namespaceName,
  newLabId,
  readMachineNetwork,
  vethName,
  withLabLock,
  writeLabState,
} from './lab-safety.js';
import {
  createClientKey,
  createHostKey,
  ensureSudoUser,
  keyFingerprint,
  knownHostsLine,
  prepareHostSsh,
  sshArgv,
  writeKnownHosts,
  type LabClientKey,
} from './lab-ssh.js';
import { teardownLabById } from './lab-teardown.js';
import type { LabBlock, LabDaemonName, LabSpec, LabSshTarget, LabTeardownReport, LabTimings } from './lab-types.js';

export type LabSpecInput = LabSpec | ((block: LabBlock) => LabSpec);

export interface CreateLabOptions {
  /** Range a spec factory's /20 block is allocated from (default 10.77.0.0/16). */
  range?: string;
}

export interface Lab {
  id: string;
  /** State directory: /run/bgptopo-lab/<id>. */
  dir: string;
  spec: LabSpec;
  /** The /20 allocated for a spec factory (undefined for a literal spec). */
  block?: LabBlock;
  hosts: Record<string, LabHost>;
  knownHostsPath: string;
  clientKey: LabClientKey;
  timings: LabTimings;
  host(name: string): LabHost;
  /** Runs argv inside the host's network, mount and UTS namespaces (no shell). */
  exec(host: string, argv: readonly string[], options?: RunOptions): Promise<RunResult>;
  writeFile(host: string, path: string, content: string, options?: HostFileOptions): Promise<void>;
  readFile(host: string, path: string): Promise<string>;
  startDaemon(host: string, daemon: LabDaemonName): Promise<void>;
  stopDaemon(host: string, daemon: LabDaemonName): Promise<void>;
  restartDaemon(host: string, daemon: LabDaemonName): Promise<void>;
  reloadDaemon(host: string, daemon: LabDaemonName): Promise<void>;
  sshTarget(host: string, options?: { user?: string }): LabSshTarget;
  /** argv of the system `ssh` client running remoteArgv on the host with strict host key checking. */
  sshArgv(host: string, remoteArgv: readonly string[], options?: { user?: string }): string[];
  /** Every process currently in one of the lab's namespaces. */
  pids(): Promise<number[]>;
  /** Removes everything the lab created; idempotent. */
  destroy(): Promise<LabTeardownReport>;
}

function assertRoot(): void {
  if (process.getuid?.() !== 0) throw new Error('the bgptopo network lab needs root (network namespaces, bridges, mounts)');
}

interface SegmentPlan {
  name: string;
  cidr: string;
  bridge: string;
  rootAddress?: string;
}

/** Last usable address of the subnet, e.g. 10.77.0.254/24. */
function defaultRootAddress(cidr: string): string {
  const prefix = parsePrefix(cidr);
  if (prefix.length > 30) throw new Error(`segment ${cidr} is too small`);
  return `${formatIpv4((prefix.network + 2 ** (32 - prefix.length) - 2) >>> 0)}/${prefix.length}`;
}

function validateSpec(spec: LabSpec): void {
  const names = new Set<string>();
  for (const host of spec.hosts) {
    if (!/^[a-z][a-z0-9-]{0,19}$/.test(host.name)) throw new Error(`invalid lab host name "${host.name}"`);
    if (names.has(host.name)) throw new Error(`duplicate lab host "${host.name}"`);
    names.add(host.name);
    if (host.daemons.includes('gobgpd') && !host.gobgp) throw new Error(`host ${host.name} runs gobgpd but has no gobgp config`);
    if (host.daemons.includes('sshd') && !host.addresses.some((a) => spec.segments.some((s) => prefixContains(parsePrefix(s.cidr), parseInterface(a).address)))) {
      throw new Error(`host ${host.name} runs sshd but has no address on a segment`);
    }
  }
  const segmentNames = new Set<string>();
  for (const segment of spec.segments) {
    if (!/^[a-z][a-z0-9]{0,9}$/.test(segment.name) || segmentNames.has(segment.name)) throw new Error(`invalid or duplicate segment "${segment.name}"`);
    segmentNames.add(segment.name);
  }
  if (spec.segments.length > 10) throw new Error('at most 10 segments');
  const devices = new Set<string>();
  for (const link of spec.links ?? []) {
    for (const end of [link.a, link.b]) {
      if (!names.has(end.host)) throw new Error(`link end on unknown host "${end.host}"`);
      if (!/^[a-z][a-z0-9]{0,14}$/.test(end.device) || /^eth\d+$/.test(end.device) || devices.has(`${end.host}/${end.device}`)) {
        throw new Error(`invalid or duplicate link device "${end.device}" on ${end.host}`);
      }
      devices.add(`${end.host}/${end.device}`);
    }
    if (link.a.host === link.b.host) throw new Error(`link from ${link.a.host} to itself`);
  }
}

/** Every subnet and address of the spec, for the safety check. */
function specCidrs(spec: LabSpec, segments: SegmentPlan[]): string[] {
  return [
    ...segments.map((s) => s.cidr),
    ...segments.flatMap((s) => (s.rootAddress ? [`${addressOf(s.rootAddress)}/32`] : [])),
    ...spec.hosts.flatMap((h) => h.addresses.map((a) => `${addressOf(a)}/32`)),
  ];
}

class LabImpl implements Lab {
  readonly dir: string;
  readonly hosts: Record<string, LabHost> = {};
  readonly knownHostsPath: string;
  clientKey: LabClientKey = { privateKeyPath: '', publicKey: '' };
  timings: LabTimings = { upMs: 0 };
  private readonly hostKeys = new Map<string, string>();
  private destroyed?: Promise<LabTeardownReport>;

  constructor(
    readonly id: string,
    readonly spec: LabSpec,
    private readonly segments: SegmentPlan[],
    readonly block?: LabBlock,
  ) {
    this.dir = labStateDir(id);
    this.knownHostsPath = join(this.dir, 'client', 'known_hosts');
    spec.hosts.forEach((hostSpec, index) => {
      const interfaces = hostSpec.addresses.map((cidr) => {
        const address = parseInterface(cidr).address;
        const segment = segments.find((s) => prefixContains(parsePrefix(s.cidr), address));
        return { cidr, segment: segment?.name, device: 'lo' };
      });
      const onSegments = [...new Set(interfaces.flatMap((i) => (i.segment ? [i.segment] : [])))];
      for (const i of interfaces) if (i.segment) i.device = `eth${onSegments.indexOf(i.segment)}`;
      const primary = interfaces.find((i) => i.segment) ?? interfaces[0];
      this.hosts[hostSpec.name] = {
        name: hostSpec.name,
        kind: hostSpec.kind,
        spec: hostSpec,
        index,
        namespace: namespaceName(id, hostSpec.name),
        treeDir: join(this.dir, 'hosts', hostSpec.name),
        holderPid: 0,
        interfaces,
        primaryAddress: primary ? addressOf(primary.cidr) : '',
      };
    });
  }

  host(name: string): LabHost {
    const host = this.hosts[name];
    if (!host) throw new Error(`no lab host "${name}" (hosts: ${Object.keys(this.hosts).join(', ')})`);
    return host;
  }

  async build(): Promise<void> {
    const holderScript = writeHolderScript(this.dir);
    this.clientKey = await createClientKey(this.dir, this.id);
    for (const [index, segment] of this.segments.entries()) {
      if (segment.bridge !== bridgeName(this.id, index)) throw new Error('segment plan out of order');
      await createBridge(segment.bridge, segment.rootAddress);
    }
    const hostsFile = [
      '127.0.0.1\tlocalhost',
      ...Object.values(this.hosts).filter((h) => h.primaryAddress).map((h) => `${h.primaryAddress}\t${h.name}`),
      '',
    ].join('\n');
    // Network, private trees and keys of all hosts, then their holders.
    await Promise.all(Object.values(this.hosts).map((host) => this.prepareHost(host, hostsFile, holderScript)));
    for (const link of this.spec.links ?? []) {
      await createPointToPoint(this.host(link.a.host).namespace, link.a.device, this.host(link.b.host).namespace, link.b.device);
    }
    writeKnownHosts(
      this.knownHostsPath,
      [...this.hostKeys.entries()].map(([name, key]) => {
        const host = this.host(name);
        return knownHostsLine(host.interfaces.filter((i) => i.segment).map((i) => addressOf(i.cidr)), key);
      }),
    );
    // Routers and load balancers first, then the BGP speakers that dial them.
    await Promise.all(Object.values(this.hosts).map((host) => this.startDaemons(host, (d) => d !== 'gobgpd')));
    await Promise.all(Object.values(this.hosts).map((host) => this.startDaemons(host, (d) => d === 'gobgpd')));
  }

  private async prepareHost(host: LabHost, hostsFile: string, holderScript: string): Promise<void> {
    await createNamespace(host.namespace);
    const segmentsOfHost = [...new Set(host.interfaces.flatMap((i) => (i.segment ? [i.segment] : [])))];
    for (const [deviceIndex, segmentName] of segmentsOfHost.entries()) {
      const segmentIndex = this.segments.findIndex((s) => s.name === segmentName);
      await createVeth(vethName(this.id, host.index, segmentIndex), host.namespace, `eth${deviceIndex}`, bridgeName(this.id, segmentIndex));
    }
    for (const i of host.interfaces) await addAddress(host.namespace, i.device, i.cidr);
    if (host.kind === 'router') await run(['ip', 'netns', 'exec', host.namespace, 'sysctl', '-qw', 'net.ipv4.ip_forward=1']);

    const spec = host.spec;
    prepareHostTree(host, { hostsFile, frrDaemons: { bgpd: spec.frr?.bgpd ?? false, bfdd: spec.frr?.bfdd ?? false } });
    const frr = { uid: userId('frr'), gid: groupId('frr') };
    if (spec.frr?.config !== undefined) writeOwnedFile(upperEtcPath(host, '/etc/frr/frr.conf'), spec.frr.config, 0o640, frr);
    if (spec.haproxyConfig !== undefined) writeOwnedFile(upperEtcPath(host, '/etc/haproxy/haproxy.cfg'), spec.haproxyConfig, 0o644);
    if (spec.keepalivedConfig !== undefined) writeOwnedFile(upperEtcPath(host, '/etc/keepalived/keepalived.conf'), spec.keepalivedConfig, 0o644);
    if (spec.gobgp) {
      const config = gobgpConfig(spec.gobgp);
      writeOwnedFile(upperEtcPath(host, '/etc/gobgp/gobgpd.toml'), config.toml, 0o644);
      writeOwnedFile(upperEtcPath(host, '/etc/gobgp/announce'), config.announce.map((p) => `${p}\n`).join(''), 0o644);
    }
    if (spec.daemons.includes('sshd')) {
      this.hostKeys.set(host.name, await createHostKey(host));
      prepareHostSsh(host, host.interfaces.filter((i) => i.segment).map((i) => addressOf(i.cidr)), this.clientKey);
    }
    host.holderPid = await startHolder(host, holderScript);
    if (this.spec.sudoUser && spec.daemons.includes('sshd')) await ensureSudoUser(host, this.spec.sudoUser, this.clientKey);
  }

  private async startDaemons(host: LabHost, which: (daemon: LabDaemonName) => boolean): Promise<void> {
    for (const daemon of DAEMON_START_ORDER) if (host.spec.daemons.includes(daemon) && which(daemon)) await startDaemon(host, daemon);
  }

  exec(host: string, argv: readonly string[], options?: RunOptions): Promise<RunResult> {
    return execInHost(this.host(host), argv, options);
  }
  writeFile(host: string, path: string, content: string, options?: HostFileOptions): Promise<void> {
    return writeHostFile(this.host(host), path, content, options);
  }
  readFile(host: string, path: string): Promise<string> {
    return readHostFile(this.host(host), path);
  }
  startDaemon(host: string, daemon: LabDaemonName): Promise<void> {
    return startDaemon(this.host(host), daemon);
  }
  stopDaemon(host: string, daemon: LabDaemonName): Promise<void> {
    return stopDaemon(this.host(host), daemon);
  }
  restartDaemon(host: string, daemon: LabDaemonName): Promise<void> {
    return restartDaemon(this.host(host), daemon);
  }
  reloadDaemon(host: string, daemon: LabDaemonName): Promise<void> {
    return reloadDaemon(this.host(host), daemon);
  }

  sshTarget(name: string, options: { user?: string } = {}): LabSshTarget {
    const host = this.host(name);
    const hostPublicKey = this.hostKeys.get(name);
    if (!hostPublicKey) throw new Error(`host ${name} does not run sshd`);
    const username = options.user ?? 'root';
    if (username !== 'root' && username !== this.spec.sudoUser) throw new Error(`user ${username} does not exist on lab hosts (spec.sudoUser)`);
    return {
      host: host.primaryAddress,
      port: 22,
      username,
      privateKeyPath: this.clientKey.privateKeyPath,
      knownHostsPath: this.knownHostsPath,
      hostPublicKey: hostPublicKey.split(/\s+/).slice(0, 2).join(' '),
      hostKeyFingerprint: keyFingerprint(hostPublicKey),
    };
  }

  sshArgv(host: string, remoteArgv: readonly string[], options: { user?: string } = {}): string[] {
    return sshArgv(this.sshTarget(host, options), remoteArgv);
  }

  async pids(): Promise<number[]> {
    return (await Promise.all(Object.values(this.hosts).map((h) => namespacePids(h.namespace)))).flat();
  }

  destroy(): Promise<LabTeardownReport> {
    this.destroyed ??= teardownLabById(this.id).then((report) => {
      this.timings.downMs = report.downMs;
      return report;
    });
    return this.destroyed;
  }
}

/**
 * Builds a lab. With a spec factory the lab gets a free /20 of the lab range (so parallel labs never share
 * addresses); a literal spec is used as written. Either way every address is checked against the machine's
 * routes, addresses and resolvers first, and stale labs of crashed runs are removed. On failure everything
 * created so far is torn down before the error is rethrown.
 */
export async function createLab(input: LabSpecInput, options: CreateLabOptions = {}): Promise<Lab> {
  assertRoot();
  const started = Date.now();
  const planned = await withLabLock(async () => {
    await cleanupStaleLabs();
    const machine = await readMachineNetwork();
    const range = options.range ?? DEFAULT_LAB_RANGE;
    const block = typeof input === 'function' ? allocateLabBlock(machine, range) : undefined;
    const spec = typeof input === 'function' ? input(block as LabBlock) : input;
    validateSpec(spec);
    const id = await newLabId();
    const segments: SegmentPlan[] = spec.segments.map((segment, index) => ({
      name: segment.name,
      cidr: segment.cidr,
      bridge: bridgeName(id, index),
      rootAddress: segment.rootAddress === false ? undefined : (segment.rootAddress ?? defaultRootAddress(segment.cidr)),
    }));
    const cidrs = specCidrs(spec, segments);
    assertLabRangesSafe(cidrs, machine, spec.range ?? range);
    const taken = liveLabCidrs().map(parsePrefix);
    const clash = cidrs.find((cidr) => taken.some((t) => prefixesOverlap(t, parsePrefix(cidr))));
    if (clash) throw new Error(`refusing lab addresses: ${clash} is used by another running lab`);
    writeLabState({ id, ownerPid: process.pid, createdAt: new Date().toISOString(), cidrs: [...(block ? [block.cidr] : []), ...cidrs] });
    return { id, spec, segments, block };
  });
  const lab = new LabImpl(planned.id, planned.spec, planned.segments, planned.block);
  try {
    await lab.build();
  } catch (error) {
    await lab.destroy().catch(() => undefined);
    throw error;
  }
  lab.timings.upMs = Date.now() - started;
  return lab;
}
