/**
 * keepalived and HAProxy inside lab hosts, started directly (no systemd) with their Debian default config
 * paths. Each start runs the daemon's own config check first so a broken config fails with its message.
 */
import { execInHost, hostPidFromFile, hostProcesses, spawnInHost, type LabHost } from './lab-host.js';
import { processAlive, signalProcess } from './lab-process.js';
import { waitFor } from './lab-wait.js';

export const KEEPALIVED_CONFIG_PATH = '/etc/keepalived/keepalived.conf';
const KEEPALIVED_PID = '/run/keepalived.pid';
export const HAPROXY_CONFIG_PATH = '/etc/haproxy/haproxy.cfg';
const HAPROXY_PID = '/run/haproxy.pid';

async function waitAllGone(host: LabHost, comm: string, timeoutMs: number): Promise<void> {
  await waitFor(async () => (await hostProcesses(host, comm)).length === 0, {
    timeoutMs,
    intervalMs: 25,
    what: `every ${comm} process on ${host.name} to exit`,
  });
}

/**
 * keepalived in the foreground of its own process group (-n) logging to /var/log/keepalived.log in the host
 * (this build has no --log-file; -l sends the log to stdout, which we redirect).
 */
export async function startKeepalived(host: LabHost, timeoutMs = 10_000): Promise<void> {
  await execInHost(host, ['keepalived', '-t', '-f', KEEPALIVED_CONFIG_PATH]);
  const { pid } = await spawnInHost(
    host,
    ['keepalived', '-n', '-l', '-D', '-G', '-f', KEEPALIVED_CONFIG_PATH, '-p', KEEPALIVED_PID, '-r', '/run/keepalived_vrrp.pid', '-c', '/run/keepalived_checkers.pid'],
    '/var/log/keepalived.log',
  );
  await waitFor(
    () => {
      if (!processAlive(pid)) throw new Error('keepalived exited, see /var/log/keepalived.log in the host');
      return hostPidFromFile(host, KEEPALIVED_PID) === pid;
    },
    { timeoutMs, intervalMs: 25, what: `keepalived on ${host.name} to write its pid file` },
  );
}

/** SIGHUP: keepalived re-reads its configuration. */
export function reloadKeepalived(host: LabHost): void {
  const pid = hostPidFromFile(host, KEEPALIVED_PID);
  if (!pid || !processAlive(pid)) throw new Error(`keepalived is not running on ${host.name}`);
  signalProcess(pid, 'SIGHUP');
}

export async function stopKeepalived(host: LabHost, timeoutMs = 10_000): Promise<void> {
  const pid = hostPidFromFile(host, KEEPALIVED_PID);
  if (pid && processAlive(pid)) signalProcess(pid, 'SIGTERM');
  await waitAllGone(host, 'keepalived', timeoutMs);
}

/** HAProxy in master-worker mode (-W), daemonized (-D), pid file in the host's /run. */
export async function startHaproxy(host: LabHost, timeoutMs = 10_000): Promise<void> {
  await execInHost(host, ['haproxy', '-c', '-q', '-f', HAPROXY_CONFIG_PATH]);
  await execInHost(host, ['haproxy', '-W', '-D', '-f', HAPROXY_CONFIG_PATH, '-p', HAPROXY_PID]);
  await waitFor(
    () => {
      const pid = hostPidFromFile(host, HAPROXY_PID);
      return pid !== undefined && processAlive(pid);
    },
    { timeoutMs, intervalMs: 25, what: `haproxy master on ${host.name}` },
  );
}

/** SIGUSR2 to the master: it re-reads the configuration and starts new workers (old ones finish). */
export function reloadHaproxy(host: LabHost): void {
  const pid = hostPidFromFile(host, HAPROXY_PID);
  if (!pid || !processAlive(pid)) throw new Error(`haproxy is not running on ${host.name}`);
  signalProcess(pid, 'SIGUSR2');
}

export async function stopHaproxy(host: LabHost, timeoutMs = 10_000): Promise<void> {
  const pid = hostPidFromFile(host, HAPROXY_PID);
  if (pid && processAlive(pid)) signalProcess(pid, 'SIGTERM');
  await waitAllGone(host, 'haproxy', timeoutMs);
}
