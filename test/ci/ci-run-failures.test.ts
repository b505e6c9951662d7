/**
 * `.ci/run` on a machine where an install step fails: it says which step failed and what to do, and still
 * ends with the `N passed, N failed` line CI reads. Runs a copy of .ci/ whose install step is a stand-in
 * that fails, so nothing is installed.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

let scratch: string | undefined;
afterEach(() => {
    if (scratch) rmSync(scratch, { recursive: true, force: true });
    scratch = undefined;
});

function runWithFailing(step: 'install-tools' | 'install-code-server'): { stdout: string; status: number | null } {
    scratch = mkdtempSync(join(tmpdir(), 'bgptopo-ci-run-'));
    cpSync(join(ROOT, '.ci'), join(scratch, '.ci'), { recursive: true });
    writeFileSync(join(scratch, '.ci', 'install-tools.sh'), 'echo "[install-tools] stand-in: ok" >&2\n');
    writeFileSync(join(scratch, '.ci', `${step}.sh`), `echo "[${step}] stand-in: apt-get failed" >&2\nexit 100\n`);
    const run = spawnSync('bash', [join(scratch, '.ci', 'run')], { encoding: 'utf8', timeout: 60_000, cwd: scratch });
    return { stdout: run.stdout, status: run.status };
}

describe('.ci/run when an install step fails', () => {
    for (const step of ['install-tools', 'install-code-server'] as const) {
        it(`${step}: names the step, says what to do, ends with the summary line, exits non-zero`, () => {
            const { stdout, status } = runWithFailing(step);
            const lines = stdout.trimEnd().split('\n');
            expect(lines.at(-1)).toBe('0 passed, 1 failed');
            expect(stdout).toContain(`${step} failed.`);
            expect(stdout).toMatch(new RegExp(`run \`(sudo )?bash \\.ci/${step}\\.sh\` alone`));
            expect(status).toBe(1);
            // Nothing after the failed step ran.
            expect(stdout).not.toContain('=== npm ci');
        });
    }
});
