import { existsSync } from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { skippedResult } from '../support/checkers/check-result.js';
import { missingPrerequisites, runTool, toolAvailable, toolGate, withTempDir } from '../support/checkers/checker-tools.js';

const NO_SUCH_TOOL = 'bgptopo-no-such-tool-7f3a';

describe('checker tool plumbing', () => {
    afterEach(() => {
        vi.unstubAllEnvs();
    });

    it('finds tools on PATH and in sbin, and reports missing ones', () => {
        expect(toolAvailable('node')).toBe(true);
        expect(toolAvailable(process.execPath)).toBe(true);
        expect(toolAvailable(NO_SUCH_TOOL)).toBe(false);
        expect(toolAvailable('/nonexistent/bin/tool')).toBe(false);
        expect(missingPrerequisites(['node', NO_SUCH_TOOL])).toEqual([NO_SUCH_TOOL]);
    });

    it('skips outside CI but never in CI, where the checker then fails', () => {
        vi.stubEnv('CI', '');
        expect(toolGate([NO_SUCH_TOOL])).toEqual({ missing: [NO_SUCH_TOOL], skip: true, reason: `missing prerequisite(s): ${NO_SUCH_TOOL}` });
        vi.stubEnv('CI', 'true');
        expect(toolGate([NO_SUCH_TOOL]).skip).toBe(false);
        expect(toolGate(['node'])).toEqual({ missing: [], skip: false, reason: '' });
    });

    it('a skipped result is not ok and says why', () => {
        const result = skippedResult('vtysh', 'not installed: vtysh');
        expect(result.ok).toBe(false);
        expect(result.skipped).toBe('not installed: vtysh');
        expect(result.errors).toEqual(['skipped: not installed: vtysh']);
    });

    it('runTool passes arguments verbatim (no shell) and never rejects', async () => {
        const echo = await runTool(process.execPath, ['-e', 'process.stdout.write(process.argv[1])', '$(touch /tmp/x); `id`']);
        expect(echo.exitCode).toBe(0);
        expect(echo.stdout).toBe('$(touch /tmp/x); `id`');
        const missing = await runTool(`/nonexistent/${NO_SUCH_TOOL}`, []);
        expect(missing.exitCode).toBeNull();
        expect(missing.failure).toMatch(/could not run/);
        const slow = await runTool(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { timeoutMs: 200 });
        expect(slow.signal).toBe('SIGKILL');
        expect(slow.failure).toMatch(/killed by SIGKILL/);
    });

    it('withTempDir removes its directory even when the body throws', async () => {
        let seen = '';
        await expect(
            withTempDir('tools-test', async (dir) => {
                seen = dir;
                expect(existsSync(dir)).toBe(true);
                throw new Error('boom');
            }),
        ).rejects.toThrow('boom');
        expect(seen).not.toBe('');
        expect(existsSync(seen)).toBe(false);
    });
});
