/** Thin wrappers around iproute2 for the lab's namespaces, bridges and veth pairs (root namespace side). */
import { run } from './lab-process.js';

export async function listNamespaces(): Promise<string[]> {
  const { stdout } = await run(['ip', '-j', 'netns', 'list']);
  if (!stdout.trim()) return [];
  return (JSON.parse(stdout) as { name: string }[]).map((entry) => entry.name);
}

export async function listLinks(namespace?: string): Promise<string[]> {
  const argv = namespace ? ['ip', '-n', namespace, '-j', 'link', 'show'] : ['ip', '-j', 'link', 'show'];
  const { stdout } = await run(argv);
  return (JSON.parse(stdout) as { ifname: string }[]).map((entry) => entry.ifname);
}

/** Pids of every process whose network namespace is `namespace` (zombies excluded by the kernel). */
export async function namespacePids(namespace: string): Promise<number[]> {
  const { stdout } = await run(['ip', 'netns', 'pids', namespace], { allowFailure: true });
  return stdout
    .split('\n')
    .map((line) => Number(line.trim()))
    .filter((pid) => Number.isInteger(pid) && pid > 0);
}

export async function createNamespace(namespace: string): Promise<void> {
  await run(['ip', 'netns', 'add', namespace]);
  await run(['ip', '-n', namespace, 'link', 'set', 'lo', 'up']);
}

export async function createBridge(name: string, rootAddress: string | undefined): Promise<void> {
  await run(['ip', 'link', 'add', 'name', name, 'type', 'bridge']);
  // Lab links must not start IPv6 autoconfiguration chatter in the root namespace.
  await run(['sysctl', '-qw', `net.ipv6.conf.${name}.disable_ipv6=1`], { allowFailure: true });
  if (rootAddress) await run(['ip', 'addr', 'add', rootAddress, 'dev', name]);
  await run(['ip', 'link', 'set', name, 'up']);
}

/** A veth pair: `rootSide` is enslaved to `bridge`, its peer is created directly inside the namespace. */
export async function createVeth(rootSide: string, namespace: string, inner: string, bridge: string): Promise<void> {
  await run(['ip', 'link', 'add', rootSide, 'type', 'veth', 'peer', 'name', inner, 'netns', namespace]);
  await run(['sysctl', '-qw', `net.ipv6.conf.${rootSide}.disable_ipv6=1`], { allowFailure: true });
  await run(['ip', 'link', 'set', rootSide, 'master', bridge, 'up']);
  await run(['ip', '-n', namespace, 'link', 'set', inner, 'up']);
}

/** A veth pair whose ends are created directly inside two namespaces, named `deviceA` and `deviceB` there, and set up. */
export async function createPointToPoint(namespaceA: string, deviceA: string, namespaceB: string, deviceB: string): Promise<void> {
  await run(['ip', 'link', 'add', deviceA, 'netns', namespaceA, 'type', 'veth', 'peer', 'name', deviceB, 'netns', namespaceB]);
  await run(['ip', '-n', namespaceA, 'link', 'set', deviceA, 'up']);
  await run(['ip', '-n', namespaceB, 'link', 'set', deviceB, 'up']);
}

export async function addAddress(namespace: string, device: string, cidr: string): Promise<void> {
  await run(['ip', '-n', namespace, 'addr', 'add', cidr, 'dev', device]);
}

export async function deleteLink(name: string): Promise<void> {
  await run(['ip', 'link', 'del', name], { allowFailure: true });
}

export async function deleteNamespace(namespace: string): Promise<void> {
  await run(['ip', 'netns', 'del', namespace], { allowFailure: true });
}
