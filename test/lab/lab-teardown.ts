/**
 * Removal of everything one lab created: processes (found through their network namespace, which also
 * catches daemons that double-forked away from us), sockets, veths, bridges, namespaces and the state
 * directory. Each step is verified with a bounded wait.
 */
import { rmSync } from 'node:fs';
import { deleteLink, deleteNamespace, listLinks, listNamespaces, namespacePids } from './lab-network.js';
import { processAlive, run, signalProcess } from './lab-process.js';
import { LAB_FAMILY, labIdOfName, labIdPattern, labStateDir } from './lab-safety.js';
import type { LabTeardownReport } from './lab-types.js';
import { waitFor } from './lab-wait.js';

async function killNamespaceProcesses(namespace: string): Promise<number[]> {
  const killed = new Set<number>();
  for (const signal of ['SIGTERM', 'SIGKILL'] as const) {
    const pids = await namespacePids(namespace);
    if (!pids.length) break;
    for (const pid of pids) {
      killed.add(pid);
      signalProcess(pid, signal);
    }
    try {
      await waitFor(async () => (await namespacePids(namespace)).length === 0 && pids.every((pid) => !processAlive(pid)), {
        timeoutMs: signal === 'SIGTERM' ? 5000 : 3000,
        intervalMs: 25,
        what: `processes in namespace ${namespace} to exit after ${signal}`,
      });
      break;
    } catch (error) {
      if (signal === 'SIGKILL') throw error;
    }
  }
  return [...killed];
}

/** Closes TCP sockets left in the namespace (e.g. TIME_WAIT after the processes died) with `ss -K`. */
async function killNamespaceSockets(namespace: string): Promise<number> {
  const list = await run(['ip', 'netns', 'exec', namespace, 'ss', '-Htan'], { allowFailure: true });
  const count = list.stdout.split('\n').filter((line) => line.trim()).length;
  if (count) await run(['ip', 'netns', 'exec', namespace, 'ss', '-K', '-tan'], { allowFailure: true });
  return count;
}

export async function teardownLabById(id: string, family = LAB_FAMILY): Promise<LabTeardownReport> {
  if (!labIdPattern(family).test(id)) throw new Error(`refusing to tear down "${id}": not a lab id of family ${family}`);
  const started = Date.now();
  const belongs = (name: string) => labIdOfName(name, family) === id;
  const namespaces = (await listNamespaces()).filter(belongs);
  const killedPids: number[] = [];
  let lingeringSockets = 0;
  await Promise.all(
    namespaces.map(async (namespace) => {
      killedPids.push(...(await killNamespaceProcesses(namespace)));
      lingeringSockets += await killNamespaceSockets(namespace);
    }),
  );
  const links = (await listLinks()).filter(belongs);
  // veths first (deleting the root end removes the peer inside the namespace), then bridges.
  const isBridge = (link: string) => /b\d+$/.test(link);
  await Promise.all(links.filter((l) => !isBridge(l)).map(deleteLink));
  await Promise.all(links.filter(isBridge).map(deleteLink));
  await Promise.all(namespaces.map(deleteNamespace));
  await waitFor(
    async () => {
      const [leftNamespaces, leftLinks] = await Promise.all([listNamespaces(), listLinks()]);
      const left = [...leftNamespaces.filter(belongs), ...leftLinks.filter(belongs)];
      if (left.length) throw new Error(`still present: ${left.join(', ')}`);
      return true;
    },
    { timeoutMs: 5000, intervalMs: 25, what: `namespaces and links of lab ${id} to disappear` },
  );
  rmSync(labStateDir(id), { recursive: true, force: true });
  return { namespaces, links, killedPids, lingeringSockets, downMs: Date.now() - started };
}
