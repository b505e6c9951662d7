/**
 * Shared by the editor tests and the editor bench: bundle the extension (node esbuild.mjs) so the real
 * editor loads the current sources, and copy the fixture workspace to a scratch folder the editor may change.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const PROJECT_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const EDITOR_TEST_DIR = join(PROJECT_ROOT, 'test', 'editor');

export function bundleExtension(): void {
    const result = spawnSync(process.execPath, ['esbuild.mjs'], { cwd: PROJECT_ROOT, encoding: 'utf8', timeout: 120_000 });
    if (result.status !== 0) {
        throw new Error(`node esbuild.mjs failed (${result.status ?? result.signal}):\n${result.stdout}\n${result.stderr}`);
    }
}

/** A scratch copy of test/editor/workspace (and a parent folder to remove afterwards). */
export function scratchWorkspace(prefix: string): { root: string; workspace: string } {
    const root = mkdtempSync(join(tmpdir(), prefix));
    const workspace = join(root, 'workspace');
    cpSync(join(EDITOR_TEST_DIR, 'workspace'), workspace, { recursive: true });
    return { root, workspace };
}
