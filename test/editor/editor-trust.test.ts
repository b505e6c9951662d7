/**
 * Workspace Trust in the real editor (code-server 4.100.3): the in-host suite test/editor/in-host-trust runs
 * once in a trusted folder and once in Restricted Mode (Workspace Trust on, the folder not trusted).
 */
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { findCodeServer } from '../editor-harness/code-server-install.js';
import { runIntegrationSuite } from '../editor-harness/run-integration-suite.js';
import { bundleExtension, EDITOR_TEST_DIR, PROJECT_ROOT } from './editor-build.js';
import { expectSuitePassed } from './editor-suite-result.js';

const installed = findCodeServer() !== undefined;
if (!installed && process.env.CI) {
    throw new Error('code-server is not installed: run .ci/install-code-server.sh before the editor tests');
}

describe.skipIf(!installed)('Workspace Trust in the real editor', () => {
    let root: string;

    beforeAll(async () => {
        await bundleExtension();
        root = mkdtempSync(join(tmpdir(), 'bgptopo-editor-trust-'));
    });

    afterAll(() => {
        rmSync(root, { recursive: true, force: true });
    });

    for (const mode of ['trusted', 'restricted'] as const) {
        it(`passes the trust suite ${mode === 'trusted' ? 'in a trusted folder' : 'in Restricted Mode'}`, async () => {
            const workspace = join(root, mode);
            cpSync(join(EDITOR_TEST_DIR, 'workspace-trust'), workspace, { recursive: true });
            writeFileSync(join(workspace, 'expected-trust'), `${mode}\n`);
            const result = await runIntegrationSuite({
                extensionDevelopmentPath: PROJECT_ROOT,
                extensionTestsPath: join(EDITOR_TEST_DIR, 'in-host-trust', 'index.js'),
                workspaceFolder: workspace,
                workspaceTrust: mode === 'restricted',
                timeoutMs: 180_000
            });
            expectSuitePassed(result);
        }, 240_000);
    }
});
