/**
 * Deploy faults against lab hosts: after each one nothing is lost and the previous config still runs (the
 * same file bytes, the daemon still running with the old config, a backup folder on the host from the last
 * changing deploy, the lock released, no staging left behind). Runs as root.
 */
import { execFile } from 'node:child_process';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { applyHost, planHost } from '../../src/deploy/deploy-host.js';
import { applyDeploy, closeSessions, planDeploy } from '../../src/deploy/deploy-run.js';
import type { DeployFile } from '../../src/deploy/deploy-file-kinds.js';
import type { HostDeployResult } from '../../src/deploy/deploy-types.js';
import type { SshSession } from '../../src/deploy/ssh-session.js';
import { filesByHost } from '../../src/deploy/deploy-run.js';
import { hostBindPath, waitFor } from '../lab/index.js';
import { createDeployLab, labConnect, type DeployLab } from './support/deploy-lab.js';
import { backupDirs, digests, fileDigest, frrReloadCalls, lockAndStaging, wrapFrrReload } from './support/deploy-lab-instruments.js';
import { describeAsRoot } from './support/deploy-root.js';
import { renderForDeploy } from './support/deploy-topology.js';

const ROOT = resolve(__dirname, '../..');
const HOSTS = ['r1', 'r2', 'lb1', 'lb2'];
let d: DeployLab;
let dir: string;
const options = { concurrency: 8, owner: 'deploy-faults-test', reporter: { info: () => undefined } };

/** The files of one host as the deploy would install them (rendered + host preparation). */
function hostFiles(host: string, edit?: (file: DeployFile) => DeployFile): DeployFile[] {
    const files = filesByHost(renderForDeploy(d.model), d.model).get(host) ?? [];
    return edit ? files.map(edit) : files;
}

async function withSession<T>(host: string, body: (session: SshSession) => Promise<T>): Promise<T> {
    const session = await labConnect(d.lab)({ name: host });
    try {
        return await body(session);
    } finally {
        session.close();
    }
}

async function deployHost(host: string, files: DeployFile[]): Promise<HostDeployResult> {
    return withSession(host, async (session) => applyHost(session, await planHost(session, host, files), { owner: 'deploy-faults-test', healthTimeoutSeconds: 10 }));
}

async function runningConfig(host: string): Promise<string> {
    return (await d.lab.exec(host, ['vtysh', '-c', 'show running-config'])).stdout;
}

/** Everything the fault must leave exactly as it was. */
async function snapshot(host: string) {
    const paths = ['/etc/frr/frr.conf', '/etc/frr/daemons', '/etc/keepalived/keepalived.conf', '/etc/haproxy/haproxy.cfg', '/etc/sysctl.d/60-bgptopo.conf'];
    return digests(d.lab, paths.map((p) => [host, p] as const));
}

async function expectNothingLost(host: string, before: Record<string, string>): Promise<void> {
    expect(await snapshot(host)).toEqual(before);
    expect(await lockAndStaging(d.lab, host)).toEqual({ locked: false, staging: [] });
    expect((await backupDirs(d.lab, host)).length).toBeGreaterThanOrEqual(1);
}

describeAsRoot('deploy faults: nothing is lost, the previous config keeps running', () => {
    beforeAll(async () => {
        dir = mkdtempSync(join(tmpdir(), 'bgptopo-deploy-faults-'));
        d = await createDeployLab({ dir, hosts: HOSTS });
        // The baseline every fault starts from: a successful deploy of the topology.
        const run = await planDeploy(d.model, renderForDeploy(d.model), labConnect(d.lab), options);
        try {
            const results = await applyDeploy(d.model, run, options);
            expect(results.map((r) => `${r.host} ${r.outcome} ${r.outcome === 'applied' ? '' : r.message}`)).toEqual(HOSTS.map((h) => `${h} applied `));
        } finally {
            closeSessions(run);
        }
    }, 120_000);

    afterAll(async () => {
        await d?.lab.destroy();
        if (dir) rmSync(dir, { recursive: true, force: true });
    }, 60_000);

    test('a config the host checker rejects: check-failed, nothing changed', async () => {
        const before = await snapshot('r1');
        const bgpd = (await d.lab.exec('r1', ['pgrep', '-x', 'bgpd'])).stdout.trim();
        const result = await deployHost('r1', hostFiles('r1', (f) => (f.kind === 'frr' ? { ...f, content: `${f.content}router bgp 64512\n neighbor 10.0.0.1 remote-az 1\n` } : f)));
        expect(result.outcome).toBe('check-failed');
        expect(result.message).toMatch(/check failed \/etc\/frr\/frr\.conf/);
        expect(result.message).toContain('remote-az');
        expect(result.log).not.toContain('BGPTOPO INSTALLED /etc/frr/frr.conf');
        await expectNothingLost('r1', before);
        expect((await d.lab.exec('r1', ['pgrep', '-x', 'bgpd'])).stdout.trim()).toBe(bgpd);
        // No leftover staged file next to the target.
        expect((await d.lab.exec('r1', ['sh', '-c', 'ls -a /etc/frr | grep bgptopo-new; true'])).stdout).toBe('');
    }, 60_000);

    test('a reload that fails (frr-reload.py exits 1): rolled back, the old config still runs without a restart', async () => {
        await wrapFrrReload(d.lab, 'r1');
        await d.lab.writeFile('r1', '/tmp/frr-reload.fail-once', '');
        const before = await snapshot('r1');
        const bgpd = (await d.lab.exec('r1', ['pgrep', '-x', 'bgpd'])).stdout.trim();
        const backupsBefore = await backupDirs(d.lab, 'r1');
        const result = await deployHost('r1', hostFiles('r1', (f) => (f.kind === 'frr' ? { ...f, content: f.content.replace('maximum-paths 16', 'maximum-paths 4') } : f)));
        expect(result.outcome, result.message).toBe('rolled-back');
        expect(result.log).toContain('BGPTOPO RELOAD-FAILED frr');
        expect(result.log).toContain('BGPTOPO RESTORED /etc/frr/frr.conf');
        expect(result.log).toContain(`BGPTOPO ROLLED-BACK ${result.backupDir}`);
        await expectNothingLost('r1', before);
        expect(await backupDirs(d.lab, 'r1')).toEqual([...backupsBefore, `${result.backupDir}/`].sort());
        expect(await d.lab.readFile('r1', `${result.backupDir}/etc/frr/frr.conf`)).toContain('maximum-paths 16');
        expect(await runningConfig('r1')).toContain('maximum-paths 16');
        expect(await runningConfig('r1')).not.toContain('maximum-paths 4');
        expect((await d.lab.exec('r1', ['pgrep', '-x', 'bgpd'])).stdout.trim()).toBe(bgpd);
    }, 60_000);

    test('how FRR takes a change: policy through frr-reload.py (bgpd keeps running), a new neighbour password by a restart (never on a command line)', async () => {
        await wrapFrrReload(d.lab, 'r2');
        const lan = d.plan.lan;
        // A shut-down neighbour on an unused lab address: configured, never dialled.
        const withNeighbour = (password: string, paths: number) => (f: DeployFile): DeployFile =>
            f.kind === 'frr'
                ? {
                      ...f,
                      content: f.content
                          .replace('maximum-paths 16', `maximum-paths ${paths}`)
                          .replace(/^(router bgp \d+\n)/m, `$1 neighbor ${lan}.199 remote-as 65199\n neighbor ${lan}.199 shutdown\n neighbor ${lan}.199 password ${password}\n`)
                  }
                : f;
        const bgpd = async () => (await d.lab.exec('r2', ['pgrep', '-x', 'bgpd'])).stdout.trim();
        const reloads = async () => (await frrReloadCalls(d.lab, 'r2')).length;
        const step = async (edit: (f: DeployFile) => DeployFile) => {
            const [pid, calls] = [await bgpd(), await reloads()];
            const result = await deployHost('r2', hostFiles('r2', edit));
            expect(result.outcome, result.message).toBe('applied');
            const running = await runningConfig('r2');
            return { restarted: (await bgpd()) !== pid, reloaded: (await reloads()) - calls, running, result };
        };

        const first = await step(withNeighbour('alpha-1st', 16)); // a password appears: restart
        expect(first).toMatchObject({ restarted: true, reloaded: 0 });
        expect(first.running).toContain(`neighbor ${lan}.199 password alpha-1st`);

        const policy = await step(withNeighbour('alpha-1st', 8)); // same password, other policy: reload
        expect(policy).toMatchObject({ restarted: false, reloaded: 1 });
        expect(policy.running).toContain('maximum-paths 8');

        const rotated = await step(withNeighbour('beta-2nd', 8)); // the password changes: restart
        expect(rotated).toMatchObject({ restarted: true, reloaded: 0 });
        expect(rotated.running).toContain(`neighbor ${lan}.199 password beta-2nd`);
        expect(rotated.running).not.toContain('alpha-1st');
        for (const step_ of [first, policy, rotated]) expect(step_.result.log.join('\n')).not.toMatch(/alpha-1st|beta-2nd/);
        expect((await frrReloadCalls(d.lab, 'r2')).join('\n')).not.toMatch(/alpha-1st|beta-2nd/);
    }, 90_000);

    test('HAProxy config that passes haproxy -c but cannot bind (port in use): unhealthy, rolled back', async () => {
        const before = await snapshot('lb2');
        // Something else holds 127.0.0.1:7777 inside lb2.
        await d.lab.exec('lb2', ['sh', '-c', 'setsid python3 -c "import socket,time; s=socket.socket(); s.bind((\'127.0.0.1\',7777)); s.listen(); time.sleep(300)" </dev/null >/dev/null 2>&1 & echo $!']);
        await waitFor(async () => (await d.lab.exec('lb2', ['ss', '-Hltn', 'sport = :7777'])).stdout.includes('7777'), { timeoutMs: 10_000, intervalMs: 50, what: 'port 7777 held' });
        const extra = '\nfrontend occupied\n    bind 127.0.0.1:7777\n    mode tcp\n    default_backend k8s_control-plane_api-vip_6443\n';
        const result = await deployHost('lb2', hostFiles('lb2', (f) => (f.kind === 'haproxy' ? { ...f, content: f.content + extra } : f)));
        expect(result.outcome, result.log.join('\n')).toBe('rolled-back');
        expect(result.log).toContain('BGPTOPO UNHEALTHY haproxy');
        await expectNothingLost('lb2', before);
        // HAProxy runs again with the previous file: it listens on the VIP frontend, not on 7777.
        const listening = (await d.lab.exec('lb2', ['ss', '-Hltnp'])).stdout;
        expect(listening).toMatch(/:6443 .*"haproxy"/);
        expect(listening).not.toMatch(/127\.0\.0\.1:7777 .*"haproxy"/);
        await d.lab.exec('lb2', ['pkill', '-f', 'socket.socket'], { allowFailure: true });
    }, 60_000);

    test('the connection drops mid-upload: host unchanged, no lock, the partial bundle never runs and is removed', async () => {
        const before = await snapshot('r2');
        const big = `${'!'.repeat(75)}\n`.repeat(400_000); // ~30 MB of comment lines
        const files = hostFiles('r2', (f) => (f.kind === 'frr' ? { ...f, content: f.content + big } : f));
        const session = await labConnect(d.lab)({ name: 'r2' });
        const stageRoot = hostBindPath(d.lab.host('r2'), '/run').replace(/bind\/run$/, 'upper/var-lib/bgptopo');
        let outcome: unknown;
        try {
            const plan = await planHost(session, 'r2', files);
            const applying = applyHost(session, plan, { owner: 'deploy-faults-test' }).then(
                (r) => r,
                (e: unknown) => e
            );
            // Close the connection once part of the bundle has arrived on the host.
            await waitFor(
                () => {
                    const out = execFileSync('sh', ['-c', 'cat "$1"/stage.*/bundle.sh 2>/dev/null | wc -c', 'sh', stageRoot]).toString().trim();
                    return Number(out) > 1_000_000 ? true : undefined;
                },
                { timeoutMs: 30_000, intervalMs: 10, what: 'part of the bundle on r2' }
            );
            session.close();
            outcome = await applying;
        } finally {
            session.close();
        }
        try {
            await checkDroppedUpload(outcome, before);
        } finally {
            // The partial upload would be removed by a deploy an hour later; the next test wants none.
            await d.lab.exec('r2', ['sh', '-c', 'rm -rf /var/lib/bgptopo/stage.*']);
        }
    }, 90_000);

    async function checkDroppedUpload(outcome: unknown, before: Record<string, string>): Promise<void> {
        // Reported as a host result that names the run and where its log would be (no reconnect was given).
        expect((outcome as HostDeployResult).outcome).toBe('connection-lost');
        expect((outcome as HostDeployResult).message).toMatch(/during run \S+, log on the host: \/var\/lib\/bgptopo\/apply-\S+\.log/);
        expect(await snapshot('r2')).toEqual(before);
        expect((await lockAndStaging(d.lab, 'r2')).locked).toBe(false);
        // The partial upload was never run (no apply log, no backup of that run) and is removed by the host.
        await waitFor(async () => ((await lockAndStaging(d.lab, 'r2')).staging.length === 0 ? true : undefined), { timeoutMs: 20_000, intervalMs: 100, what: 'the partial upload removed on r2' });
        expect((await d.lab.exec('r2', ['sh', '-c', 'ls /var/lib/bgptopo/apply-*.log 2>/dev/null | wc -l'])).stdout.trim()).toBe(
            (await d.lab.exec('r2', ['sh', '-c', 'ls -d /var/backups/bgptopo/*/ | wc -l'])).stdout.trim()
        );
    }

    test('two deploys at once: the second reports locked and changes nothing, the first completes', async () => {
        await wrapFrrReload(d.lab, 'r2');
        await d.lab.writeFile('r2', '/tmp/frr-reload.hold', '');
        const changed = hostFiles('r2', (f) => (f.kind === 'frr' ? { ...f, content: f.content.replace('maximum-paths 16', 'maximum-paths 12') } : f));
        const first = deployHost('r2', changed);
        const lock = hostBindPath(d.lab.host('r2'), '/run/lock/bgptopo.lock/owner');
        await waitFor(() => (existsSync(lock) ? true : undefined), { timeoutMs: 30_000, intervalMs: 10, what: 'the first deploy to hold the lock on r2' });
        const second = await deployHost('r2', hostFiles('r2', (f) => (f.kind === 'frr' ? { ...f, content: f.content.replace('maximum-paths 16', 'maximum-paths 2') } : f)));
        expect(second.outcome).toBe('locked');
        expect(second.message).toContain('deploy-faults-test');
        expect(readFileSync(lock, 'utf8')).toContain('deploy-faults-test');
        await d.lab.exec('r2', ['rm', '-f', '/tmp/frr-reload.hold']);
        const result = await first;
        expect(result.outcome, result.message).toBe('applied');
        expect(await runningConfig('r2')).toContain('maximum-paths 12');
        expect(await lockAndStaging(d.lab, 'r2')).toEqual({ locked: false, staging: [] });
    }, 90_000);

    test('a read-only target directory: refused before anything moves', async () => {
        await d.lab.exec('lb1', ['sh', '-c', 'mount --bind /etc/keepalived /etc/keepalived && mount -o remount,bind,ro /etc/keepalived']);
        try {
            const before = await snapshot('lb1');
            const result = await deployHost('lb1', hostFiles('lb1', (f) => (f.kind === 'keepalived' ? { ...f, content: f.content.replace('advert_int 1', 'advert_int 2') } : f)));
            expect(result.outcome).toBe('check-failed');
            expect(result.message).toMatch(/cannot write in \/etc\/keepalived/);
            await expectNothingLost('lb1', before);
        } finally {
            await d.lab.exec('lb1', ['umount', '/etc/keepalived']);
        }
    }, 60_000);

    test('wrong or changed host key, unknown host key, failed authentication: refused, nothing done', async () => {
        const before = await snapshot('r1');
        const target = d.lab.sshTarget('r1');
        const otherKey = join(dir, 'other');
        execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', otherKey]);
        const otherPublic = readFileSync(`${otherKey}.pub`, 'utf8').split(' ').slice(0, 2).join(' ');
        const changed = join(dir, 'known_hosts.changed');
        writeFileSync(changed, `${target.host} ${otherPublic}\n`);
        const unknown = join(dir, 'known_hosts.empty');
        writeFileSync(unknown, '');
        const cases: Array<[string, Parameters<typeof labConnect>[1], string]> = [
            ['changed', { knownHostsPath: changed }, 'host-key-changed'],
            ['unknown', { knownHostsPath: unknown }, 'host-key-unknown'],
            ['auth', { privateKey: readFileSync(otherKey) }, 'auth-failed']
        ];
        for (const [, connectOptions, code] of cases) {
            const run = await planDeploy(d.model, renderForDeploy(d.model, { hosts: ['r1'] }), labConnect(d.lab, connectOptions), options);
            expect(run.plans).toEqual([]);
            expect(run.failures.map((f) => f.outcome)).toEqual(['refused']);
            expect(run.failures[0].message).toMatch(code === 'auth-failed' ? /authentication failed/ : code === 'host-key-changed' ? /CHANGED/ : /unknown host key/);
            const results = await applyDeploy(d.model, run, options);
            expect(results.map((r) => r.outcome)).toEqual(['refused']);
        }
        expect(await snapshot('r1')).toEqual(before);
    }, 60_000);

    test('an unreachable host (sshd stopped): reported unreachable, CLI exits 2, the other hosts are still deployed', async () => {
        const cli = join(ROOT, 'bin/bgptopo.cjs');
        expect(existsSync(cli), 'run `npm run build` first').toBe(true);
        await d.lab.stopDaemon('lb2', 'sshd');
        try {
            const changed = readFileSync(d.topology.path, 'utf8').replace(/advert 1s/g, 'advert 2s');
            mkdirSync(join(dir, 'changed'), { recursive: true });
            const path = join(dir, 'changed', 'deploylab.bgptopo');
            writeFileSync(path, changed);
            const before = { lb1: await fileDigest(d.lab, 'lb1', '/etc/keepalived/keepalived.conf') };
            const target = d.lab.sshTarget('r1');
            const result = await runNode([cli, 'deploy', path, '--yes', '--connect-timeout', '3', '--known-hosts', target.knownHostsPath, '--identity', target.privateKeyPath]);
            expect(result.code, result.stdout + result.stderr).toBe(2);
            expect(result.stderr).toMatch(/^unreachable\s+lb2: .*unreachable/m);
            expect(result.stdout).toMatch(/^applied\s+r1 /m);
            expect(result.stdout).toMatch(/^applied\s+r2 /m);
            // lb1 is the master of lb2's VIP group: it waits for its backup, so it is skipped, untouched.
            expect(result.stdout).toMatch(/^skipped\s+lb1 .*lb2/m);
            expect(await fileDigest(d.lab, 'lb1', '/etc/keepalived/keepalived.conf')).toBe(before.lb1);
            expect(await d.lab.readFile('r1', '/etc/keepalived/keepalived.conf')).toContain('advert_int 2');
        } finally {
            await d.lab.startDaemon('lb2', 'sshd');
        }
    }, 120_000);
});

function runNode(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    return new Promise((resolvePromise) => {
        execFile(process.execPath, argv, { cwd: ROOT, timeout: 120_000, maxBuffer: 16 << 20 }, (error, stdout, stderr) => {
            const code = error ? (error as { code?: number }).code : 0;
            resolvePromise({ code: typeof code === 'number' ? code : 1, stdout, stderr });
        });
    });
}
