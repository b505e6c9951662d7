/**
 * One lab host = a network namespace plus private mount, UTS and PID namespaces held open by a "holder"
 * process (the PID namespace's init, a tiny reaper). Every command and daemon of the host is entered into
 * the holder's namespaces with nsenter, so sshd sessions, daemons and `exec` all see the same private view:
 *
 * - `/etc` and `/var/lib` are overlays on the machine's directories (writes land in the host's own upper
 *   directory: /etc/frr, /etc/keepalived, /etc/haproxy, /etc/wireguard, /etc/kubernetes, /etc/ssh,
 *   /etc/passwd, /etc/sudoers.d, /var/lib/bgptopo, ... are per host; the machine's files never change);
 * - `/run` (= /var/run), `/var/log`, `/root`, `/home`, `/tmp`, `/var/tmp` are bind mounts of fresh per-host
 *   directories, so pid files, sockets and logs keep their default paths without colliding.
 *
 * A tool that SSHes in therefore sees a normal host with default paths, and `ps`/`pkill` inside one host only
 * see that host's processes. Orphaned daemon processes are reaped at once by the host's init (the machine's
 * pid 1 here reaps only every second or so, which made `frrinit.sh stop` take 5 s).
 *
 * Pid files inside a host hold pids of its PID namespace; `hostPid` translates them for the root namespace.
 */
import { spawn } from 'node:child_process';
import {
  chmodSync,
  chownSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  readlinkSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import { namespacePids } from './lab-network.js';
import { processAlive, run, type RunOptions, type RunResult } from './lab-process.js';
import type { LabHostKind, LabHostSpec } from './lab-types.js';

export interface LabInterface {
  device: string;
  cidr: string;
  /** Segment name, undefined for loopback addresses. */
  segment?: string;
}

export interface LabHost {
  name: string;
  kind: LabHostKind;
  spec: LabHostSpec;
  index: number;
  namespace: string;
  /** Directory holding this host's private trees (outside view). */
  treeDir: string;
  /** Pid of the process that holds the host's mount/UTS namespaces; 0 before start. */
  holderPid: number;
  interfaces: LabInterface[];
  /** The host's lab address (first segment address, no prefix length): sshd listens here. */
  primaryAddress: string;
}

/** Directories bind-mounted from the host tree, in mount order (`/run` last: it hides the lab state). */
export const BIND_DIRS: Record<string, string> = {
  '/var/log': 'bind/var-log',
  '/root': 'bind/root',
  '/home': 'bind/home',
  '/var/tmp': 'bind/var-tmp',
  '/tmp': 'bind/tmp',
  '/run': 'bind/run',
};

/**
 * PID 1 of a host: reaps every child (orphaned daemons are re-parented to it) and exits on SIGTERM, which
 * makes the kernel kill every process of the host.
 */
const HOST_INIT_PY = [
  'import os, signal',
  'signal.signal(signal.SIGTERM, lambda *_: os._exit(0))',
  'signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGCHLD})',
  'while True:',
  '    try:',
  '        while os.waitpid(-1, os.WNOHANG)[0] > 0: pass',
  '    except ChildProcessError:',
  '        pass',
  '    signal.sigtimedwait({signal.SIGCHLD}, 60)',
].join('\n');

const HOLDER_SCRIPT = `# bgptopo lab host holder. Runs as PID 1 of the host:
#   ip netns exec NS unshare --uts --mount --pid --fork --mount-proc --propagation private -- sh THIS TREE NAME
set -eu
tree=$1
name=$2
mount -t overlay lab-etc -o "lowerdir=/etc,upperdir=$tree/upper/etc,workdir=$tree/work/etc" /etc
mount -t overlay lab-var-lib -o "lowerdir=/var/lib,upperdir=$tree/upper/var-lib,workdir=$tree/work/var-lib" /var/lib
${Object.entries(BIND_DIRS)
  .map(([target, source]) => `mount --bind "$tree/${source}" ${target}`)
  .join('\n')}
hostname "$name"
echo ready
exec python3 -c '${HOST_INIT_PY}' </dev/null >/dev/null 2>&1
`;

/** Environment of commands run inside a host: a clean root login environment, not the test runner's. */
export const HOST_ENV: NodeJS.ProcessEnv = {
  PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
  HOME: '/root',
  USER: 'root',
  LOGNAME: 'root',
  LANG: 'C.UTF-8',
  SHELL: '/bin/sh',
};

export function writeHolderScript(labDir: string): string {
  const path = join(labDir, 'host-holder.sh');
  writeFileSync(path, HOLDER_SCRIPT, { mode: 0o755 });
  return path;
}

function lookupId(file: '/etc/passwd' | '/etc/group', name: string): number {
  const line = readFileSync(file, 'utf8')
    .split('\n')
    .find((entry) => entry.startsWith(`${name}:`));
  if (!line) throw new Error(`${name} not found in ${file} (is the package that creates it installed?)`);
  return Number(line.split(':')[2]);
}

export const userId = (name: string) => lookupId('/etc/passwd', name);
export const groupId = (name: string) => lookupId('/etc/group', name);

function makeDir(path: string, mode: number, owner?: { uid: number; gid: number }): void {
  mkdirSync(path, { recursive: true });
  chmodSync(path, mode);
  if (owner) chownSync(path, owner.uid, owner.gid);
}

/** A directory in an overlay's upper layer with the same owner and mode as the machine's directory. */
function makeUpperDirLike(upperPath: string, lowerPath: string, fallbackMode: number): void {
  if (existsSync(lowerPath)) {
    const stat = statSync(lowerPath);
    makeDir(upperPath, stat.mode & 0o7777, { uid: stat.uid, gid: stat.gid });
  } else {
    makeDir(upperPath, fallbackMode);
  }
}

export function writeOwnedFile(path: string, content: string, mode: number, owner?: { uid: number; gid: number }): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, content);
  chmodSync(path, mode);
  if (owner) chownSync(path, owner.uid, owner.gid);
}

/** Outside path of `hostPath` in the host's upper /etc layer (valid for writing before the host starts). */
export function upperEtcPath(host: LabHost, hostPath: string): string {
  if (!hostPath.startsWith('/etc/')) throw new Error(`${hostPath} is not under /etc`);
  return join(host.treeDir, 'upper/etc', hostPath.slice('/etc/'.length));
}

/**
 * Outside path of a file in one of the host's bind-mounted directories (/run, /var/log, /root, /home, /tmp,
 * /var/tmp): those can be read and written from the root namespace at any time.
 */
export function hostBindPath(host: LabHost, hostPath: string): string {
  for (const [target, source] of Object.entries(BIND_DIRS)) {
    if (hostPath === target || hostPath.startsWith(`${target}/`)) return join(host.treeDir, source, hostPath.slice(target.length));
  }
  if (hostPath.startsWith('/var/run/')) return hostBindPath(host, hostPath.slice('/var'.length));
  throw new Error(`${hostPath} is not in a bind-mounted directory of the lab host`);
}

export interface HostTreeOptions {
  /** Lines for the host's /etc/hosts (address, names). */
  hostsFile: string;
  frrDaemons: { bgpd: boolean; bfdd: boolean };
}

/** Creates the host's private directory trees (before its holder starts). */
export function prepareHostTree(host: LabHost, options: HostTreeOptions): void {
  const tree = host.treeDir;
  const frr = { uid: userId('frr'), gid: groupId('frr') };
  for (const layer of ['etc', 'var-lib']) {
    makeDir(join(tree, 'upper', layer), 0o755);
    makeDir(join(tree, 'work', layer), 0o700);
  }
  makeDir(join(tree, 'bind/run'), 0o755);
  for (const sub of ['sshd', 'lock', 'haproxy', 'keepalived']) makeDir(join(tree, 'bind/run', sub), 0o755);
  makeDir(join(tree, 'bind/run/frr'), 0o755, frr);
  makeDir(join(tree, 'bind/var-log'), 0o755);
  makeDir(join(tree, 'bind/var-log/frr'), 0o755, frr);
  makeDir(join(tree, 'bind/root'), 0o700);
  makeDir(join(tree, 'bind/root/.ssh'), 0o700);
  makeDir(join(tree, 'bind/home'), 0o755);
  makeDir(join(tree, 'bind/tmp'), 0o1777);
  makeDir(join(tree, 'bind/var-tmp'), 0o1777);

  const etc = join(tree, 'upper/etc');
  writeOwnedFile(join(etc, 'hostname'), `${host.name}\n`, 0o644);
  writeOwnedFile(join(etc, 'hosts'), options.hostsFile, 0o644);
  for (const [dir, mode] of [
    ['frr', 0o755],
    ['keepalived', 0o755],
    ['haproxy', 0o755],
    ['wireguard', 0o700],
    ['kubernetes', 0o755],
    ['ssh', 0o755],
    ['gobgp', 0o755],
  ] as const) {
    makeUpperDirLike(join(etc, dir), join('/etc', dir), mode);
  }
  // /etc/frr starts as Debian's defaults: the daemons file as shipped (bgpd=no) unless the spec asks for bgpd.
  writeOwnedFile(join(etc, 'frr/daemons'), frrDaemonsFile(options.frrDaemons), 0o640, frr);
  if (existsSync('/etc/frr/frr.conf')) {
    copyFileSync('/etc/frr/frr.conf', join(etc, 'frr/frr.conf'));
    chmodSync(join(etc, 'frr/frr.conf'), 0o640);
    chownSync(join(etc, 'frr/frr.conf'), frr.uid, frr.gid);
  }
  makeDir(join(tree, 'upper/var-lib/bgptopo'), 0o755);
}

/** Debian's /etc/frr/daemons with the bgpd/bfdd switches set as requested (everything else unchanged). */
export function frrDaemonsFile(enable: { bgpd: boolean; bfdd: boolean }, base = readFileSync('/etc/frr/daemons', 'utf8')): string {
  return base
    .replace(/^bgpd=.*$/m, `bgpd=${enable.bgpd ? 'yes' : 'no'}`)
    .replace(/^bfdd=.*$/m, `bfdd=${enable.bfdd ? 'yes' : 'no'}`);
}

/** Starts the holder and waits (bounded) until its mounts are in place. Returns its pid. */
export function startHolder(host: LabHost, holderScript: string, timeoutMs = 10_000): Promise<number> {
  const argv = ['netns', 'exec', host.namespace, 'unshare', '--uts', '--mount', '--pid', '--fork', '--mount-proc', '--propagation', 'private', '--'];
  const child = spawn('ip', [...argv, '/bin/sh', holderScript, host.treeDir, host.name], {
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: HOST_ENV,
  });
  return new Promise((resolve, reject) => {
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => fail(new Error(`timed out after ${timeoutMs} ms waiting for the holder of host ${host.name}`)), timeoutMs);
    function fail(error: Error) {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(error);
    }
    child.on('error', fail);
    child.on('exit', (code) => fail(new Error(`holder of host ${host.name} exited (${code}): ${stderr.trim()}`)));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      if (stdout.includes('ready\n') && child.pid) {
        // child.pid is `unshare`, which waits for the host's init it forked: that init is the holder.
        const init = childPids(child.pid)[0];
        if (!init) return fail(new Error(`holder of host ${host.name}: no init process under unshare`));
        clearTimeout(timer);
        child.removeAllListeners('exit');
        child.stdout.destroy();
        child.stderr.destroy();
        child.unref();
        resolve(init);
      }
    });
  });
}

/** argv prefix that enters a started host's network, mount, UTS and PID namespaces (nsenter forks). */
export function enterArgv(host: LabHost): string[] {
  if (!host.holderPid) throw new Error(`host ${host.name} is not started`);
  return ['nsenter', `--target=${host.holderPid}`, '--mount', '--uts', '--net', '--pid', '--'];
}

/** Direct children of a process (root-namespace pids). */
export function childPids(pid: number): number[] {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

/** The pid a process has inside its own (innermost) PID namespace, from /proc/PID/status NSpid. */
function innermostPid(pid: number): number | undefined {
  try {
    const line = /^NSpid:\s+(.*)$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    const last = line?.trim().split(/\s+/).pop();
    return last === undefined ? undefined : Number(last);
  } catch {
    return undefined;
  }
}

function pidNamespaceOf(pid: number): string | undefined {
  try {
    return readlinkSync(`/proc/${pid}/ns/pid`);
  } catch {
    return undefined;
  }
}

/** Root-namespace pid of the host's process `nsPid` (a pid as seen inside the host), if it is running. */
export function hostPid(host: LabHost, nsPid: number): number | undefined {
  const namespace = pidNamespaceOf(host.holderPid);
  if (!namespace) return undefined;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const pid = Number(entry);
    if (innermostPid(pid) === nsPid && pidNamespaceOf(pid) === namespace) return processAlive(pid) ? pid : undefined;
  }
  return undefined;
}

/** Root-namespace pid of the running process named in a pid file inside the host (e.g. /run/sshd.pid). */
export function hostPidFromFile(host: LabHost, path: string): number | undefined {
  try {
    const nsPid = Number(readFileSync(hostBindPath(host, path), 'utf8').trim());
    return Number.isInteger(nsPid) && nsPid > 0 ? hostPid(host, nsPid) : undefined;
  } catch {
    return undefined;
  }
}

/** Runs `argv` inside the host (no shell involved). */
export function execInHost(host: LabHost, argv: readonly string[], options: RunOptions = {}): Promise<RunResult> {
  return run([...enterArgv(host), ...argv], { env: HOST_ENV, ...options });
}

/**
 * Runs a program in the background, detached from us: the fixed script below starts it with stdin from
 * /dev/null and output appended to the log, prints its pid and exits, so the program is re-parented to the
 * host's init (which reaps it at once) instead of leaving a parent in the root namespace.
 */
const BACKGROUND_SCRIPT = 'log=$1; shift; setsid "$@" </dev/null >>"$log" 2>&1 & echo $!';

/**
 * Starts a long-running foreground program inside the host, output appended to `logPath` (a path inside
 * the host). Returns its pid in the root namespace and inside the host.
 */
export async function spawnInHost(host: LabHost, argv: readonly string[], logPath: string): Promise<{ pid: number; nsPid: number }> {
  const { stdout } = await execInHost(host, ['sh', '-c', BACKGROUND_SCRIPT, 'sh', logPath, ...argv]);
  const nsPid = Number(stdout.trim());
  if (!Number.isInteger(nsPid) || nsPid <= 0) throw new Error(`could not start ${argv.join(' ')} in ${host.name}: ${stdout}`);
  const pid = hostPid(host, nsPid);
  if (pid === undefined) throw new Error(`${argv[0]} in ${host.name} exited at once, see ${logPath} in the host`);
  return { pid, nsPid };
}

export interface HostFileOptions {
  mode?: number;
  /** "user" or "user:group" as known inside the host. */
  owner?: string;
}

/**
 * Writes a file inside a running host (through its mount namespace, so overlay directories such as /etc
 * are written the way the host itself would write them). Creates missing parent directories.
 */
export async function writeHostFile(host: LabHost, path: string, content: string, options: HostFileOptions = {}): Promise<void> {
  if (!path.startsWith('/')) throw new Error(`host path must be absolute: ${path}`);
  await execInHost(host, ['mkdir', '-p', dirname(path)]);
  await execInHost(host, ['tee', path], { input: content });
  await execInHost(host, ['chmod', (options.mode ?? 0o644).toString(8), path]);
  if (options.owner) await execInHost(host, ['chown', options.owner, path]);
}

export async function readHostFile(host: LabHost, path: string): Promise<string> {
  return (await execInHost(host, ['cat', path])).stdout;
}

/** Pids of the host's processes whose command name (/proc/PID/comm) is `comm`. */
export async function hostProcesses(host: LabHost, comm?: string): Promise<number[]> {
  const pids = await namespacePids(host.namespace);
  if (comm === undefined) return pids;
  return pids.filter((pid) => {
    try {
      return readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === comm;
    } catch {
      return false;
    }
  });
}
