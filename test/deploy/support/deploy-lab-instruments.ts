/**
 * Instruments the deploy tests put into lab hosts. Everything lives in the host's own private mount
 * namespace, /tmp, /run or overlay /etc: nothing on the machine changes and the lab's teardown removes it.
 *
 * - A stand-in API server (`openssl s_server -www` on 6443 with a throwaway self-signed certificate), so
 *   HAProxy's `check-ssl` httpchk passes.
 * - A RECORDING `kubectl` (no API server can run here): a tmpfs over /usr/local/bin inside the host holds a
 *   script that appends its argv and stdin to /var/lib/kubectl-recorder/calls.log and exits 0, or 1 when
 *   /var/lib/kubectl-recorder/fail exists. `get nodes -o name` prints /usr/local/bin/kubectl-nodes: the
 *   cluster's Nodes as `node/NAME` lines, written at install time (the lab's node names).
 * - A wrapper over /usr/lib/frr/frr-reload.py (bind mount inside the host) that fails once when
 *   /tmp/frr-reload.fail-once exists, waits while /tmp/frr-reload.hold exists (bounded), else runs the
 *   real script.
 */
import { createHash } from 'node:crypto';
import type { Lab } from '../../lab/index.js';
import { waitFor } from '../../lab/index.js';

export async function startApiServerStandIn(lab: Lab, host: string): Promise<void> {
    await lab.exec(host, [
        'openssl', 'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1',
        '-subj', `/CN=${host}`, '-keyout', '/root/apiserver.key', '-out', '/root/apiserver.crt'
    ]);
    await lab.exec(host, [
        'sh', '-c',
        'setsid openssl s_server -www -accept 6443 -cert /root/apiserver.crt -key /root/apiserver.key -quiet </dev/null >>/var/log/apiserver.log 2>&1 & echo $!'
    ]);
    await waitFor(async () => (await lab.exec(host, ['ss', '-Hltn', 'sport = :6443'])).stdout.includes('6443'), {
        timeoutMs: 10_000, intervalMs: 50, what: `stand-in API server on ${host}:6443`
    });
}

export const KUBECTL_LOG = '/var/lib/kubectl-recorder/calls.log';

const KUBECTL_SCRIPT = `#!/bin/sh
# RECORDING kubectl stand-in of the bgptopo deploy tests: records argv and stdin, applies nothing.
mkdir -p /var/lib/kubectl-recorder
{ printf 'CALL uid=%s' "$(id -u)"; for a in "$@"; do printf ' [%s]' "$a"; done; printf '\\n'; sed 's/^/STDIN /'; printf 'END\\n'; } >> ${KUBECTL_LOG}
if [ -e /var/lib/kubectl-recorder/fail ]; then echo "error: injected failure" >&2; exit 1; fi
case " $* " in
  *" get nodes -o name "*) cat /usr/local/bin/kubectl-nodes; exit 0 ;;
esac
echo "serverside-applied (recorded)"
`;

/** Installs the recording kubectl on `host`; `nodes` are the Node names its `get nodes -o name` lists. */
export async function installRecordingKubectl(lab: Lab, host: string, nodes: readonly string[] = []): Promise<void> {
    await lab.exec(host, ['mount', '-t', 'tmpfs', '-o', 'mode=755,size=1m', 'kubectl-recorder', '/usr/local/bin']);
    await lab.writeFile(host, '/usr/local/bin/kubectl', KUBECTL_SCRIPT, { mode: 0o755 });
    await lab.writeFile(host, '/usr/local/bin/kubectl-nodes', nodes.map((node) => `node/${node}\n`).join(''), { mode: 0o644 });
}

export interface KubectlCall {
    readonly argv: string[];
    readonly stdin: string;
    readonly uid: number;
}

export async function kubectlCalls(lab: Lab, host: string): Promise<KubectlCall[]> {
    const text = (await lab.exec(host, ['sh', '-c', `cat ${KUBECTL_LOG} 2>/dev/null; true`])).stdout;
    const calls: KubectlCall[] = [];
    let current: { argv: string[]; stdin: string[]; uid: number } | undefined;
    for (const line of text.split('\n')) {
        const call = /^CALL uid=(\d+)(.*)$/.exec(line);
        if (call) {
            current = { uid: Number(call[1]), argv: [...call[2].matchAll(/ \[([^\]]*)\]/g)].map((m) => m[1]), stdin: [] };
        } else if (line.startsWith('STDIN ') && current) {
            current.stdin.push(line.slice(6));
        } else if (line === 'END' && current) {
            calls.push({ argv: current.argv, uid: current.uid, stdin: current.stdin.join('\n') + '\n' });
            current = undefined;
        }
    }
    return calls;
}

const FRR_RELOAD_WRAPPER = `#!/bin/sh
# frr-reload.py wrapper of the bgptopo deploy fault tests (bind-mounted inside one lab host only).
printf '%s\n' "$*" >> /tmp/frr-reload.calls
if [ -e /tmp/frr-reload.fail-once ]; then rm -f /tmp/frr-reload.fail-once; echo "frr-reload: injected failure" >&2; exit 1; fi
n=0
while [ -e /tmp/frr-reload.hold ] && [ "$n" -lt 600 ]; do sleep 0.05; n=$((n + 1)); done
exec python3 /tmp/frr-reload.real.py "$@"
`;

export async function wrapFrrReload(lab: Lab, host: string): Promise<void> {
    if ((await lab.exec(host, ['test', '-e', '/tmp/frr-reload.real.py'], { allowFailure: true })).code === 0) return; // already wrapped
    await lab.exec(host, ['cp', '/usr/lib/frr/frr-reload.py', '/tmp/frr-reload.real.py']);
    await lab.writeFile(host, '/tmp/frr-reload.wrapper', FRR_RELOAD_WRAPPER, { mode: 0o755 });
    await lab.exec(host, ['mount', '--bind', '/tmp/frr-reload.wrapper', '/usr/lib/frr/frr-reload.py']);
}

/** The argument lists frr-reload.py was called with on a wrapped host (one line per call). */
export async function frrReloadCalls(lab: Lab, host: string): Promise<string[]> {
    return (await lab.exec(host, ['sh', '-c', 'cat /tmp/frr-reload.calls 2>/dev/null; true'])).stdout.split('\n').filter(Boolean);
}

/** sha256 of a file on the host, or 'absent'. */
export async function fileDigest(lab: Lab, host: string, path: string): Promise<string> {
    const result = await lab.exec(host, ['cat', path], { allowFailure: true });
    return result.code === 0 ? createHash('sha256').update(result.stdout).digest('hex') : 'absent';
}

export async function digests(lab: Lab, targets: ReadonlyArray<readonly [string, string]>): Promise<Record<string, string>> {
    const entries = await Promise.all(targets.map(async ([host, path]) => [`${host}:${path}`, await fileDigest(lab, host, path)] as const));
    return Object.fromEntries(entries);
}

/** The host's lock is free and no staging folder is left. */
export async function lockAndStaging(lab: Lab, host: string): Promise<{ locked: boolean; staging: string[] }> {
    const locked = (await lab.exec(host, ['test', '-e', '/run/lock/bgptopo.lock'], { allowFailure: true })).code === 0;
    const staging = (await lab.exec(host, ['sh', '-c', 'ls -d /var/lib/bgptopo/stage.* 2>/dev/null; true'])).stdout.split('\n').filter(Boolean);
    return { locked, staging };
}

export async function backupDirs(lab: Lab, host: string): Promise<string[]> {
    return (await lab.exec(host, ['sh', '-c', 'ls -d /var/backups/bgptopo/*/ 2>/dev/null; true'])).stdout.split('\n').filter(Boolean);
}

/** Addresses on the host's eth0. */
export async function eth0Addresses(lab: Lab, host: string): Promise<string[]> {
    const out = (await lab.exec(host, ['ip', '-4', '-o', 'addr', 'show', 'dev', 'eth0'])).stdout;
    return [...out.matchAll(/inet (\S+)\//g)].map((m) => m[1]);
}
