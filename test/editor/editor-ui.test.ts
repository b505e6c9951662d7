/**
 * The packaged extension (.vsix from `vsce package --no-dependencies`) installed in code-server and used
 * the way a person does, through headless Chromium: the flawed seed example shows its squiggles and
 * Problems entries, "bgptopo: Preview Rendered Config" from the palette shows FRR config text, and
 * "bgptopo: Show Topology Diagram" draws the diagram in its webview. Screenshots of the three steps go to
 * test-output/screenshots/ and are copied to docs/screenshots/ for the README.
 */
import { copyFileSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findCodeServer } from '../editor-harness/code-server-install.js';
import { UiSession } from '../editor-harness/ui-session.js';
import { waitUntil } from '../editor-harness/wait-until.js';
import { packageExtension } from '../editor-harness/vsix-packager.js';
import { SQUIGGLE } from '../editor-harness/workbench-selectors.js';
import { bundleExtension, PROJECT_ROOT, scratchWorkspace } from './editor-build.js';

const SCREENSHOTS = join(PROJECT_ROOT, 'test-output', 'screenshots');
const DOC_SCREENSHOTS = join(PROJECT_ROOT, 'docs', 'screenshots');

const installed = findCodeServer() !== undefined;
if (!installed) {
    if (process.env.CI) {
        throw new Error('code-server is not installed: run .ci/install-code-server.sh before the editor tests');
    }
    console.warn('editor UI test skipped: run .ci/install-code-server.sh to enable it');
}

function pngSize(path: string): { width: number; height: number } {
    const png = readFileSync(path);
    expect(png.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
    return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

describe.skipIf(!installed)('bgptopo .vsix in code-server, driven like a user', () => {
    let scratch: { root: string; workspace: string };
    let session: UiSession | undefined;

    beforeAll(async () => {
        await bundleExtension();
        scratch = scratchWorkspace('bgptopo-editor-ui-');
    });

    afterAll(async () => {
        await session?.close();
        rmSync(scratch.root, { recursive: true, force: true });
    });

    it('shows diagnostics, a rendered FRR preview and the topology diagram', async () => {
        const packaged = packageExtension(PROJECT_ROOT, join(scratch.root, 'vsix'), 'bgptopo.vsix');
        session = await UiSession.open({
            workspaceFolder: scratch.workspace,
            outputDir: SCREENSHOTS,
            vsixPaths: [packaged.vsixPath],
            viewport: { width: 1600, height: 1000 }
        });
        const page = session.page;
        const ui = session;

        // 1. The flawed seed example: squiggles in the editor, its findings in Problems.
        await session.openFile('seed-kubevip-cilium.bgptopo');
        // The language server validates every topology of the workspace; keep this file's entries. The
        // Problems list fills in as files are validated and its rows are virtualised: read it until this
        // file's two errors are listed (bounded), then check what they say.
        const problems = await waitUntil(
            'the Problems entries of seed-kubevip-cilium.bgptopo',
            async () => {
                const found = (await ui.problemsEntries(3, 10_000)).filter((problem) => problem.file === 'seed-kubevip-cilium.bgptopo');
                return found.filter((problem) => problem.severity === 'Error').length === 2 && found.length >= 3 ? found : undefined;
            },
            { timeoutMs: 60_000, intervalMs: 250 }
        );
        const messages = problems.map((problem) => problem.message).join('\n');
        expect(messages).toMatch(/kube-vip \(AS 65001\) and cilium-bgp .* both reach router tor/);
        expect(messages).toMatch(/Cluster prod has 2 control-plane nodes/);
        expect(problems.filter((problem) => problem.severity === 'Error').map((problem) => problem.line)).toEqual([30, 35]);
        // The errors are on lines 30 and 35: focus the editor and bring them into view (a fresh editor
        // opens at line 1), then see their squiggles.
        await page.locator('.editor-group-container.active .view-lines').first().click();
        await session.goToLine(36);
        await page.locator(`${SQUIGGLE}[class*="squiggly-error"]`).first().waitFor({ timeout: 30_000 });
        // Keep the pointer off anything with a tooltip.
        await page.mouse.move(5, 995);
        const diagnosticsShot = await session.screenshot('diagnostics');

        // 2. Preview from the palette, with the cursor in router tor1 of the fixed example.
        await session.runCommand('View: Hide Panel'); // close Problems again
        await session.openFile('seed-kubevip-cilium-fixed.bgptopo');
        await page.keyboard.press('Control+B'); // hide the side bar: room for editor and preview
        await page.keyboard.press('Control+G');
        await page.keyboard.type('12');
        await page.keyboard.press('Enter');
        await session.runCommand('bgptopo: Preview Rendered Config');
        await session.waitForText({ selector: '.tabs-container .tab.active', text: 'frr.conf' }, 30_000);
        await session.waitForText({ selector: '.editor-group-container.active .view-line', text: 'router bgp 65000' }, 30_000);
        const lines = await session.editorLines();
        expect(lines[0]).toMatch(/^! rendered by bgptopo from router tor1/);
        expect(lines).toContain('router bgp 65000');
        await page.mouse.move(5, 995);
        const previewShot = await session.screenshot('preview');

        // 3. The diagram, opened from the palette next to the topology editor.
        await page.keyboard.press('Control+1');
        await session.runCommand('bgptopo: Show Topology Diagram');
        const label = await session.waitForText({ selector: 'svg .router text', text: 'tor1', inWebview: true }, 30_000);
        expect(label).toBe('tor1');
        await session.waitForText({ selector: 'svg .cluster text', inWebview: true });
        await page.mouse.move(5, 995);
        const diagramShot = await session.screenshot('diagram');

        expect(session.foreignRequests()).toEqual([]);
        for (const shot of [diagnosticsShot, previewShot, diagramShot]) {
            expect(pngSize(shot)).toEqual({ width: 1600, height: 1000 });
        }
        mkdirSync(DOC_SCREENSHOTS, { recursive: true });
        for (const [shot, name] of [
            [diagnosticsShot, 'diagnostics.png'],
            [previewShot, 'preview.png'],
            [diagramShot, 'diagram.png']
        ] as const) {
            copyFileSync(shot, join(DOC_SCREENSHOTS, name));
        }
        console.log('UI session timings (ms):', { vsixPackage: packaged.durationMs, ...session.timings });
        await session.close();
        session = undefined;
    }, 240_000);
});
