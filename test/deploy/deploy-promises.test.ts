/**
 * Deploy keeps its promises (issue 14), against a lab router with three GoBGP speakers dialling it, through
 * the built CLI as an operator runs it: healthy means the sessions the sessions table expects are
 * Established (a config that breaks them is rolled back), a hand edit is never overwritten unseen (drift,
 * pinned plans, the terminal confirmation), the same topology from a renamed file changes nothing, and a
 * full disk or a lost connection say what happened and where to look. Runs as root.
 */
import { execFile, execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { applyHost, planHost } from '../../src/deploy/deploy-host.js';
import { expectedSessions } from '../../src/deploy/deploy-input.js';
import { filesByHost } from '../../src/deploy/deploy-run.js';
import { hostBindPath, vtyshJson, waitFor } from '../lab/index.js';
import { createDeployLab, labConnect, type DeployLab } from './support/deploy-lab.js';
import { fileDigest, lockAndStaging, wrapFrrReload } from './support/deploy-lab-instruments.js';
import { describeAsRoot } from './support/deploy-root.js';
import { renderForDeploy } from './support/deploy-topology.js';

const ROOT = resolve(__dirname, '../..');
const CLI = join(ROOT, 'bin/bgptopo.cjs');
const HEALTH_TIMEOUT = 15;
let d: DeployLab;
let dir: string;

interface CliRun {
    readonly code: number;
    readonly stdout: string;
    readonly stderr: string;
}

function runCli(args: string[], wrapper: string[] = []): Promise<CliRun> {
    const target = d.lab.sshTarget('r1');
    const argv = [...wrapper, process.execPath, CLI, ...args, '--hosts', 'r1', '--known-hosts', target.knownHostsPath, '--identity', target.privateKeyPath];
    return new Promise((resolvePromise) => {
        execFile(argv[0], argv.slice(1), { cwd: ROOT, timeout: 240_000, maxBuffer: 16 << 20 }, (error, stdout, stderr) => {
            resolvePromise({ code: error ? ((error as { code?: number }).code ?? -1) : 0, stdout, stderr });
        });
    });
}

/** A copy of the lab topology, edited, under `name` in its own folder. */
function topologyCopy(folder: string, edit: (text: string) => string = (text) => text, name = 'deploylab.bgptopo'): string {
    const path = join(dir, folder, name);
    mkdirSync(join(dir, folder), { recursive: true });
    writeFileSync(path, edit(readFileSync(d.topology.path, 'utf8')));
    return path;
}

/** Sessions on r1 that are Established with peerState OK, the way verify judges them. */
async function establishedOnR1(): Promise<string[]> {
    const summary = await vtyshJson<{ ipv4Unicast?: { peers?: Record<string, { state: string; peerState: string }> } }>(d.lab.host('r1'), 'show bgp summary json');
    return Object.entries(summary.ipv4Unicast?.peers ?? {})
        .filter(([, peer]) => peer.state === 'Established' && peer.peerState === 'OK')
        .map(([address]) => address)
        .sort();
}

const bgpdPid = async () => (await d.lab.exec('r1', ['pgrep', '-x', 'bgpd'])).stdout.trim();
const r1Files = ['/etc/frr/frr.conf', '/etc/frr/daemons', '/etc/keepalived/keepalived.conf', '/etc/sysctl.d/60-bgptopo.conf'];
const r1Digests = async () => Object.fromEntries(await Promise.all(r1Files.map(async (path) => [path, await fileDigest(d.lab, 'r1', path)] as const)));

describeAsRoot('deploy keeps its promises', () => {
    let speakers: string[];
    let first: CliRun;

    beforeAll(async () => {
        expect(existsSync(CLI), 'run `npm run build` first').toBe(true);
        dir = mkdtempSync(join(tmpdir(), 'bgptopo-deploy-promises-'));
        d = await createDeployLab({ dir, hosts: ['r1', 'cp1', 'cp2', 'cp3'] });
        speakers = expectedSessions(d.model, 'r1').sort();
        expect(speakers).toHaveLength(3);
        first = await runCli(['deploy', d.topology.path, '--yes']);
        expect(first.code, first.stdout + first.stderr).toBe(0);
        await waitFor(async () => ((await establishedOnR1()).length === 3 ? true : undefined), { timeoutMs: 60_000, intervalMs: 200, what: 'the three sessions on r1' });
    }, 180_000);

    afterAll(async () => {
        await d?.lab.destroy();
        if (dir) rmSync(dir, { recursive: true, force: true });
    }, 60_000);

    test('a config that breaks every BGP session (wrong speaker ASN) ends rolled-back, the sessions Established again within the bound', async () => {
        const before = await r1Digests();
        const broken = topologyCopy('asn', (text) => text.replace(/asn 65010/, 'asn 65011'));
        const result = await runCli(['deploy', broken, '--yes', '--health-timeout', String(HEALTH_TIMEOUT)]);
        expect(result.code, result.stdout + result.stderr).toBe(1);
        expect(result.stdout).toMatch(/^rolled-back r1 .*unhealthy frr/m);
        for (const address of speakers) expect(result.stdout).toMatch(new RegExp(`stayed down after the reload: .*BGP session ${address.replace(/\./g, '\\.')} `));
        // The previous files are back; `rolled-back` (not rollback-failed) means the rollback's own health check
        // saw the sessions Established again within the bound, and they are.
        expect(result.stdout).not.toMatch(/rollback-failed/);
        expect(await r1Digests()).toEqual(before);
        expect(await establishedOnR1()).toEqual(speakers);
        expect(await lockAndStaging(d.lab, 'r1')).toEqual({ locked: false, staging: [] });
    }, 240_000);

    test('the same topology from a renamed file changes nothing on the host; bgpd keeps its PID', async () => {
        const [before, pid] = [await r1Digests(), await bgpdPid()];
        const renamed = topologyCopy('renamed', undefined, 'another-name.bgptopo');
        const result = await runCli(['deploy', renamed, '--yes']);
        expect(result.code, result.stdout + result.stderr).toBe(0);
        expect(result.stdout).toContain('everything is up to date');
        expect(result.stdout).not.toMatch(/^(update|create|restart) /m);
        expect(await r1Digests()).toEqual(before);
        expect(await bgpdPid()).toBe(pid);
    }, 120_000);

    test('a restart is said in the plan, before the confirmation, only when a setting that needs one changed', () => {
        // The first deploy turns bgpd on in /etc/frr/daemons (the lab starts with bgpd=no).
        expect(first.stdout).toMatch(/^restart\s+restarts FRR on r1: all BGP sessions on r1 drop \(\/etc\/frr\/daemons changed\)$/m);
        expect(first.stdout.indexOf('restart   restarts FRR')).toBeLessThan(first.stdout.search(/^applied\s+r1/m));
    });

    test('a hand edit since the last deploy is drift: shown in the plan, kept by --yes, replaced only with --overwrite-drift', async () => {
        await d.lab.exec('r1', ['sed', '-i', 's/maximum-paths 16/maximum-paths 12/', '/etc/frr/frr.conf']);
        const edited = await fileDigest(d.lab, 'r1', '/etc/frr/frr.conf');
        const plan = await runCli(['deploy', d.topology.path, '--plan']);
        expect(plan.stdout).toMatch(/^drift\s+r1:\/etc\/frr\/frr\.conf was changed on the host since bgptopo installed it/m);
        expect(plan.stdout).toMatch(/^\s+-\s*maximum-paths 12$/m);
        const yes = await runCli(['deploy', d.topology.path, '--yes']);
        expect(yes.code, yes.stdout + yes.stderr).toBe(1);
        expect(yes.stdout).toMatch(/^drift\s+r1 .*\/etc\/frr\/frr\.conf changed on the host since bgptopo installed it/m);
        expect(await fileDigest(d.lab, 'r1', '/etc/frr/frr.conf')).toBe(edited);
        const overwrite = await runCli(['deploy', d.topology.path, '--yes', '--overwrite-drift']);
        expect(overwrite.code, overwrite.stdout + overwrite.stderr).toBe(0);
        expect(overwrite.stdout).toMatch(/^applied\s+r1 /m);
        expect(await d.lab.readFile('r1', '/etc/frr/frr.conf')).toContain('maximum-paths 16');
    }, 180_000);

    test('interactive: a hand edit made while the confirmation waits is kept and reported, nothing on r1 changes', async () => {
        const changed = topologyCopy('interactive', (text) => text.replace(/advert 1s/, 'advert 2s'));
        const prompted = join(dir, 'prompted');
        const go = join(dir, 'go');
        const running = runCli(['deploy', changed], ['python3', join(__dirname, 'support/pty-confirm.py'), prompted, go]);
        await waitFor(() => (existsSync(prompted) ? true : undefined), { timeoutMs: 120_000, intervalMs: 50, what: 'the [y/N] question' });
        await d.lab.exec('r1', ['sh', '-c', 'echo "# hand edit while the deploy asked" >> /etc/keepalived/keepalived.conf']);
        const edited = await fileDigest(d.lab, 'r1', '/etc/keepalived/keepalived.conf');
        writeFileSync(go, '');
        const result = await running;
        expect(result.code, result.stdout).toBe(1);
        expect(result.stdout).toMatch(/drift\s+r1 .*changed on the host since the plan: \/etc\/keepalived\/keepalived\.conf; nothing on r1 was changed/);
        expect(await fileDigest(d.lab, 'r1', '/etc/keepalived/keepalived.conf')).toBe(edited);
        expect(await d.lab.readFile('r1', '/etc/keepalived/keepalived.conf')).toContain('advert_int 1');
        // Put the file back the way bgptopo installed it, for the next tests.
        await d.lab.exec('r1', ['sed', '-i', '/hand edit while the deploy asked/d', '/etc/keepalived/keepalived.conf']);
    }, 180_000);

    test('a pinned plan file: a hand edit after the review is kept and reported; the reviewed plan applies once the host holds what it read', async () => {
        const changed = topologyCopy('pinned', (text) => text.replace(/advert 1s/, 'advert 2s'));
        const planPath = join(dir, 'pinned', 'r1.plan');
        const reviewed = await runCli(['deploy', changed, '--plan', '--out', planPath]);
        expect(reviewed.code, reviewed.stdout + reviewed.stderr).toBe(0);
        const planText = readFileSync(planPath, 'utf8');
        expect(planText).toContain('"path": "/etc/keepalived/keepalived.conf"');
        expect(planText).not.toContain('advert_int'); // checksums, never contents
        const original = (await d.lab.readFile('r1', '/etc/keepalived/keepalived.conf')) ?? '';
        await d.lab.exec('r1', ['sh', '-c', 'echo "# hand edit after the review" >> /etc/keepalived/keepalived.conf']);
        const edited = await fileDigest(d.lab, 'r1', '/etc/keepalived/keepalived.conf');
        const refused = await runCli(['deploy', changed, '--apply', planPath]);
        expect(refused.code, refused.stdout + refused.stderr).toBe(1);
        expect(refused.stdout).toMatch(/^drift\s+r1 .*changed on the host since the plan: \/etc\/keepalived\/keepalived\.conf; nothing on r1 was changed/m);
        expect(await fileDigest(d.lab, 'r1', '/etc/keepalived/keepalived.conf')).toBe(edited);
        // A topology that no longer renders the reviewed content: refused before anything runs.
        const other = topologyCopy('pinned-other', (text) => text.replace(/advert 1s/, 'advert 4s'));
        const mismatch = await runCli(['deploy', other, '--apply', planPath]);
        expect(mismatch.code).toBe(1);
        expect(mismatch.stderr).toContain('r1:/etc/keepalived/keepalived.conf: the topology renders it differently than the reviewed plan');
        expect(await fileDigest(d.lab, 'r1', '/etc/keepalived/keepalived.conf')).toBe(edited);
        // The host back to what the plan read: the reviewed plan applies, without a question.
        await d.lab.writeFile('r1', '/etc/keepalived/keepalived.conf', original);
        const applied = await runCli(['deploy', changed, '--apply', planPath]);
        expect(applied.code, applied.stdout + applied.stderr).toBe(0);
        expect(applied.stdout).toMatch(/^applied\s+r1 /m);
        expect((await d.lab.readFile('r1', '/etc/keepalived/keepalived.conf')) ?? '').toContain('advert_int 2');
    }, 180_000);

    test('a full disk on the host: the upload fails with the run and the reason, nothing changed, nothing left behind', async () => {
        const before = await r1Digests();
        const changed = topologyCopy('disk', (text) => text.replace(/advert 1s/, 'advert 3s'));
        await d.lab.exec('r1', ['mount', '-t', 'tmpfs', '-o', 'size=4k,mode=700', 'full-disk', '/var/lib/bgptopo']);
        try {
            const result = await runCli(['deploy', changed, '--yes']);
            expect(result.code, result.stdout + result.stderr).toBe(1);
            expect(result.stdout).toMatch(/^failed\s+r1 .*upload failed \(run \d{8}T\d{6}-[0-9a-f]{6}\): .*No space left on device; nothing was run or changed, the partial upload was removed/m);
            expect(await r1Digests()).toEqual(before);
            expect((await d.lab.exec('r1', ['sh', '-c', 'ls -A /var/lib/bgptopo'])).stdout).toBe('');
            expect(await lockAndStaging(d.lab, 'r1')).toEqual({ locked: false, staging: [] });
        } finally {
            await d.lab.exec('r1', ['umount', '/var/lib/bgptopo']);
        }
    }, 120_000);

    test('the connection drops while the host applies: the result is read back from the host after reconnecting; without a reconnect the run and its log are named', async () => {
        await wrapFrrReload(d.lab, 'r1');
        const files = (paths: number) =>
            filesByHost(renderForDeploy(d.model, { hosts: ['r1'] }), d.model)
                .get('r1')!
                .map((f) => (f.kind === 'frr' ? { ...f, content: f.content.replace('maximum-paths 16', `maximum-paths ${paths}`) } : f));
        const connect = () => labConnect(d.lab)({ name: 'r1' });
        const lock = hostBindPath(d.lab.host('r1'), '/run/lock/bgptopo.lock/owner');

        for (const [paths, reconnect] of [[6, true], [16, false]] as const) {
            await d.lab.writeFile('r1', '/tmp/frr-reload.hold', '');
            const session = await connect();
            try {
                const plan = await planHost(session, 'r1', files(paths), { sessions: expectedSessions(d.model, 'r1') });
                const applying = applyHost(session, plan, { owner: 'deploy-promises-test', healthTimeoutSeconds: HEALTH_TIMEOUT, reconnect: reconnect ? connect : undefined });
                await waitFor(() => (existsSync(lock) ? true : undefined), { timeoutMs: 30_000, intervalMs: 10, what: 'the run to hold the lock on r1' });
                session.close(); // the connection is gone while the host is reloading
                await d.lab.exec('r1', ['rm', '-f', '/tmp/frr-reload.hold']);
                const result = await applying;
                if (reconnect) {
                    expect(result.outcome, result.message).toBe('applied');
                    expect(result.message).toMatch(/^connection lost during the run .*; read back from the host: \d file\(s\) installed, services reloaded and healthy$/);
                    expect(result.log.at(-1)).toBe('BGPTOPO EXIT 0');
                } else {
                    expect(result.outcome).toBe('connection-lost');
                    expect(result.message).toMatch(/during run \d{8}T\d{6}-[0-9a-f]{6}, log on the host: \/var\/lib\/bgptopo\/apply-\d{8}T\d{6}-[0-9a-f]{6}\.log; once the upload was whole the host finishes the run on its own/);
                    const logPath = /log on the host: (\S+?);/.exec(result.message)![1];
                    await waitFor(async () => (((await d.lab.readFile('r1', logPath)) ?? '').includes('BGPTOPO EXIT 0') ? true : undefined), { timeoutMs: 60_000, intervalMs: 200, what: 'the run to finish on r1' });
                }
                expect((await d.lab.readFile('r1', '/etc/frr/frr.conf')) ?? '').toContain(`maximum-paths ${paths}`);
            } finally {
                session.close();
                await d.lab.exec('r1', ['rm', '-f', '/tmp/frr-reload.hold']);
            }
        }
        expect(await lockAndStaging(d.lab, 'r1')).toEqual({ locked: false, staging: [] });
    }, 240_000);

    test('a network cut while the host applies, long enough for the client to give up (about a minute): the CLI reconnects and reports the finished run', async () => {
        await wrapFrrReload(d.lab, 'r1');
        await d.lab.writeFile('r1', '/tmp/frr-reload.hold', '');
        const changed = topologyCopy('cut', (text) => text.replace(/router r1 \{ asn/, 'router r1 { maximum-paths 8  asn'));
        const lock = hostBindPath(d.lab.host('r1'), '/run/lock/bgptopo.lock/owner');
        const sshConnections = async () => (await d.lab.exec('r1', ['ss', '-Htn', 'state', 'established', '( sport = :22 )'])).stdout.trim();
        const running = runCli(['deploy', changed, '--yes', '--health-timeout', '30']);
        let cut: string | undefined;
        try {
            await waitFor(() => (existsSync(lock) ? true : undefined), { timeoutMs: 60_000, intervalMs: 20, what: 'the run to hold the lock on r1' });
            // Everything r1 sends to the client is lost from now on (a blackhole route to the client's address:
            // the BGP sessions with the speakers stay up); the run goes on and finishes on the host.
            const client = /\s(\S+):\d+\s*$/.exec(await sshConnections())?.[1];
            expect(client, 'the client address of the SSH connection').toBeDefined();
            await d.lab.exec('r1', ['ip', 'route', 'add', 'blackhole', `${client}/32`]);
            cut = client;
            await d.lab.exec('r1', ['rm', '-f', '/tmp/frr-reload.hold']);
            await waitFor(async () => (((await d.lab.readFile('r1', '/etc/frr/frr.conf')) ?? '').includes('maximum-paths 8') ? true : undefined), {
                timeoutMs: 60_000,
                intervalMs: 200,
                what: 'the run to install the file on r1'
            });
            // The cut lasts until the client has given up on its connection (SSH keepalives: about a minute),
            // seen from the client's side (r1 no longer hears the client either: reverse-path filtering).
            const r1Address = d.lab.sshTarget('r1').host;
            const clientConnections = () => execFileSync('ss', ['-Htn', 'state', 'established', `( dport = :22 and dst ${r1Address} )`], { encoding: 'utf8' }).trim();
            expect(clientConnections()).not.toBe('');
            await waitFor(() => (clientConnections() === '' ? true : undefined), { timeoutMs: 150_000, intervalMs: 500, what: 'the client to drop its SSH connection' });
        } finally {
            if (cut) await d.lab.exec('r1', ['ip', 'route', 'del', 'blackhole', `${cut}/32`]);
            await d.lab.exec('r1', ['rm', '-f', '/tmp/frr-reload.hold']);
        }
        const result = await running;
        expect(result.code, result.stdout + result.stderr).toBe(0);
        expect(result.stdout).toMatch(/^applied\s+r1 .*connection lost during the run .*; read back from the host: 1 file\(s\) installed, services reloaded and healthy$/m);
        expect(await lockAndStaging(d.lab, 'r1')).toEqual({ locked: false, staging: [] });
    }, 300_000);
});
