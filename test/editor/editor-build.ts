/**
 * Shared by the editor tests and the editor bench: the extension's bundles, fresh, so the real editor loads the
 * current sources, and copy the fixture workspace to a scratch folder the editor may change.
 */
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureBundles } from '../cli/built-bundles.js';

export const PROJECT_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const EDITOR_TEST_DIR = join(PROJECT_ROOT, 'test', 'editor');

/**
 * The extension's bundles in out/, fresh: bundled (`node esbuild.mjs`) only when a source is newer, under the lock
 * the CLI and protocol tests share. Bundling unconditionally raced the other editor suites running at the same
 * time: one rewrote out/ while another packaged it (vsce: "file data stream has unexpected number of bytes") or
 * while its editor started the language server from it.
 */
export async function bundleExtension(): Promise<void> {
    await ensureBundles();
}

/** A scratch copy of test/editor/workspace (and a parent folder to remove afterwards). */
export function scratchWorkspace(prefix: string): { root: string; workspace: string } {
    const root = mkdtempSync(join(tmpdir(), prefix));
    const workspace = join(root, 'workspace');
    cpSync(join(EDITOR_TEST_DIR, 'workspace'), workspace, { recursive: true });
    return { root, workspace };
}
