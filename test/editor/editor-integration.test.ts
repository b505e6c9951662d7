/**
 * The extension in a real VS Code (code-server 4.100.3): one code-server start runs the whole in-host mocha
 * suite (test/editor/in-host/*.test.js) with the full `vscode` API — diagnostics and their codes, a quick
 * fix, previews (content, live update, last good render, no secrets), the diagram's message round trip and
 * SVG export, and every command (Deploy / Verify against unreachable hosts fail fast and clearly).
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { findCodeServer } from '../editor-harness/code-server-install.js';
import { runIntegrationSuite } from '../editor-harness/run-integration-suite.js';
import { bundleExtension, EDITOR_TEST_DIR, PROJECT_ROOT, scratchWorkspace } from './editor-build.js';
import { expectSuitePassed } from './editor-suite-result.js';

const installed = findCodeServer() !== undefined;
if (!installed) {
    if (process.env.CI) {
        throw new Error('code-server is not installed: run .ci/install-code-server.sh before the editor tests');
    }
    console.warn('editor integration tests skipped: run .ci/install-code-server.sh to enable them');
}

describe.skipIf(!installed)('bgptopo extension inside the real extension host', () => {
    let scratch: { root: string; workspace: string };

    beforeAll(async () => {
        await bundleExtension();
        scratch = scratchWorkspace('bgptopo-editor-it-');
    });

    afterAll(() => {
        rmSync(scratch.root, { recursive: true, force: true });
    });

    it('passes the in-host suite', async () => {
        const result = await runIntegrationSuite({
            extensionDevelopmentPath: PROJECT_ROOT,
            extensionTestsPath: join(EDITOR_TEST_DIR, 'in-host', 'index.js'),
            workspaceFolder: scratch.workspace,
            timeoutMs: 240_000
        });
        console.log('in-host suite timings (ms):', result.timings);
        expectSuitePassed(result);
    }, 300_000);
});
