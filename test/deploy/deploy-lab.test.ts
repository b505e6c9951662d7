/**
 * The real deploy against a lab that looks like real hosts over SSH: 2 FRR routers (Debian's daemons file
 * with bgpd=no, plus keepalived), 2 HAProxy + keepalived load balancers, 3 nodes with GoBGP speakers
 * configured from the model and a stand-in API server. The topology is generated for the lab's addresses,
 * validated, rendered and deployed with planDeploy/applyDeploy through SshSession (as the `bgptopo` sudo
 * user, with a BGP password secret) and through the built CLI. Runs as root.
 */
import { execFile } from 'node:child_process';
import { connect as tlsConnect } from 'node:tls';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { load as parseYaml } from 'js-yaml';
import { applyHost, planHost } from '../../src/deploy/deploy-host.js';
import { applyDeploy, closeSessions, filesByHost, planDeploy, type PlanRun } from '../../src/deploy/deploy-run.js';
import type { HostDeployResult } from '../../src/deploy/deploy-types.js';
import { waitFor, vtyshJson } from '../lab/index.js';
import { createDeployLab, labConnect, type DeployLab } from './support/deploy-lab.js';
import {
    backupDirs,
    digests,
    eth0Addresses,
    installRecordingKubectl,
    kubectlCalls,
    lockAndStaging,
    startApiServerStandIn
} from './support/deploy-lab-instruments.js';
import { describeAsRoot } from './support/deploy-root.js';
import { API_VIP_HOST, deployLabTopology, GW_VIP_HOST, NODES, renderForDeploy } from './support/deploy-topology.js';

const ROOT = resolve(__dirname, '../..');
const SECRET = `lab-md5-${Math.random().toString(36).slice(2, 10)}`;
const TARGETS: ReadonlyArray<readonly [string, string]> = [
    ['r1', '/etc/frr/frr.conf'], ['r1', '/etc/frr/daemons'], ['r1', '/etc/keepalived/keepalived.conf'], ['r1', '/etc/sysctl.d/60-bgptopo.conf'],
    ['r2', '/etc/frr/frr.conf'], ['r2', '/etc/frr/daemons'], ['r2', '/etc/keepalived/keepalived.conf'], ['r2', '/etc/sysctl.d/60-bgptopo.conf'],
    ['lb1', '/etc/keepalived/keepalived.conf'], ['lb1', '/etc/haproxy/haproxy.cfg'], ['lb1', '/etc/sysctl.d/60-bgptopo.conf'],
    ['lb2', '/etc/keepalived/keepalived.conf'], ['lb2', '/etc/haproxy/haproxy.cfg'], ['lb2', '/etc/sysctl.d/60-bgptopo.conf']
];
const DEPLOYED_HOSTS = ['r1', 'r2', 'lb1', 'lb2'];

let d: DeployLab;
let dir: string;

const options = (events: string[] = []) => ({
    concurrency: 8,
    owner: 'deploy-lab-test',
    reporter: { info: () => undefined, hostStarted: (h: string) => events.push(`start ${h}`), hostFinished: (r: HostDeployResult) => events.push(`end ${r.host}`) }
});
const files = () => renderForDeploy(d.model, { secrets: (name) => (name === 'bgp' ? SECRET : undefined) });

/**
 * The built CLI's `deploy` argv for the lab's topology changed as a user would: r1 and r2 get `maximum-paths N`,
 * cp1 gets `cp1` (its labels, hostname), written in its own folder (headers name no file, so neither the folder
 * nor the name matters); with the environment, the hosts' digests and the recording kubectl's call count before.
 */
async function cliDeploy(folder: string, maximumPaths: number, cp1: string) {
    const cli = join(ROOT, 'bin/bgptopo.cjs');
    expect(existsSync(cli), 'run `npm run build` first').toBe(true);
    const text = deployLabTopology(d.plan, { user: 'bgptopo' })
        .replace(/router (r[12]) \{ asn (\d+)/g, `router $1 { maximum-paths ${maximumPaths}  asn $2`)
        .replace(/node cp1 control-plane \{/, `node cp1 control-plane { ${cp1} `);
    mkdirSync(join(dir, folder), { recursive: true });
    const path = join(dir, folder, 'deploylab.bgptopo');
    writeFileSync(path, text);
    const target = d.lab.sshTarget('r1', { user: 'bgptopo' });
    return {
        text,
        argv: [cli, 'deploy', path, '--known-hosts', target.knownHostsPath, '--identity', target.privateKeyPath],
        env: { ...process.env, BGPTOPO_SECRET_BGP: SECRET },
        before: await digests(d.lab, TARGETS),
        callsBefore: (await kubectlCalls(d.lab, 'cp1')).length
    };
}

describeAsRoot('bgptopo deploy against the lab', () => {
    beforeAll(async () => {
        dir = mkdtempSync(join(tmpdir(), 'bgptopo-deploy-lab-'));
        d = await createDeployLab({ dir, sudoUser: 'bgptopo', topologyUser: 'bgptopo', passwordSecret: 'bgp', password: SECRET });
        await Promise.all(NODES.map((node) => startApiServerStandIn(d.lab, node)));
        await installRecordingKubectl(d.lab, 'cp1', NODES);
    }, 120_000);

    afterAll(async () => {
        await d?.lab.destroy();
        if (dir) rmSync(dir, { recursive: true, force: true });
    }, 60_000);

    test('the generated topology validates without errors', () => {
        expect(d.topology.errors).toEqual([]);
        expect(d.model.sessions).toHaveLength(6);
    });

    test('plan: reads every host, shows a diff per file, changes nothing', async () => {
        const before = await digests(d.lab, TARGETS);
        const run = await planDeploy(d.model, files(), labConnect(d.lab, { user: 'bgptopo' }), options());
        try {
            expect(run.failures).toEqual([]);
            expect(run.plans.map((p) => p.host).sort()).toEqual([...DEPLOYED_HOSTS].sort());
            const r1 = run.plans.find((p) => p.host === 'r1')!;
            const daemons = r1.files.find((f) => f.file.path === '/etc/frr/daemons')!;
            expect(daemons.change).toBe('update');
            expect(daemons.diff).toMatch(/^-bgpd=no$/m);
            expect(daemons.diff).toMatch(/^\+bgpd=yes$/m);
            const sysctl = r1.files.find((f) => f.file.path === '/etc/sysctl.d/60-bgptopo.conf')!;
            expect(sysctl.change).toBe('create');
            expect(sysctl.diff).toContain('+net.ipv4.ip_forward = 1');
            const lb2 = run.plans.find((p) => p.host === 'lb2')!;
            expect(lb2.files.find((f) => f.file.kind === 'sysctl')!.file.content).toContain('net.ipv4.ip_nonlocal_bind = 1');
        } finally {
            closeSessions(run);
        }
        expect(await digests(d.lab, TARGETS)).toEqual(before);
    }, 60_000);

    let firstRun: PlanRun | undefined;
    let firstResults: HostDeployResult[] = [];
    const events: string[] = [];
    const secretOnCommandLines: string[] = [];

    test('apply as the sudo user: installs everything, VIP groups one host at a time, backup first', async () => {
        // Watch every command line on the machine (host processes are visible from here) during the apply.
        let sampling = true;
        const sampler = (async () => {
            while (sampling) {
                for (const pid of readdirSync('/proc')) {
                    if (!/^\d+$/.test(pid)) continue;
                    try {
                        const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
                        if (cmdline.includes(SECRET)) secretOnCommandLines.push(cmdline.replace(/\0/g, ' '));
                    } catch {
                        // gone
                    }
                }
                await new Promise((r) => setImmediate(r));
            }
        })();
        try {
            firstRun = await planDeploy(d.model, files(), labConnect(d.lab, { user: 'bgptopo' }), options());
            firstResults = await applyDeploy(d.model, firstRun, options(events));
        } finally {
            sampling = false;
            await sampler;
            if (firstRun) closeSessions(firstRun);
        }
        expect(firstResults.map((r) => [r.host, r.outcome, r.outcome === 'applied' ? '' : r.message])).toEqual(DEPLOYED_HOSTS.map((h) => [h, 'applied', '']));
        // r2 (priority 100) finished before r1 (150) started; the same for lb2 and lb1.
        expect(events.indexOf('end r2')).toBeLessThan(events.indexOf('start r1'));
        expect(events.indexOf('end lb2')).toBeLessThan(events.indexOf('start lb1'));
        for (const host of DEPLOYED_HOSTS) {
            const result = firstResults.find((r) => r.host === host)!;
            expect(result.log).toContain('BGPTOPO DONE');
            expect(result.backupDir).toMatch(/^\/var\/backups\/bgptopo\/\d{8}T\d{6}-[0-9a-f]{6}$/);
            expect(await backupDirs(d.lab, host)).toContain(`${result.backupDir}/`);
            expect(await lockAndStaging(d.lab, host)).toEqual({ locked: false, staging: [] });
        }
        // What was rendered is what is on the hosts, with the owner and mode of its kind.
        for (const file of files().filter((f) => f.host && DEPLOYED_HOSTS.includes(f.host))) {
            expect(await d.lab.readFile(file.host!, file.path)).toBe(file.content);
        }
        expect((await d.lab.exec('r1', ['stat', '-c', '%U:%G %a', '/etc/frr/frr.conf'])).stdout.trim()).toBe('frr:frr 640');
        expect((await d.lab.exec('lb2', ['sysctl', '-n', 'net.ipv4.ip_nonlocal_bind'])).stdout.trim()).toBe('1');
        expect((await d.lab.exec('r2', ['sysctl', '-n', 'net.ipv4.ip_forward'])).stdout.trim()).toBe('1');
    }, 180_000);

    test('FRR runs bgpd; every session is Established with peerState OK and the expected prefix', async () => {
        for (const router of ['r1', 'r2']) {
            expect(await d.lab.readFile(router, '/etc/frr/daemons')).toMatch(/^bgpd=yes$/m);
            const peers = await waitFor(
                async () => {
                    const summary = await vtyshJson<{ ipv4Unicast?: { peers?: Record<string, { state: string; peerState: string; pfxRcd: number }> } }>(
                        d.lab.host(router),
                        'show bgp summary json'
                    );
                    const entries = Object.entries(summary.ipv4Unicast?.peers ?? {});
                    return entries.length === 3 && entries.every(([, p]) => p.state === 'Established' && p.peerState === 'OK' && p.pfxRcd === 1) ? entries : undefined;
                },
                { timeoutMs: 90_000, intervalMs: 500, what: `3 Established sessions with pfxRcd 1 on ${router}` }
            );
            expect(peers.map(([address]) => address).sort()).toEqual(NODES.map((n) => `${d.plan.lan}.${n === 'cp1' ? 21 : n === 'cp2' ? 22 : 23}`));
            const routes = await vtyshJson<{ routes: Record<string, unknown> }>(d.lab.host(router), 'show bgp ipv4 unicast json');
            expect(Object.keys(routes.routes).sort()).toEqual([`${d.plan.pool}.21/32`, `${d.plan.pool}.22/32`, `${d.plan.pool}.23/32`]);
        }
    }, 200_000);

    test('each VIP is on exactly one holder (the higher priority one)', async () => {
        const gw = `${d.plan.lan}.${GW_VIP_HOST}`;
        const api = `${d.plan.lan}.${API_VIP_HOST}`;
        const holders = async (vip: string, hosts: string[]) =>
            (await Promise.all(hosts.map(async (h) => ((await eth0Addresses(d.lab, h)).includes(vip) ? h : undefined)))).filter(Boolean);
        await waitFor(async () => ((await holders(gw, ['r1', 'r2'])).join() === 'r1' ? true : undefined), { timeoutMs: 20_000, intervalMs: 200, what: 'gw-vip on r1 only' });
        await waitFor(async () => ((await holders(api, ['lb1', 'lb2'])).join() === 'lb1' ? true : undefined), { timeoutMs: 20_000, intervalMs: 200, what: 'api-vip on lb1 only' });
        // The placeholder VIP of the lab's previous keepalived config is gone everywhere.
        expect(await holders(`${d.plan.lan}.200`, DEPLOYED_HOSTS)).toEqual([]);
        // HAProxy on the backup LB listens on the VIP it does not hold (ip_nonlocal_bind), and both reach an API server.
        expect((await d.lab.exec('lb2', ['ss', '-Hltn', `sport = :6443`])).stdout).toContain(`${api}:6443`);
        // The whole path: VIP → HAProxy on lb1 → a stand-in API server (TLS, HTTP 200).
        const reply = await waitFor(() => httpsGet(api, 6443), { timeoutMs: 20_000, intervalMs: 250, what: `GET https://${api}:6443/` });
        expect(reply).toMatch(/^HTTP\/1\.0 200/);
    }, 60_000);

    test('the BGP password is in frr.conf (0640) only: not on any command line, event line or log', async () => {
        expect(secretOnCommandLines).toEqual([]);
        for (const result of firstResults) {
            expect(result.log.join('\n')).not.toContain(SECRET);
            expect(result.message).not.toContain(SECRET);
        }
        for (const host of DEPLOYED_HOSTS) {
            const found = await d.lab.exec(
                host,
                // (the pattern is read from stdin: this scan runs after the command-line sampler stopped)
                ['sh', '-c', 'read -r p; grep -rlF -e "$p" /etc /var/lib/bgptopo /var/backups /tmp /var/tmp /run /var/log /root /home 2>/dev/null; true'],
                { input: `${SECRET}\n` }
            );
            const paths = found.stdout.split('\n').filter(Boolean);
            expect(paths).toEqual(host.startsWith('r') ? ['/etc/frr/frr.conf'] : []);
        }
    }, 60_000);

    test('a second deploy reports unchanged and touches nothing', async () => {
        const before = await digests(d.lab, TARGETS);
        const run = await planDeploy(d.model, files(), labConnect(d.lab, { user: 'bgptopo' }), options());
        try {
            const results = await applyDeploy(d.model, run, options());
            expect(results.map((r) => r.outcome)).toEqual(DEPLOYED_HOSTS.map(() => 'unchanged'));
        } finally {
            closeSessions(run);
        }
        expect(await digests(d.lab, TARGETS)).toEqual(before);
    }, 60_000);

    test('the built CLI: --plan changes nothing; --yes applies a change, the node labels and the MetalLB manifest through kubectl', async () => {
        // A changed topology: r1 and r2 get maximum-paths 8.
        // cp1 gets node labels (applied as its Node's metadata).
        const { argv, env, before, callsBefore } = await cliDeploy('changed', 8, 'labels rack=a, "topology.kubernetes.io/zone"=z1');

        const plan = await runNode([...argv, '--plan'], env);
        expect(plan.code, plan.stderr).toBe(0);
        expect(plan.stdout).toMatch(/^update\s+r1:\/etc\/frr\/frr\.conf$/m);
        expect(plan.stdout).toMatch(/^ {4}\+ {2}maximum-paths 8$/m);
        expect(plan.stdout).toMatch(/^unchanged\s+lb1:\/etc\/haproxy\/haproxy\.cfg$/m);
        expect(plan.stdout).toContain('nothing was changed (--plan)');
        expect(plan.stdout + plan.stderr).not.toContain(SECRET);
        expect(await digests(d.lab, TARGETS)).toEqual(before);

        const apply = await runNode([...argv, '--yes', '--concurrency', '4'], env);
        expect(apply.code, apply.stdout + apply.stderr).toBe(0);
        expect(apply.stdout).toMatch(/^applied\s+r1 /m);
        expect(apply.stdout).toMatch(/^applied\s+r2 /m);
        expect(apply.stdout).toMatch(/^unchanged\s+lb1 /m);
        expect(apply.stdout + apply.stderr).not.toContain(SECRET);
        expect(await d.lab.readFile('r1', '/etc/frr/frr.conf')).toContain(' maximum-paths 8');
        const running = (await d.lab.exec('r1', ['vtysh', '-c', 'show running-config'])).stdout;
        expect(running).toContain('maximum-paths 8');
        // The backup of the changing deploy holds the previous frr.conf.
        const backups = await backupDirs(d.lab, 'r1');
        expect(backups.length).toBeGreaterThanOrEqual(2);
        expect(await d.lab.readFile('r1', `${backups.at(-1)}etc/frr/frr.conf`)).toContain(' maximum-paths 16');

        // The RECORDING kubectl on cp1: --plan listed the Nodes (nodes.yaml names cp1) and ran server-side dry
        // runs only; --yes listed the Nodes, dry runs of everything, then the server-side applies, the password
        // Secret first, each manifest on stdin (argv as the stand-in received it, without argv[0]).
        const calls = (await kubectlCalls(d.lab, 'cp1')).slice(callsBefore);
        const base = '--kubeconfig /etc/kubernetes/admin.conf apply --server-side --field-manager=bgptopo -f -';
        const dry = `${base} --dry-run=server`;
        const list = '--kubeconfig /etc/kubernetes/admin.conf get nodes -o name';
        expect(calls.map((c) => c.argv.join(' '))).toEqual([list, dry, dry, dry, list, dry, dry, dry, base, base, base]);
        expect(calls.every((c) => c.uid === 0)).toBe(true);
        const applies = calls.slice(8);
        const secret = JSON.parse(applies[0].stdin);
        expect(secret).toMatchObject({ apiVersion: 'v1', kind: 'Secret', type: 'kubernetes.io/basic-auth', metadata: { name: 'bgp', namespace: 'metallb-system' } });
        expect(Buffer.from(secret.data.password, 'base64').toString('utf8')).toBe(SECRET);
        // cp1's labels as a Node holding only its name and labels (server-side apply sets just those on the Node).
        expect(parseYaml(applies[1].stdin.split(/^---$/m).find((part) => /^kind: Node$/m.test(part))!)).toEqual({
            apiVersion: 'v1',
            kind: 'Node',
            metadata: { name: 'cp1', labels: { rack: 'a', 'topology.kubernetes.io/zone': 'z1' } }
        });
        // The BGPPeer names exactly that Secret.
        expect(applies[2].stdin).toContain('kind: IPAddressPool');
        expect(applies[2].stdin).toContain(`${d.plan.pool}.0/24`);
        expect(applies[2].stdin).toMatch(/passwordSecret:\s+name: bgp\s+namespace: metallb-system/);
        // The password itself (not base64) is in no argv and no stdin, nor in what the CLI printed.
        expect(calls.map((c) => c.argv.join(' ')).join('\n')).not.toContain(SECRET);
        expect(calls.map((c) => c.stdin).join('')).not.toContain(SECRET);
        expect(plan.stdout).toMatch(/^dry-run\s+Secret metallb-system\/bgp via cp1: dry run accepted$/m);
        expect(apply.stdout).toMatch(/^applied\s+Secret metallb-system\/bgp via cp1: /m);

        // And again: nothing left to change on the hosts.
        const again = await runNode([...argv, '--yes'], env);
        expect(again.code, again.stdout + again.stderr).toBe(0);
        expect(again.stdout).not.toMatch(/^applied\s+r/m);
    }, 240_000);

    test('a Node that does not exist (a wrong Kubernetes name): the deploy refuses before applying anything, on the node\'s line', async () => {
        // cp1 carries labels under a Kubernetes name the cluster does not have: its server-side apply would create it.
        const { argv, env, before, callsBefore, text } = await cliDeploy('phantom', 4, 'labels rack=a  hostname "cp1.typo.lan"');
        const line = text.split('\n').findIndex((entry) => entry.includes('node cp1 control-plane')) + 1;

        const run = await runNode([...argv, '--yes'], env);
        expect(run.code, run.stdout + run.stderr).toBe(1);
        expect(run.stderr).toContain(
            `deploylab.bgptopo:${line}: node cp1: cluster ${d.model.clusters[0]!.name} has no Node named "cp1.typo.lan" (Nodes listed through cp1: ${NODES.join(', ')})`
        );
        expect(run.stdout).not.toMatch(/^applied/m);
        // One listing of the Nodes, and nothing else: no dry run, no apply; no host file changed (r1 and r2's
        // maximum-paths change stayed unapplied).
        const calls = (await kubectlCalls(d.lab, 'cp1')).slice(callsBefore);
        expect(calls.map((c) => c.argv.join(' '))).toEqual(['--kubeconfig /etc/kubernetes/admin.conf get nodes -o name']);
        expect(await digests(d.lab, TARGETS)).toEqual(before);
    }, 120_000);

    test('healthy HAProxy means its backends keep a server UP: a config whose servers cannot be reached is rolled back, naming the backend', async () => {
        const before = await digests(d.lab, TARGETS.filter(([host]) => host === 'lb2'));
        const lbFiles = filesByHost(files(), d.model)
            .get('lb2')!
            .map((f) => (f.kind === 'haproxy' ? { ...f, content: f.content.replace(/(server \S+ [\d.]+):6443/g, '$1:6449') } : f));
        expect(lbFiles.find((f) => f.kind === 'haproxy')!.content).toContain(':6449');
        const session = await labConnect(d.lab, { user: 'bgptopo' })({ name: 'lb2' });
        try {
            const result = await applyHost(session, await planHost(session, 'lb2', lbFiles), { owner: 'deploy-lab-test', healthTimeoutSeconds: 15 });
            expect(result.outcome, result.message).toBe('rolled-back');
            expect(result.log).toContain('BGPTOPO UNHEALTHY haproxy');
            expect(result.message).toMatch(/stayed down after the reload: HAProxy backend \S+ \(no server UP\)/);
        } finally {
            session.close();
        }
        expect(await digests(d.lab, TARGETS.filter(([host]) => host === 'lb2'))).toEqual(before);
        expect(await lockAndStaging(d.lab, 'lb2')).toEqual({ locked: false, staging: [] });
    }, 120_000);
});

function runNode(argv: string[], env: NodeJS.ProcessEnv): Promise<{ code: number; stdout: string; stderr: string }> {
    return new Promise((resolvePromise) => {
        execFile(process.execPath, argv, { env, cwd: ROOT, timeout: 180_000, maxBuffer: 16 << 20 }, (error, stdout, stderr) => {
            const code = error ? ((error as { code?: number }).code ?? 1) : 0;
            resolvePromise({ code: typeof code === 'number' ? code : 1, stdout, stderr });
        });
    });
}

function httpsGet(host: string, port: number): Promise<string> {
    return new Promise((resolvePromise, reject) => {
        const socket = tlsConnect({ host, port, rejectUnauthorized: false, timeout: 3000 }, () => socket.write('GET /readyz HTTP/1.0\r\n\r\n'));
        let data = '';
        socket.setEncoding('utf8');
        socket.on('data', (chunk: string) => (data += chunk));
        socket.on('end', () => resolvePromise(data));
        socket.on('timeout', () => socket.destroy(new Error('timeout')));
        socket.on('error', reject);
    });
}
