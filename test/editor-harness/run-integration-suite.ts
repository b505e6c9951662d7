/**
 * Runs an in-host test suite (a CommonJS file exporting `run(): Promise<void>`, the @vscode/test-electron
 * convention, typically mocha@10) inside the real extension host of code-server, with the extension under
 * test loaded from its folder, and returns the extension host's exit code.
 *
 * How: the workbench URL carries `payload=[["extensionDevelopmentPath", …], ["extensionTestsPath", …]]`.
 * When the suite settles, the workbench stops the extension host and calls `window.codeAutomationExit(code)`
 * (0 when run() resolved, 1 when it rejected). The workbench also routes its log service, which carries
 * the extension host's console output in test mode, to `window.codeAutomationLog(level, args)`. Both are
 * exposed with Playwright before the page loads.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { format } from 'node:util';
import { launchChromium, type ChromiumSession } from './chromium-browser.js';
import { startCodeServer, type CodeServerHandle } from './code-server-process.js';
import { workbenchUrl } from './workbench-url.js';

export interface IntegrationSuiteOptions {
    /** Folder of the extension under test (its package.json is read by VS Code as-is). */
    extensionDevelopmentPath: string;
    /** The suite's entry module (exports run()). */
    extensionTestsPath: string;
    /** Folder opened as the workspace. */
    workspaceFolder: string;
    /** Bound for the whole run, server start included (default 120 s). */
    timeoutMs?: number;
    /** Receives each extension-host / workbench log line; default prints extension-host lines to stdout. */
    onLog?: (line: string, level: string) => void;
    /** Keep the scratch directory (logs, user data) for inspection. Default: removed. */
    keepScratch?: boolean;
    codeServerPrefix?: string;
    /** Open the folder untrusted (Restricted Mode); default: Workspace Trust off, every folder trusted. */
    workspaceTrust?: boolean;
}

export interface IntegrationSuiteResult {
    exitCode: number;
    /** Every log line received from the workbench, formatted, in order. */
    log: string[];
    timings: { serverStartMs: number; suiteMs: number; totalMs: number };
    /** Requests the browser tried to send anywhere but loopback (expected: none). */
    foreignRequests: string[];
    /** PIDs/markers that must be gone afterwards (for cleanup assertions). */
    cleanup: { serverPid: number; chromiumProfile: string };
}

export class SuiteTimeoutError extends Error {
    constructor(timeoutMs: number, readonly log: string[]) {
        super(`in-host suite did not finish within ${timeoutMs} ms; last lines:\n${log.slice(-30).join('\n')}`);
        this.name = 'SuiteTimeoutError';
    }
}

/**
 * Workbench chatter that is not test output. Everything is still kept in `log`; these lines are only not
 * echoed by the default printer. (In test mode the extension host's console arrives unlabelled through the
 * same log service as the workbench's own messages, so they can only be told apart by content.)
 */
const WORKBENCH_CHATTER: RegExp[] = [
    /^Resolv(ing|ed) connection token/,
    /^Creating a socket/,
    /^Updating additional builtin extensions cache/,
    /^\[Service Worker\]/,
    /^ChatSessionStore/,
    /^Started local extension host/,
    /^Extension host .* (started|exited)/,
    /^Ignoring fetching additional builtin extensions/,
    /^Creation of workbench contribution/,
    /^\[[\w.-]+\]: The snippet file .* could not be read/
];

export function isWorkbenchChatter(line: string): boolean {
    return WORKBENCH_CHATTER.some((pattern) => pattern.test(line));
}

function defaultPrinter(line: string, level: string): void {
    if (!isWorkbenchChatter(line) && (level === 'info' || level === 'warn' || level === 'error')) {
        process.stdout.write(`${line}\n`);
    }
}

export async function runIntegrationSuite(options: IntegrationSuiteOptions): Promise<IntegrationSuiteResult> {
    const timeoutMs = options.timeoutMs ?? 120_000;
    const onLog = options.onLog ?? defaultPrinter;
    const scratch = mkdtempSync(join(tmpdir(), 'bgptopo-editor-suite-'));
    const started = Date.now();
    const log: string[] = [];
    const chromiumProfile = join(scratch, 'chromium-profile');
    let server: CodeServerHandle | undefined;
    let browser: ChromiumSession | undefined;
    let timedOut = false;
    let timer: NodeJS.Timeout | undefined;
    /** Close the browser first: the workbench would otherwise reconnect-loop against a dead server. */
    const release = async (): Promise<void> => {
        await browser?.close();
        await server?.stop();
    };
    /** A resource acquired after the deadline passed is released at once (the race already returned). */
    const checkDeadline = async (): Promise<void> => {
        if (timedOut) {
            await release();
            throw new SuiteTimeoutError(timeoutMs, log);
        }
    };

    const run = async (): Promise<IntegrationSuiteResult> => {
        server = await startCodeServer({ scratchDir: join(scratch, 'server'), codeServerPrefix: options.codeServerPrefix, workspaceTrust: options.workspaceTrust });
        await checkDeadline();
        browser = await launchChromium(chromiumProfile);
        await checkDeadline();
        const page = browser.page;
        let resolveExit!: (code: number) => void;
        const exited = new Promise<number>((resolveFn) => (resolveExit = resolveFn));
        await page.exposeFunction('codeAutomationExit', (code: number) => resolveExit(Number(code)));
        await page.exposeFunction('codeAutomationLog', (level: string, args: unknown[]) => {
            const line = format(...(Array.isArray(args) ? args : [args]));
            log.push(line);
            onLog(line, level);
        });
        page.on('pageerror', (error) => {
            const line = `[page error] ${error.message}`;
            log.push(line);
            onLog(line, 'error');
        });
        const suiteStarted = Date.now();
        await page.goto(
            workbenchUrl(server, {
                folder: resolve(options.workspaceFolder),
                extensionDevelopmentPath: resolve(options.extensionDevelopmentPath),
                extensionTestsPath: resolve(options.extensionTestsPath)
            })
        );
        const exitCode = await exited;
        return {
            exitCode,
            log,
            foreignRequests: browser.foreignRequests(),
            timings: { serverStartMs: server.startMs, suiteMs: Date.now() - suiteStarted, totalMs: Date.now() - started },
            cleanup: { serverPid: server.pid, chromiumProfile }
        };
    };

    const deadline = new Promise<never>((_, reject) => {
        timer = setTimeout(() => {
            timedOut = true;
            reject(new SuiteTimeoutError(timeoutMs, log));
        }, timeoutMs);
    });
    const running = run();
    running.catch(() => undefined); // a late failure after the deadline is already reported by the race
    try {
        return await Promise.race([running, deadline]);
    } finally {
        clearTimeout(timer);
        await release();
        if (!options.keepScratch) {
            rmSync(scratch, { recursive: true, force: true });
        }
    }
}
