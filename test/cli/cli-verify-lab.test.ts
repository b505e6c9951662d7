/**
 * `bgptopo verify` and `bgptopo failover-test` as a user runs them, against the verify lab (FRR routers with
 * a keepalived VIP, HAProxy load balancers, GoBGP speakers, sshd with generated host keys). Needs root;
 * fails (not skips) under CI without it.
 */
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createVerifyLab, waitForBgpHealthy, type VerifyLab } from '../deploy/verify-lab-setup.js';
import { ensureBundles } from './built-bundles.js';
import { runBgptopo } from './run-cli.js';

const canRun = process.getuid?.() === 0 || Boolean(process.env.CI);

describe.runIf(canRun)('bgptopo verify / failover-test against a lab', () => {
    let vl: VerifyLab;
    let dir: string;
    let topology: string;
    let identity: string;
    let knownHosts: string;

    beforeAll(async () => {
        await ensureBundles();
        vl = await createVerifyLab();
        dir = mkdtempSync(join(tmpdir(), 'bgptopo-verify-cli-'));
        topology = join(dir, 'lab.bgptopo');
        writeFileSync(topology, vl.text);
        const target = vl.lab.sshTarget('r1');
        identity = target.privateKeyPath;
        knownHosts = target.knownHostsPath;
    }, 240_000);

    afterAll(async () => {
        await vl?.lab.destroy();
        rmSync(dir, { recursive: true, force: true });
    });

    test('an unknown host key is refused with its fingerprint; --accept-new records it', async () => {
        const empty = join(dir, 'known_hosts_empty');
        writeFileSync(empty, '');
        const refused = await runBgptopo(['verify', topology, '--identity', identity, '--known-hosts', empty]);
        expect(refused.code).toBe(2);
        expect(refused.stderr).toContain(vl.lab.sshTarget('r1').hostKeyFingerprint);
        expect(readFileSync(empty, 'utf8')).toBe('');

        const learned = join(dir, 'known_hosts_learned');
        writeFileSync(learned, '');
        const accepted = await runBgptopo(['verify', topology, '--identity', identity, '--known-hosts', learned, '--accept-new']);
        expect(accepted.code).toBe(0);
        // Every host verify talks to is now recorded (hashed): a second run needs no --accept-new.
        expect(readFileSync(learned, 'utf8')).toMatch(/^\|1\|/);
        const again = await runBgptopo(['verify', topology, '--identity', identity, '--known-hosts', learned]);
        expect(again.code).toBe(0);
        expect(again.stderr).not.toContain('unknown host key');
    });

    test('verify is green on the healthy lab (exit 0), in text and JSON', async () => {
        const text = await runBgptopo(['verify', topology, '--identity', identity, '--known-hosts', knownHosts]);
        expect(text.code, text.stdout + text.stderr).toBe(0);
        expect(text.stdout).toMatch(/\d+ checks: (\d+) passed, 0 failed, 0 unknown/);
        const json = await runBgptopo(['verify', topology, '--identity', identity, '--known-hosts', knownHosts, '--format', 'json']);
        const report = JSON.parse(json.stdout) as { exitCode: number; checks: Array<{ status: string; kind: string }> };
        expect(report.exitCode).toBe(0);
        expect(new Set(report.checks.map((check) => check.kind))).toEqual(new Set(['bgp-session', 'bgp-prefixes', 'bgp-refused', 'vip', 'haproxy-backend', 'api-vip']));
    });

    test('failover-test moves the router VIP, restores it, and its exit code follows the figures', async () => {
        const run = await runBgptopo(['failover-test', topology, '--vip', 'bgp-vip', '--identity', identity, '--known-hosts', knownHosts, '--format', 'json']);
        const report = JSON.parse(run.stdout) as { oldMaster: string; newMaster: string; restored: boolean; passed: boolean; figures: Array<{ status: string }> };
        expect(report.oldMaster).not.toBe(report.newMaster);
        expect(report.restored).toBe(true);
        // The seed's bounds are figures, not a timed test: on a loaded machine a figure may exceed its bound,
        // and then the exit code must say so.
        expect(run.code).toBe(report.passed ? 0 : 1);
        expect(report.passed).toBe(report.figures.every((figure) => figure.status !== 'fail'));
        await waitForBgpHealthy(vl.lab, vl.model, 60_000);
    });

    test('a speaker that is down fails verify (exit 1) on the line of its peers', async () => {
        copyFileSync(topology, join(dir, 'copy.bgptopo'));
        await vl.lab.stopDaemon('cp1', 'gobgpd');
        try {
            const run = await runBgptopo(['verify', topology, '--identity', identity, '--known-hosts', knownHosts]);
            expect(run.code).toBe(1);
            const failed = run.stdout.split('\n').filter((line) => line.startsWith('FAIL'));
            expect(failed.length).toBeGreaterThan(0);
            expect(failed.every((line) => line.includes('cp1'))).toBe(true);
            const peersLine = vl.text.split('\n').findIndex((line) => /^\s*peers\b/.test(line)) + 1;
            expect(failed[0]).toContain(`lab.bgptopo:${peersLine}`);
        } finally {
            await vl.lab.startDaemon('cp1', 'gobgpd');
        }
    });

    test('usage errors exit 2', async () => {
        expect((await runBgptopo(['failover-test', topology])).code).toBe(2);
        expect((await runBgptopo(['failover-test', topology, '--vip', 'nope'])).code).toBe(2);
        expect((await runBgptopo(['verify', topology, '--format', 'xml'])).code).toBe(2);
    });
});
