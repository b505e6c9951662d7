import { existsSync } from 'node:fs';
import { afterAll, expect, it } from 'vitest';
import { runTool } from '../support/checkers/checker-tools.js';
import {
    KEEPALIVED_CHECKER_PREREQUISITES,
    checkKeepalivedConfig,
    keepalivedScriptPaths,
    removeStaleKeepalivedNamespaces,
} from '../support/checkers/keepalived-checker.js';
import { describeWithTools, fixture } from './checker-fixtures.js';

const STUB = '/usr/local/bin/chk_frr.sh';

async function ourNamespaces(): Promise<string[]> {
    const list = await runTool('ip', ['netns', 'list']);
    return list.stdout.split('\n').filter((l) => l.startsWith(`bgptopo-ka-${process.pid}-`));
}

it('keepalivedScriptPaths finds script and notify paths (first word only)', () => {
    const text = 'vrrp_script a {\n  script "/usr/local/bin/chk_frr.sh --quiet"\n}\nvrrp_instance X {\n  notify_master /etc/keepalived/up.sh\n}\n';
    expect(keepalivedScriptPaths(text)).toEqual(['/usr/local/bin/chk_frr.sh', '/etc/keepalived/up.sh']);
});

describeWithTools('checkKeepalivedConfig (keepalived -t in a throwaway netns)', KEEPALIVED_CHECKER_PREREQUISITES, () => {
    const stubExistedBefore = existsSync(STUB);

    afterAll(async () => {
        expect(await ourNamespaces()).toEqual([]);
        expect(existsSync(STUB)).toBe(stubExistedBefore); // the stub lived only in the private mount namespace
    });

    it('removes the namespaces a killed checker process left, and only those', async () => {
        // A pid above the kernel's pid_max can never be live; our own pid is.
        const stale = `bgptopo-ka-99999999-1-${'abcdef'}`;
        const live = `bgptopo-ka-${process.pid}-0-abcdef`;
        for (const name of [stale, live]) {
            expect((await runTool('ip', ['netns', 'add', name])).exitCode).toBe(0);
        }
        try {
            const removed = await removeStaleKeepalivedNamespaces();
            expect(removed).toContain(stale);
            expect(removed).not.toContain(live);
            const names = (await runTool('ip', ['netns', 'list'])).stdout;
            expect(names).not.toContain(stale);
            expect(names).toContain(live);
        } finally {
            await runTool('ip', ['netns', 'del', live]);
            await runTool('ip', ['netns', 'del', stale]);
        }
    });

    it('accepts the known-good config when its interface exists (script stubbed at its real path)', async () => {
        const result = await checkKeepalivedConfig(fixture('keepalived-good.conf'), ['ens18']);
        expect(result.errors).toEqual([]);
        expect(result.ok).toBe(true);
        expect(result.exitCode).toBe(0);
    });

    it('rejects the broken config with located errors and exit code 5', async () => {
        const result = await checkKeepalivedConfig(fixture('keepalived-broken.conf'), ['ens18']);
        expect(result.ok).toBe(false);
        expect(result.exitCode).toBe(5);
        expect(result.errors).toEqual(
            expect.arrayContaining([
                "line 19: Unknown keyword 'interfce'",
                "line 20: number '256' outside range [1, 255]",
                'keepalived -t exited 5 (configuration errors)',
            ]),
        );
    });

    it('fails when the configured interface does not exist in the namespace', async () => {
        const result = await checkKeepalivedConfig(fixture('keepalived-good.conf'), ['ens19']);
        expect(result.ok).toBe(false);
        expect(result.exitCode).toBe(5);
        expect(result.errors.join('\n')).toMatch(/line 19: WARNING - interface ens18 for vrrp_instance BGP_VIP doesn't exist/);
    });

    // Skipped only if a real script exists at that path on this machine (then the config is legitimately valid).
    it.skipIf(existsSync(STUB))('fails when the track script is not provided (scripts: [])', async () => {
        const result = await checkKeepalivedConfig(fixture('keepalived-good.conf'), ['ens18'], { scripts: [] });
        expect(result.ok).toBe(false);
        expect(result.exitCode).toBe(5);
        expect(result.stderr).toMatch(/Disabling track script chk_frr since not found/);
    });

    it('reports a script-security violation as exit code 6', async () => {
        const insecure = fixture('keepalived-good.conf').replace('    enable_script_security\n    script_user root\n', '');
        const result = await checkKeepalivedConfig(insecure, ['ens18']);
        expect(result.ok).toBe(false);
        expect(result.exitCode).toBe(6);
        expect(result.errors).toContain('keepalived -t exited 6 (script security violation)');
    });

    it('rejects an invalid interface name without running anything', async () => {
        const result = await checkKeepalivedConfig(fixture('keepalived-good.conf'), ['this-name-is-too-long']);
        expect(result.ok).toBe(false);
        expect(result.exitCode).toBeNull();
        expect(result.errors).toEqual(['invalid interface name: "this-name-is-too-long"']);
    });
});
