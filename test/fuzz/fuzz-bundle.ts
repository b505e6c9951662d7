/**
 * Bundles a TypeScript entry with esbuild into out/fuzz/ so a worker thread can load it (vitest transforms
 * TypeScript only in its own module graph, not in workers). npm packages stay external and resolve from
 * the project's node_modules.
 */
import { mkdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { build } from 'esbuild';

export const PROJECT_ROOT = join(import.meta.dirname, '..', '..');

export async function bundleForWorker(entry: string): Promise<string> {
    const outDir = join(PROJECT_ROOT, 'out', 'fuzz');
    mkdirSync(outDir, { recursive: true });
    const outfile = join(outDir, `${basename(entry, '.ts')}-${process.pid}.mjs`);
    await build({
        entryPoints: [entry],
        outfile,
        bundle: true,
        packages: 'external',
        platform: 'node',
        target: 'node20',
        format: 'esm',
        sourcemap: 'inline',
        logLevel: 'silent'
    });
    return outfile;
}
