/** `bgptopo render`, run as a process from the built bundle: output layout, filters, refusal, templates. */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ensureBundles, ROOT } from './built-bundles.js';
import { runBgptopo } from './run-cli.js';

const FIXED = 'examples/seed-metallb-frr-ha-fixed.bgptopo';
let scratch: string;

beforeAll(async () => {
    await ensureBundles();
    scratch = mkdtempSync(join(tmpdir(), 'bgptopo-render-cli-'));
});

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function listFiles(dir: string, prefix = ''): string[] {
    return readdirSync(dir).flatMap((entry) => {
        const path = join(dir, entry);
        return statSync(path).isDirectory() ? listFiles(path, `${prefix}${entry}/`) : [`${prefix}${entry}`];
    });
}

describe('bgptopo render', () => {
    test('writes DIR/<host>/<path on host> and DIR/clusters/<cluster>/<kind>.yaml and lists them', async () => {
        const out = join(scratch, 'all');
        const run = await runBgptopo(['render', FIXED, '--out', out]);
        expect(run.code).toBe(0);
        const files = listFiles(out).sort();
        expect(files).toContain('r1/etc/frr/frr.conf');
        expect(files).toContain('r1/etc/frr/daemons');
        expect(files).toContain('lb2/etc/haproxy/haproxy.cfg');
        expect(files).toContain('w3/etc/wireguard/wg99.conf');
        expect(files).toContain('clusters/k8s/metallb.yaml');
        // Every written file is listed, and the count line says so.
        expect(run.stdout).toContain(`${files.length} file(s) written`);
        for (const file of files) {
            expect(run.stdout).toContain(file);
        }
        expect(readFileSync(join(out, 'r1/etc/frr/frr.conf'), 'utf8')).toMatch(/^router bgp 65000$/m);
        // WireGuard configs stay private to the owner.
        expect(statSync(join(out, 'w3/etc/wireguard/wg99.conf')).mode & 0o077).toBe(0);
    });

    test('--only and --hosts narrow the output; the same input gives the same bytes', async () => {
        const a = join(scratch, 'only-a');
        const b = join(scratch, 'only-b');
        expect((await runBgptopo(['render', FIXED, '--out', a, '--only', 'frr,keepalived', '--hosts', 'r1'])).code).toBe(0);
        expect(listFiles(a).sort()).toEqual(['r1/etc/frr/frr.conf', 'r1/etc/keepalived/keepalived.conf']);
        expect((await runBgptopo(['render', FIXED, '--out', b, '--only', 'frr,keepalived', '--hosts', 'r1'])).code).toBe(0);
        expect(readFileSync(join(a, 'r1/etc/frr/frr.conf'))).toEqual(readFileSync(join(b, 'r1/etc/frr/frr.conf')));
    });

    test('refuses a topology with errors: exit 1, the errors printed, nothing written', async () => {
        const out = join(scratch, 'flawed');
        const run = await runBgptopo(['render', 'examples/seed-kubevip-cilium.bgptopo', '--out', out]);
        expect(run.code).toBe(1);
        expect(run.stderr).toContain('session-collision');
        expect(existsSync(out)).toBe(false);
    });

    test('usage errors exit 2: no --out, unknown kind, unknown host, missing file', async () => {
        expect((await runBgptopo(['render', FIXED])).code).toBe(2);
        const kind = await runBgptopo(['render', FIXED, '--out', join(scratch, 'x'), '--only', 'bird']);
        expect(kind.code).toBe(2);
        expect(kind.stderr).toContain('bird');
        const host = await runBgptopo(['render', FIXED, '--out', join(scratch, 'x'), '--hosts', 'r9']);
        expect(host.code).toBe(2);
        expect(host.stderr).toContain('r9');
        expect((await runBgptopo(['render', 'examples/nope.bgptopo', '--out', join(scratch, 'x')])).code).toBe(2);
    });

    test('a template in --templates overrides the built-in one; a broken one is an error naming it and its line', async () => {
        const templates = join(scratch, 'templates');
        mkdirSync(join(templates, 'frr'), { recursive: true });
        const builtIn = readFileSync(join(ROOT, 'templates/frr/frr.conf.njk'), 'utf8');
        writeFileSync(join(templates, 'frr/frr.conf.njk'), `! site policy: reviewed by the network team\n${builtIn}`);
        const out = join(scratch, 'custom');
        const run = await runBgptopo(['render', FIXED, '--out', out, '--only', 'frr', '--templates', templates]);
        expect(run.code).toBe(0);
        expect(readFileSync(join(out, 'r1/etc/frr/frr.conf'), 'utf8')).toContain('! site policy: reviewed by the network team');

        writeFileSync(join(templates, 'frr/frr.conf.njk'), 'line one\nline two\n{% if %}\n');
        const broken = await runBgptopo(['render', FIXED, '--out', join(scratch, 'broken'), '--only', 'frr', '--templates', templates]);
        expect(broken.code).toBe(2);
        expect(broken.stderr).toContain('frr.conf.njk');
        expect(broken.stderr).toMatch(/line 3/);
    });
});
