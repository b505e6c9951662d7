/**
 * Starts one code-server (a real VS Code 1.100 server: workbench + Node extension host) for a test, with
 * every piece of state in a scratch directory, in its own session/process group so that stop() can kill
 * the extension host, file watcher and pty host with it.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { requireCodeServer } from './code-server-install.js';
import { groupMembers, killProcessGroup } from './process-group.js';
import { waitUntil } from './wait-until.js';

export interface CodeServerOptions {
    /** Everything the server writes goes below this directory (created if missing). */
    scratchDir: string;
    /** .vsix files (or extension ids available offline) installed with --install-extension before start. */
    installExtensions?: string[];
    /** npm prefix of the install; default: see findCodeServer(). */
    codeServerPrefix?: string;
    /** Bound for the /healthz poll. */
    startTimeoutMs?: number;
    /** User settings merged over QUIET_SETTINGS into <user-data-dir>/User/settings.json. */
    settings?: Record<string, unknown>;
    /** Receives the server's stdout/stderr lines (default: kept in memory only). */
    onOutput?: (line: string) => void;
    /**
     * Workspace Trust on (default off: every folder trusted): the opened folder is then untrusted, the
     * workbench in Restricted Mode, without a prompt or banner.
     */
    workspaceTrust?: boolean;
}

/** User settings that switch Workspace Trust on without asking: the folder stays untrusted. */
const RESTRICTED_MODE_SETTINGS: Record<string, unknown> = {
    'security.workspace.trust.enabled': true,
    'security.workspace.trust.startupPrompt': 'never',
    'security.workspace.trust.banner': 'never',
    'security.workspace.trust.untrustedFiles': 'open'
};

export interface CodeServerHandle {
    readonly port: number;
    /** `127.0.0.1:PORT`, the remote authority the workbench uses in vscode-remote:// URIs. */
    readonly authority: string;
    readonly baseUrl: string;
    /** Leader of the process group (= session id). */
    readonly pid: number;
    readonly userDataDir: string;
    readonly extensionsDir: string;
    /** Milliseconds from spawn to the first healthy /healthz answer. */
    readonly startMs: number;
    output(): string[];
    /** Kills the whole process group and verifies that nothing of it is left. Idempotent. */
    stop(): Promise<void>;
}

/**
 * Settings that keep a test workbench quiet and deterministic: no welcome page, no update or
 * marketplace traffic, no telemetry, no trust prompt.
 */
export const QUIET_SETTINGS: Record<string, unknown> = {
    'workbench.startupEditor': 'none',
    'workbench.tips.enabled': false,
    'workbench.enableExperiments': false,
    'telemetry.telemetryLevel': 'off',
    'update.mode': 'none',
    'extensions.autoCheckUpdates': false,
    'extensions.autoUpdate': false,
    'extensions.ignoreRecommendations': true,
    'security.workspace.trust.enabled': false,
    'git.enabled': false,
    'chat.disableAIFeatures': true
};

/** Asks the kernel for a free loopback port. */
export async function freePort(): Promise<number> {
    return new Promise((resolve, reject) => {
        const server = createServer();
        server.unref();
        server.on('error', reject);
        server.listen(0, '127.0.0.1', () => {
            const address = server.address();
            server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
        });
    });
}

export interface ScratchLayout {
    env: NodeJS.ProcessEnv;
    userDataDir: string;
    extensionsDir: string;
}

/**
 * Every place code-server (and what it starts) could keep state, inside the scratch directory: HOME and
 * the XDG folders too, so a first run never writes ~/.config/code-server/config.yaml on the user's machine
 * and a run never depends on one being there.
 */
export function prepareScratch(scratchDir: string, settings: Record<string, unknown> = {}): ScratchLayout {
    const dirs = {
        home: join(scratchDir, 'home'),
        config: join(scratchDir, 'xdg-config'),
        data: join(scratchDir, 'xdg-data'),
        cache: join(scratchDir, 'xdg-cache'),
        tmp: join(scratchDir, 'tmp'),
        userData: join(scratchDir, 'user-data'),
        extensions: join(scratchDir, 'extensions')
    };
    for (const dir of Object.values(dirs)) {
        mkdirSync(dir, { recursive: true });
    }
    mkdirSync(join(dirs.userData, 'User'), { recursive: true });
    writeFileSync(join(dirs.userData, 'User', 'settings.json'), JSON.stringify({ ...QUIET_SETTINGS, ...settings }, null, 4));
    const env: NodeJS.ProcessEnv = { ...process.env };
    // Variables of an outer VS Code / test runner would leak into the extension host.
    for (const key of Object.keys(env)) {
        if (key.startsWith('VSCODE_') || key.startsWith('ELECTRON_') || key === 'NODE_OPTIONS') {
            delete env[key];
        }
    }
    Object.assign(env, {
        HOME: dirs.home,
        XDG_CONFIG_HOME: dirs.config,
        XDG_DATA_HOME: dirs.data,
        XDG_CACHE_HOME: dirs.cache,
        TMPDIR: dirs.tmp,
        // An empty gallery (no serviceUrl) switches the marketplace off: no queries to open-vsx.org.
        EXTENSIONS_GALLERY: '{}'
    });
    // --auth none: credentials of the calling shell must not reach the server or its extension host.
    for (const key of ['PASSWORD', 'HASHED_PASSWORD', 'GITHUB_TOKEN']) {
        delete env[key];
    }
    return { env, userDataDir: dirs.userData, extensionsDir: dirs.extensions };
}

function commonArgs(layout: ScratchLayout): string[] {
    return ['--user-data-dir', layout.userDataDir, '--extensions-dir', layout.extensionsDir];
}

/** Installs extensions with code-server's CLI (a short-lived process, ~0.4 s per .vsix). */
function installExtensions(entry: string, layout: ScratchLayout, extensions: string[]): void {
    for (const extension of extensions) {
        const result = spawnSync(
            process.execPath,
            [entry, ...commonArgs(layout), '--force', '--install-extension', extension],
            { env: layout.env, encoding: 'utf8', timeout: 60_000 }
        );
        if (result.status !== 0) {
            throw new Error(
                `code-server --install-extension ${extension} failed (${result.status ?? result.signal}): ` +
                    `${result.stderr || result.stdout}`
            );
        }
    }
}

export async function startCodeServer(options: CodeServerOptions): Promise<CodeServerHandle> {
    const install = requireCodeServer(options.codeServerPrefix);
    const layout = prepareScratch(options.scratchDir, { ...options.settings, ...(options.workspaceTrust ? RESTRICTED_MODE_SETTINGS : {}) });
    installExtensions(install.entry, layout, options.installExtensions ?? []);

    const port = await freePort();
    const args = [
        install.entry,
        ...commonArgs(layout),
        '--bind-addr', `127.0.0.1:${port}`,
        '--auth', 'none',
        ...(options.workspaceTrust ? [] : ['--disable-workspace-trust']),
        '--disable-telemetry',
        '--disable-update-check',
        '--disable-getting-started-override',
        '--ignore-last-opened'
    ];
    const started = Date.now();
    // detached => setsid(): the server becomes leader of a new session and process group.
    const child: ChildProcess = spawn(process.execPath, args, {
        env: layout.env,
        cwd: options.scratchDir,
        detached: true,
        stdio: ['ignore', 'pipe', 'pipe']
    });
    const pid = child.pid;
    if (pid === undefined) {
        throw new Error('code-server did not start');
    }
    const lines: string[] = [];
    const collect = (chunk: Buffer): void => {
        for (const line of chunk.toString('utf8').split('\n')) {
            if (line.trim() !== '') {
                lines.push(line);
                options.onOutput?.(line);
            }
        }
    };
    child.stdout?.on('data', collect);
    child.stderr?.on('data', collect);
    let exit: string | undefined;
    child.on('exit', (code, signal) => {
        exit = `exited with ${code ?? signal}`;
    });

    let stopped = false;
    const stop = async (): Promise<void> => {
        if (stopped) {
            return;
        }
        stopped = true;
        await killProcessGroup(pid);
        child.stdout?.destroy();
        child.stderr?.destroy();
    };

    const baseUrl = `http://127.0.0.1:${port}`;
    try {
        await waitUntil(
            `code-server /healthz on ${baseUrl}`,
            async () => (await fetch(`${baseUrl}/healthz`, { signal: AbortSignal.timeout(1000) })).ok,
            {
                timeoutMs: options.startTimeoutMs ?? 30_000,
                intervalMs: 100,
                abortIf: () => {
                    if (exit) {
                        throw new Error(`code-server ${exit} before it became healthy:\n${lines.join('\n')}`);
                    }
                }
            }
        );
    } catch (error) {
        await stop();
        throw error;
    }
    const startMs = Date.now() - started;

    return {
        port,
        authority: `127.0.0.1:${port}`,
        baseUrl,
        pid,
        userDataDir: layout.userDataDir,
        extensionsDir: layout.extensionsDir,
        startMs,
        output: () => [...lines],
        stop
    };
}

/** True while any process of the server's group is alive (for tests that assert cleanup). */
export function isCodeServerRunning(handle: Pick<CodeServerHandle, 'pid'>): boolean {
    return groupMembers(handle.pid).length > 0;
}
