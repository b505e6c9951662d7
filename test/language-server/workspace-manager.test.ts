/**
 * The workspace is loaded after what the editor opens (cold start): initializing reads no file, the first
 * validated build loads the folders' other files and validates them, as Langium's own start did for the
 * Problems view.
 */
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DocumentState, URI } from 'langium';
import { NodeFileSystem } from 'langium/node';
import { afterAll, describe, expect, test } from 'vitest';
import { createBgptopoServices } from '../../src/language-server/bgptopo-module.js';
import { waitUntil } from '../cli/wait-for.js';
import { readExpectMarkers } from '../support/expect-markers.js';
import { codeOf } from '../support/bgptopo-test-services.js';

const EXAMPLES = join(import.meta.dirname, '..', '..', 'examples');
const folder = mkdtempSync(join(tmpdir(), 'bgptopo-workspace-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

describe('workspace manager', () => {
    test('initialize loads nothing; the first validated build loads and validates the rest of the folder', async () => {
        copyFileSync(join(EXAMPLES, 'seed-kubevip-cilium.bgptopo'), join(folder, 'flawed.bgptopo'));
        copyFileSync(join(EXAMPLES, 'seed-metallb-frr-ha-fixed.bgptopo'), join(folder, 'opened.bgptopo'));
        const { shared } = createBgptopoServices(NodeFileSystem);
        const documents = shared.workspace.LangiumDocuments;
        const folderUri = URI.file(folder).toString();
        await shared.workspace.WorkspaceManager.initializeWorkspace([{ uri: folderUri, name: 'test' }]);
        await shared.workspace.WorkspaceManager.ready;
        expect(documents.all.toArray()).toHaveLength(0);

        // What the editor opens is built on its own.
        const opened = URI.file(join(folder, 'opened.bgptopo'));
        await shared.workspace.DocumentBuilder.update([opened], []);
        expect(documents.getDocument(opened)?.state).toBe(DocumentState.Validated);

        // Then the rest of the folder, validated, its codes those of the example's expect markers.
        const flawed = URI.file(join(folder, 'flawed.bgptopo'));
        await waitUntil(() => documents.getDocument(flawed)?.state === DocumentState.Validated, { timeoutMs: 20_000, what: 'the flawed file to be validated' });
        const found = (documents.getDocument(flawed)!.diagnostics ?? []).filter((d) => (d.severity ?? 1) <= 2).map((d) => `${d.range.start.line} ${codeOf(d)}`);
        const markers = readExpectMarkers(readFileSync(join(folder, 'flawed.bgptopo'), 'utf8')).markers;
        expect(found.sort()).toEqual(markers.map((m) => `${m.line} ${m.code}`).sort());
        expect(documents.all.toArray().map((document) => document.uri.toString()).sort()).toEqual([flawed.toString(), opened.toString()].sort());
    });
});
