/**
 * Safety rules of the lab: which address ranges may be used, how labs are named so leftovers are
 * recognisable, the machine-wide lock that serialises range allocation, and cleanup of stale labs.
 *
 * The machine's own network (its addresses, routes, default gateway and DNS resolvers) must never be
 * covered by a lab address: one overlapping route on the bridge cuts DNS for the whole machine.
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import {
  formatIpv4,
  formatPrefix,
  parseInterface,
  parseIpv4,
  parsePrefix,
  prefixContains,
  prefixesOverlap,
  type Ipv4Prefix,
} from './lab-cidr.js';
import { listLinks, listNamespaces } from './lab-network.js';
import { processAlive, run } from './lab-process.js';
import { teardownLabById } from './lab-teardown.js';
import type { LabBlock, LabTeardownReport } from './lab-types.js';
import { waitFor } from './lab-wait.js';

/** Every lab id starts with this; ids are `btl` + 3 characters [a-z0-9], e.g. `btl4kq`. */
export const LAB_FAMILY = 'btl';
export const DEFAULT_LAB_RANGE = '10.77.0.0/16';
/** Root of all lab state; each lab has `<root>/<id>/` with `lab.json` and the hosts' private trees. */
export const LAB_STATE_ROOT = '/run/bgptopo-lab';

export function labIdPattern(family = LAB_FAMILY): RegExp {
  if (!/^[a-z]{2,8}$/.test(family)) throw new Error(`refusing lab family "${family}": must be 2-8 lowercase letters`);
  return new RegExp(`^${family}[a-z0-9]{3}$`);
}

/** Namespace of host `name` in lab `id`. */
export const namespaceName = (id: string, host: string) => `${id}-${host}`;
/** Root-namespace end of host #h's veth on segment #s (≤ 15 characters: id 6 + "h99s9"). */
export const vethName = (id: string, hostIndex: number, segmentIndex: number) => `${id}h${hostIndex}s${segmentIndex}`;
export const bridgeName = (id: string, segmentIndex: number) => `${id}b${segmentIndex}`;

/** Lab id that owns a namespace or link name, or undefined when the name is not a lab name. */
export function labIdOfName(name: string, family = LAB_FAMILY): string | undefined {
  const id = name.slice(0, family.length + 3);
  if (!labIdPattern(family).test(id)) return undefined;
  const rest = name.slice(id.length);
  return /^-[A-Za-z0-9-]+$/.test(rest) || /^h\d+s\d+$/.test(rest) || /^b\d+$/.test(rest) ? id : undefined;
}

export interface LabState {
  id: string;
  ownerPid: number;
  createdAt: string;
  /** Subnets and addresses this lab uses (for other labs' allocation). */
  cidrs: string[];
}

export function labStateDir(id: string): string {
  return join(LAB_STATE_ROOT, id);
}

export function readLabState(id: string): LabState | undefined {
  try {
    return JSON.parse(readFileSync(join(labStateDir(id), 'lab.json'), 'utf8')) as LabState;
  } catch {
    return undefined;
  }
}

export function writeLabState(state: LabState): void {
  mkdirSync(labStateDir(state.id), { recursive: true, mode: 0o755 });
  writeFileSync(join(labStateDir(state.id), 'lab.json'), JSON.stringify(state, null, 2) + '\n');
}

/** A fresh id not used by any namespace, link or state directory. */
export async function newLabId(family = LAB_FAMILY): Promise<string> {
  const [namespaces, links] = await Promise.all([listNamespaces(), listLinks()]);
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
  for (let attempt = 0; attempt < 100; attempt++) {
    const id = family + [...randomBytes(3)].map((byte) => alphabet[byte % alphabet.length]).join('');
    const used =
      existsSync(labStateDir(id)) || namespaces.some((n) => n.startsWith(id)) || links.some((l) => l.startsWith(id));
    if (!used) return id;
  }
  throw new Error('could not find a free lab id');
}

// ---------------------------------------------------------------------------------------------------------
// The machine's network

export interface MachineNetwork {
  routes: { dst: string; prefix: Ipv4Prefix; dev?: string; gateway?: string; table?: string }[];
  addresses: { cidr: string; dev: string }[];
  resolvers: string[];
}

export async function readMachineNetwork(): Promise<MachineNetwork> {
  const [routesJson, addressesJson] = await Promise.all([
    run(['ip', '-j', '-4', 'route', 'show', 'table', 'all']),
    run(['ip', '-j', '-4', 'addr', 'show']),
  ]);
  const routes = (JSON.parse(routesJson.stdout) as { dst: string; dev?: string; gateway?: string; table?: string }[])
    .filter((route) => route.dst !== undefined)
    .map((route) => ({
      ...route,
      prefix: route.dst === 'default' ? { network: 0, length: 0 } : parsePrefix(route.dst),
    }));
  const addresses = (
    JSON.parse(addressesJson.stdout) as { ifname: string; addr_info?: { family: string; local: string; prefixlen: number }[] }[]
  ).flatMap((link) =>
    (link.addr_info ?? []).filter((a) => a.family === 'inet').map((a) => ({ cidr: `${a.local}/${a.prefixlen}`, dev: link.ifname })),
  );
  let resolvConf = '';
  try {
    resolvConf = readFileSync('/etc/resolv.conf', 'utf8');
  } catch {
    // no resolver file: nothing to protect there
  }
  const resolvers = [...resolvConf.matchAll(/^\s*nameserver\s+(\d+\.\d+\.\d+\.\d+)\s*$/gm)].map((m) => m[1] as string);
  return { routes, addresses, resolvers };
}

/**
 * Every reason why `cidrs` must not be used on this machine (empty list = safe). `cidrs` are lab subnets
 * or addresses. Routes and addresses that belong to lab `ownId` itself are ignored.
 */
export function labRangeConflicts(cidrs: string[], machine: MachineNetwork, range = DEFAULT_LAB_RANGE, ownId?: string): string[] {
  const conflicts: string[] = [];
  const allowed = parsePrefix(range);
  const own = (dev?: string) => ownId !== undefined && dev !== undefined && dev.startsWith(ownId);
  for (const cidr of cidrs) {
    const prefix = parsePrefix(cidr);
    if (!prefixContains(allowed, prefix.network) || prefix.length < allowed.length) {
      conflicts.push(`${cidr} is outside the lab range ${range}`);
    }
    for (const route of machine.routes) {
      if (own(route.dev)) continue;
      if (route.prefix.length === 0) {
        if (route.gateway && prefixContains(prefix, parseIpv4(route.gateway))) {
          conflicts.push(`${cidr} covers the default gateway ${route.gateway}`);
        }
        continue;
      }
      if (prefixesOverlap(prefix, route.prefix)) {
        const other = route.dev && labIdOfName(route.dev) ? ' (another bgptopo lab)' : '';
        conflicts.push(`${cidr} overlaps route ${route.dst} dev ${route.dev ?? '?'} table ${route.table ?? 'main'}${other}`);
      }
    }
    for (const address of machine.addresses) {
      if (own(address.dev)) continue;
      const machinePrefix = parseInterface(address.cidr);
      if (prefixesOverlap(prefix, machinePrefix)) conflicts.push(`${cidr} overlaps machine address ${address.cidr} on ${address.dev}`);
    }
    for (const resolver of machine.resolvers) {
      if (prefixContains(prefix, parseIpv4(resolver))) conflicts.push(`${cidr} covers the DNS resolver ${resolver}`);
    }
  }
  return [...new Set(conflicts)];
}

export function assertLabRangesSafe(cidrs: string[], machine: MachineNetwork, range = DEFAULT_LAB_RANGE): void {
  const conflicts = labRangeConflicts(cidrs, machine, range);
  if (conflicts.length) throw new Error(`refusing lab addresses:\n  ${conflicts.join('\n  ')}`);
}

/** Subnets claimed in lab.json by labs whose owner is still alive. */
export function liveLabCidrs(family = LAB_FAMILY): string[] {
  if (!existsSync(LAB_STATE_ROOT)) return [];
  const pattern = labIdPattern(family);
  return readdirSync(LAB_STATE_ROOT)
    .filter((name) => pattern.test(name))
    .map((id) => readLabState(id))
    .filter((state): state is LabState => state !== undefined && processAlive(state.ownerPid))
    .flatMap((state) => state.cidrs);
}

/** A free /20 of `range` (0.0.0.0 … 15) not overlapping the machine nor another live lab. */
export function allocateLabBlock(machine: MachineNetwork, range = DEFAULT_LAB_RANGE): LabBlock {
  const allowed = parsePrefix(range);
  if (allowed.length > 20) throw new Error(`lab range ${range} is smaller than a /20`);
  const taken = liveLabCidrs().map(parsePrefix);
  const count = 2 ** (20 - allowed.length);
  for (let index = 0; index < Math.min(count, 256); index++) {
    const block = { network: (allowed.network + index * 4096) >>> 0, length: 20 };
    if (taken.some((prefix) => prefixesOverlap(prefix, block))) continue;
    if (labRangeConflicts([formatPrefix(block)], machine, range).length) continue;
    return makeBlock(block);
  }
  throw new Error(`no free /20 left in ${range}`);
}

export function makeBlock(block: Ipv4Prefix): LabBlock {
  const check = (index: number, host = 0) => {
    if (!Number.isInteger(index) || index < 0 || index > 15) throw new Error(`subnet index ${index} outside 0-15`);
    if (!Number.isInteger(host) || host < 0 || host > 255) throw new Error(`host number ${host} outside 0-255`);
  };
  const ip = (index: number, host: number) => {
    check(index, host);
    return formatIpv4((block.network + index * 256 + host) >>> 0);
  };
  return {
    cidr: formatPrefix(block),
    subnet: (index) => `${ip(index, 0)}/24`,
    address: (index, host, length = 24) => `${ip(index, host)}/${length}`,
    ip,
  };
}

// ---------------------------------------------------------------------------------------------------------
// Machine-wide lock (a directory: mkdir is atomic) around range allocation

const LOCK_DIR = join(LAB_STATE_ROOT, '.lock');

export async function withLabLock<T>(action: () => Promise<T>, timeoutMs = 60_000): Promise<T> {
  mkdirSync(LAB_STATE_ROOT, { recursive: true, mode: 0o755 });
  await waitFor(
    () => {
      try {
        mkdirSync(LOCK_DIR);
        writeFileSync(join(LOCK_DIR, 'owner'), String(process.pid));
        return true;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
        const owner = lockOwner();
        // A lock left by a dead process (or half-written by one) is broken.
        if (!Number.isInteger(owner) ? lockIsOld() : !processAlive(owner)) rmSync(LOCK_DIR, { recursive: true, force: true });
        return false;
      }
    },
    { timeoutMs, intervalMs: 25, what: `the lab lock ${LOCK_DIR}` },
  );
  try {
    return await action();
  } finally {
    rmSync(LOCK_DIR, { recursive: true, force: true });
  }
}

function lockOwner(): number {
  try {
    return Number(readFileSync(join(LOCK_DIR, 'owner'), 'utf8'));
  } catch {
    return NaN;
  }
}

/** A lock directory without a readable owner that is older than 10 s was left by a crash mid-write. */
function lockIsOld(): boolean {
  try {
    return Date.now() - statSync(LOCK_DIR).mtimeMs > 10_000;
  } catch {
    return true;
  }
}

// ---------------------------------------------------------------------------------------------------------
// Stale labs

export interface StaleCleanupOptions {
  /** Also tear down labs whose owning process is still running (e.g. a manual "clean everything"). */
  includeLive?: boolean;
}

/**
 * Tears down labs of `family` left behind by crashed runs: every lab id seen in a namespace name, a link
 * name or a state directory whose owner process is gone. Returns one report per lab removed.
 */
export async function cleanupStaleLabs(family = LAB_FAMILY, options: StaleCleanupOptions = {}): Promise<LabTeardownReport[]> {
  const pattern = labIdPattern(family);
  const [namespaces, links] = await Promise.all([listNamespaces(), listLinks()]);
  const ids = new Set<string>();
  for (const name of [...namespaces, ...links]) {
    const id = labIdOfName(name, family);
    if (id) ids.add(id);
  }
  if (existsSync(LAB_STATE_ROOT)) for (const name of readdirSync(LAB_STATE_ROOT)) if (pattern.test(name)) ids.add(name);
  const reports: LabTeardownReport[] = [];
  for (const id of ids) {
    const state = readLabState(id);
    if (!options.includeLive && state && state.ownerPid !== process.pid && processAlive(state.ownerPid)) continue;
    if (!options.includeLive && state && state.ownerPid === process.pid) continue;
    reports.push(await teardownLabById(id, family));
  }
  return reports;
}
