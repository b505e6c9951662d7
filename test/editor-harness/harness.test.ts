/**
 * Proof that the editor harness drives a REAL VS Code 1.100 (code-server 4.100.3) with Debian's Chromium:
 * in-host mocha suites with the full `vscode` API (pass, fail and hang), and a UI session on a packaged
 * .vsix. Needs .ci/install-code-server.sh to have run; skipped (with a notice) otherwise, failed under CI.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findCodeServer } from './code-server-install.js';
import { groupMembers, processesMentioning } from './process-group.js';
import { runIntegrationSuite, SuiteTimeoutError } from './run-integration-suite.js';
import { UiSession } from './ui-session.js';
import { packageExtension } from './vsix-packager.js';
import { NOTIFICATION_MESSAGE } from './workbench-selectors.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const FIXTURE_EXTENSION = join(HERE, 'fixture-extension');
const FIXTURE_WORKSPACE = join(HERE, 'fixture-workspace');
const suite = (name: string): string => join(HERE, 'fixture-suites', name, 'index.js');
/** Screenshots are kept for a human to look at; override with BGPTOPO_EDITOR_ARTIFACTS. */
const ARTIFACTS = process.env.BGPTOPO_EDITOR_ARTIFACTS ?? join(tmpdir(), 'bgptopo-editor-harness');

const installed = findCodeServer() !== undefined;
if (!installed) {
    if (process.env.CI) {
        throw new Error('code-server is not installed: run .ci/install-code-server.sh before the editor tests');
    }
    console.warn('editor harness tests skipped: run .ci/install-code-server.sh to enable them');
}

function expectNothingLeft(markers: { serverPid: number; chromiumProfile: string }): void {
    expect(groupMembers(markers.serverPid)).toEqual([]);
    expect(processesMentioning(markers.chromiumProfile)).toEqual([]);
}

function pngSize(path: string): { width: number; height: number } {
    const png = readFileSync(path);
    expect(png.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
    return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

describe.skipIf(!installed)('editor harness: in-host suites in the real extension host', () => {
    it('passes a mocha suite that uses the real vscode API against the fixture extension', async () => {
        const result = await runIntegrationSuite({
            extensionDevelopmentPath: FIXTURE_EXTENSION,
            extensionTestsPath: suite('passing'),
            workspaceFolder: FIXTURE_WORKSPACE
        });
        console.log('passing suite timings (ms):', result.timings);
        expect(result.exitCode).toBe(0);
        const log = result.log.join('\n');
        expect(log).toContain('✔ opens a .hfix file with the fixture language');
        expect(log).toContain('✔ is activated by its language and registers its command');
        expect(log).toMatch(/4 passing/);
        expect(result.foreignRequests).toEqual([]);
        expectNothingLeft(result.cleanup);
    }, 180_000);

    it('propagates an in-host failure as a non-zero exit code with the assertion in the output', async () => {
        const result = await runIntegrationSuite({
            extensionDevelopmentPath: FIXTURE_EXTENSION,
            extensionTestsPath: suite('failing'),
            workspaceFolder: FIXTURE_WORKSPACE
        });
        console.log('failing suite timings (ms):', result.timings);
        expect(result.exitCode).not.toBe(0);
        const log = result.log.join('\n');
        expect(log).toMatch(/1 passing/);
        expect(log).toMatch(/1 failing/);
        expect(log).toContain('HARNESS-EXPECTED-FAILURE');
        expectNothingLeft(result.cleanup);
    }, 180_000);

    it('stops a suite that never settles at the deadline and leaves no process behind', async () => {
        const before = processesMentioning('bgptopo-editor-suite-').map((p) => p.pid);
        const started = Date.now();
        const error = await runIntegrationSuite({
            extensionDevelopmentPath: FIXTURE_EXTENSION,
            extensionTestsPath: suite('hanging'),
            workspaceFolder: FIXTURE_WORKSPACE,
            timeoutMs: 30_000,
            onLog: () => undefined
        }).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(SuiteTimeoutError);
        expect(Date.now() - started).toBeLessThan(30_000 + 20_000);
        const leftovers = processesMentioning('bgptopo-editor-suite-').filter((p) => !before.includes(p.pid));
        expect(leftovers).toEqual([]);
    }, 180_000);
});

describe.skipIf(!installed)('editor harness: UI session on a packaged .vsix', () => {
    let scratch: string;
    let session: UiSession | undefined;

    beforeAll(() => {
        scratch = mkdtempSync(join(tmpdir(), 'bgptopo-editor-ui-test-'));
    });

    afterAll(async () => {
        await session?.close();
        rmSync(scratch, { recursive: true, force: true });
    });

    it('installs the .vsix, opens a file, runs a palette command and sees its results', async () => {
        const packaged = packageExtension(FIXTURE_EXTENSION, join(scratch, 'vsix'), 'harness-fixture.vsix');
        const workspace = join(scratch, 'workspace');
        cpSync(FIXTURE_WORKSPACE, workspace, { recursive: true });

        const opened = Date.now();
        session = await UiSession.open({ workspaceFolder: workspace, outputDir: ARTIFACTS, vsixPaths: [packaged.vsixPath] });
        const markers = session.processMarkers;

        await session.openFile('sample.hfix');
        expect(await session.editorLines()).toEqual(['first line', 'this line has an error', 'third line', '']);

        await session.runCommand('Harness Fixture: Count Lines');
        const message = await session.waitForText({
            selector: NOTIFICATION_MESSAGE,
            text: 'Harness fixture: harness-fixture document with 4 lines'
        });
        expect(message.trim()).toBe('Harness fixture: harness-fixture document with 4 lines');

        expect(await session.problemsEntries(1)).toEqual([
            { severity: 'Warning', message: 'Harness fixture: the word "error"', line: 2, column: 18, file: 'sample.hfix' }
        ]);

        await session.runCommand('Harness Fixture: Show Panel');
        expect(await session.waitForText({ selector: '#fixture-heading', inWebview: true })).toBe('Harness fixture webview');

        expect(session.foreignRequests()).toEqual([]);
        const shot = await session.screenshot('harness-fixture-workbench');
        expect(pngSize(shot)).toEqual({ width: 1400, height: 900 });
        console.log('UI session timings (ms):', {
            vsixPackage: packaged.durationMs,
            ...session.timings,
            total: Date.now() - opened,
            screenshot: shot
        });

        await session.close();
        session = undefined;
        expectNothingLeft(markers);
    }, 180_000);
});
