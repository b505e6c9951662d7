/**
 * FRR inside a lab host, started the Debian way (`/usr/lib/frr/frrinit.sh`, i.e. watchfrr) with default
 * paths: /etc/frr, /run/frr, /var/log/frr are the host's private directories, so `vtysh` and
 * `frr-reload.py --reload` work inside the host without a pathspace (-N).
 */
import { existsSync } from 'node:fs';
import { execInHost, frrDaemonsFile, hostBindPath, hostPidFromFile, readHostFile, writeHostFile, type LabHost } from './lab-host.js';
import { processAlive } from './lab-process.js';
import { waitFor } from './lab-wait.js';

export interface LabFrrInit {
  /** Enable bgpd in /etc/frr/daemons (Debian ships bgpd=no). */
  bgpd?: boolean;
  bfdd?: boolean;
  /** Replaces /etc/frr/frr.conf. */
  config?: string;
}

/**
 * Prepares FRR on a running host for tests that just need a working router: sets the daemons switches and
 * optionally writes frr.conf (owner frr:frr, mode 0640 like Debian's). Does not start FRR.
 */
export async function labInitFrr(host: LabHost, init: LabFrrInit): Promise<void> {
  const current = await readHostFile(host, '/etc/frr/daemons');
  await writeHostFile(host, '/etc/frr/daemons', frrDaemonsFile({ bgpd: init.bgpd ?? false, bfdd: init.bfdd ?? false }, current), {
    mode: 0o640,
    owner: 'frr:frr',
  });
  if (init.config !== undefined) await writeHostFile(host, '/etc/frr/frr.conf', init.config, { mode: 0o640, owner: 'frr:frr' });
}

/** Daemons watchfrr will run according to the host's /etc/frr/daemons (zebra and staticd always). */
export async function enabledFrrDaemons(host: LabHost): Promise<string[]> {
  const daemons = await readHostFile(host, '/etc/frr/daemons');
  const enabled = [...daemons.matchAll(/^([a-z0-9]+d)=yes\s*$/gm)].map((m) => m[1] as string);
  return ['zebra', 'staticd', ...enabled.filter((d) => d !== 'zebra' && d !== 'staticd')];
}

export async function startFrr(host: LabHost, timeoutMs = 20_000): Promise<void> {
  const daemons = await enabledFrrDaemons(host);
  await execInHost(host, ['/usr/lib/frr/frrinit.sh', 'start']);
  await waitFor(
    () =>
      [...daemons, 'watchfrr'].every((daemon) => {
        const pid = hostPidFromFile(host, `/run/frr/${daemon}.pid`);
        return pid !== undefined && processAlive(pid) && existsSync(hostBindPath(host, `/run/frr/${daemon}.vty`));
      }),
    { timeoutMs, intervalMs: 25, what: `FRR daemons ${daemons.join(', ')} on ${host.name}` },
  );
  // watchfrr loads frr.conf (vtysh -b) once every daemon is up; wait until the config is applied.
  await waitFor(async () => (await execInHost(host, ['vtysh', '-c', 'show version'], { allowFailure: true })).code === 0, {
    timeoutMs,
    intervalMs: 50,
    what: `vtysh to answer on ${host.name}`,
  });
}

function frrPids(host: LabHost, daemons: string[]): number[] {
  return [...daemons, 'watchfrr'].map((d) => hostPidFromFile(host, `/run/frr/${d}.pid`)).filter((pid): pid is number => pid !== undefined);
}

export async function stopFrr(host: LabHost, timeoutMs = 20_000): Promise<void> {
  const pids = frrPids(host, await enabledFrrDaemons(host)).filter(processAlive);
  await execInHost(host, ['/usr/lib/frr/frrinit.sh', 'stop'], { allowFailure: true, timeoutMs });
  await waitFor(() => pids.every((pid) => !processAlive(pid)), { timeoutMs, intervalMs: 25, what: `FRR on ${host.name} to stop` });
}

export async function restartFrr(host: LabHost): Promise<void> {
  await stopFrr(host);
  await startFrr(host);
}

/** Applies /etc/frr/frr.conf to the running daemons the way a deploy would (frr-reload.py --reload). */
export async function reloadFrr(host: LabHost): Promise<void> {
  await execInHost(host, ['/usr/lib/frr/frr-reload.py', '--reload', '/etc/frr/frr.conf'], { timeoutMs: 60_000 });
}

/** `vtysh -c COMMAND` parsed as JSON (COMMAND should end in `json`). */
export async function vtyshJson<T = unknown>(host: LabHost, command: string): Promise<T> {
  const { stdout } = await execInHost(host, ['vtysh', '-c', command]);
  return JSON.parse(stdout) as T;
}
