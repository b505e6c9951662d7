/** Start / stop / restart / reload of the lab's daemons by name. */
import type { LabHost } from './lab-host.js';
import { reloadFrr, startFrr, stopFrr } from './lab-frr.js';
import { startGobgpd, stopGobgpd } from './lab-gobgp.js';
import { reloadHaproxy, reloadKeepalived, startHaproxy, startKeepalived, stopHaproxy, stopKeepalived } from './lab-lb.js';
import { startSshd, stopSshd } from './lab-ssh.js';
import type { LabDaemonName } from './lab-types.js';

/** Order in which createLab starts a host's daemons. */
export const DAEMON_START_ORDER: LabDaemonName[] = ['sshd', 'frr', 'keepalived', 'haproxy', 'gobgpd'];

interface DaemonControl {
  start(host: LabHost): Promise<void>;
  stop(host: LabHost): Promise<void>;
  /** Re-read configuration without a restart (restart where the daemon has no reload). */
  reload(host: LabHost): Promise<void>;
}

const CONTROLS: Record<LabDaemonName, DaemonControl> = {
  sshd: { start: startSshd, stop: stopSshd, reload: async (h) => (await stopSshd(h), startSshd(h)) },
  frr: { start: startFrr, stop: stopFrr, reload: reloadFrr },
  keepalived: { start: startKeepalived, stop: stopKeepalived, reload: async (h) => reloadKeepalived(h) },
  haproxy: { start: startHaproxy, stop: stopHaproxy, reload: async (h) => reloadHaproxy(h) },
  gobgpd: { start: startGobgpd, stop: stopGobgpd, reload: async (h) => (await stopGobgpd(h), startGobgpd(h)) },
};

function control(name: LabDaemonName): DaemonControl {
  const found = CONTROLS[name];
  if (!found) throw new Error(`unknown lab daemon: ${name}`);
  return found;
}

export const startDaemon = (host: LabHost, name: LabDaemonName) => control(name).start(host);
export const stopDaemon = (host: LabHost, name: LabDaemonName) => control(name).stop(host);
export const reloadDaemon = (host: LabHost, name: LabDaemonName) => control(name).reload(host);
export async function restartDaemon(host: LabHost, name: LabDaemonName): Promise<void> {
  await control(name).stop(host);
  await control(name).start(host);
}
