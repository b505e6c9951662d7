/**
 * Headless Debian Chromium driven by playwright-core (which downloads no browser of its own), with a
 * fresh profile per session. The flags keep Chromium from talking to Google and from needing a GPU,
 * a sandbox (we run as root) or QUIC.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { CHROMIUM_PATH } from './code-server-install.js';
import { processesMentioning } from './process-group.js';
import { waitUntil } from './wait-until.js';

export const CHROMIUM_ARGS = [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    // Belt and braces for "traffic only to loopback": every host name fails to resolve; the workbench is
    // addressed as 127.0.0.1, which the rule excludes.
    '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1'
];

/** Hosts a test workbench may talk to. Webview resource hosts are answered by a service worker in-page. */
function isLocalRequest(url: string): boolean {
    const parsed = new URL(url);
    if (!['http:', 'https:', 'ws:', 'wss:'].includes(parsed.protocol)) {
        return true; // data:, blob:, chrome-extension: ... never leave the browser
    }
    return (
        parsed.hostname === '127.0.0.1' ||
        parsed.hostname === 'localhost' ||
        parsed.hostname.endsWith('.vscode-resource.vscode-cdn.net')
    );
}

export interface ChromiumSession {
    context: BrowserContext;
    page: Page;
    userDataDir: string;
    /** URLs of requests to anything but loopback seen so far (they fail: see --host-resolver-rules). */
    foreignRequests(): string[];
    /** Closes the browser and verifies no process using this profile is left. */
    close(): Promise<void>;
}

/**
 * Chromium keeps crash reports in ~/.config/chromium and dconf state in ~/.cache whatever its profile: give
 * it a HOME and XDG folders beside the profile, so a test never writes the user's home.
 */
export function chromiumEnv(userDataDir: string): Record<string, string> {
    const home = `${userDataDir}-home`;
    const env: Record<string, string> = {};
    for (const [key, value] of Object.entries(process.env)) {
        if (value !== undefined) env[key] = value;
    }
    Object.assign(env, {
        HOME: home,
        XDG_CONFIG_HOME: join(home, '.config'),
        XDG_CACHE_HOME: join(home, '.cache'),
        XDG_DATA_HOME: join(home, '.local', 'share')
    });
    for (const key of ['HOME', 'XDG_CONFIG_HOME', 'XDG_CACHE_HOME', 'XDG_DATA_HOME']) mkdirSync(env[key], { recursive: true });
    return env;
}

export async function launchChromium(
    userDataDir: string,
    viewport: { width: number; height: number } = { width: 1400, height: 900 }
): Promise<ChromiumSession> {
    mkdirSync(userDataDir, { recursive: true });
    const context = await chromium.launchPersistentContext(userDataDir, {
        executablePath: CHROMIUM_PATH,
        headless: true,
        args: CHROMIUM_ARGS,
        env: chromiumEnv(userDataDir),
        viewport,
        timeout: 30_000
    });
    const foreign: string[] = [];
    context.on('request', (request) => {
        if (!isLocalRequest(request.url())) {
            foreign.push(request.url());
        }
    });
    const page = context.pages()[0] ?? (await context.newPage());
    let closed = false;
    return {
        context,
        page,
        userDataDir,
        foreignRequests: () => [...foreign],
        close: async () => {
            if (closed) {
                return;
            }
            closed = true;
            await context.close().catch(() => undefined);
            // The browser main process carries --user-data-dir=<this profile>; its helpers are reaped with it.
            await waitUntil('Chromium processes of this profile to exit', () => processesMentioning(userDataDir).length === 0, {
                timeoutMs: 10_000,
                intervalMs: 50
            });
        }
    };
}
