/**
 * The tests of the CLI and of the language server's protocol run the bundles in out/, as users do.
 * `npm test` builds them first; when a test file runs on its own (`npx vitest run test/cli`) and the
 * bundles are missing or older than the sources, {@link ensureBundles} runs `node esbuild.mjs` once. Test
 * files run in parallel processes, so a lock directory makes sure only one of them bundles at a time.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, rmdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { waitUntil } from './wait-for.js';

export const ROOT = join(import.meta.dirname, '..', '..');
export const CLI_BIN = join(ROOT, 'bin', 'bgptopo.cjs');
export const LANGUAGE_SERVER_BUNDLE = join(ROOT, 'out', 'language-server', 'main.cjs');
const BUNDLES = [...['cli', 'language-server', 'extension'].map((entry) => join(ROOT, 'out', entry, 'main.cjs')), join(ROOT, 'out', 'extension', 'elk.cjs'), join(ROOT, 'out', 'extension', 'ssh2.cjs')];
const LOCK = join(ROOT, 'out', '.bundling.lock');

export async function ensureBundles(): Promise<void> {
    if (bundlesAreFresh()) {
        return;
    }
    mkdirSync(join(ROOT, 'out'), { recursive: true });
    if (tryLock()) {
        try {
            if (!bundlesAreFresh()) {
                execFileSync(process.execPath, ['esbuild.mjs'], { cwd: ROOT, stdio: 'pipe', timeout: 120_000 });
            }
        } finally {
            rmdirSync(LOCK);
        }
        return;
    }
    // Another test process is bundling: wait for it to release the lock.
    await waitUntil(() => !exists(LOCK), { timeoutMs: 120_000, what: `${LOCK} to be released (remove it if no build is running)` });
    if (!BUNDLES.every(exists)) {
        throw new Error('the bundles are still missing after another process bundled; run `npm run build`');
    }
}

function tryLock(): boolean {
    try {
        mkdirSync(LOCK);
        return true;
    } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'EEXIST') {
            return false;
        }
        throw error;
    }
}

function bundlesAreFresh(): boolean {
    if (!BUNDLES.every(exists)) {
        return false;
    }
    const oldestBundle = Math.min(...BUNDLES.map((file) => statSync(file).mtimeMs));
    return newestSource(join(ROOT, 'src')) <= oldestBundle && statSync(join(ROOT, 'esbuild.mjs')).mtimeMs <= oldestBundle;
}

function newestSource(dir: string): number {
    let newest = 0;
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const path = join(dir, entry.name);
        if (entry.isDirectory()) {
            newest = Math.max(newest, newestSource(path));
        } else if (entry.name.endsWith('.ts')) {
            newest = Math.max(newest, statSync(path).mtimeMs);
        }
    }
    return newest;
}

function exists(path: string): boolean {
    try {
        statSync(path);
        return true;
    } catch {
        return false;
    }
}
