/**
 * Drives the built language server (`out/language-server/main.cjs --stdio`) as a separate process over
 * LSP, the way an editor does, and times what a user waits for: diagnostics after an edit, completion.
 * When the bundle is missing it is built into a temporary folder with esbuild (same entry and format as
 * esbuild.mjs) and removed afterwards.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { build } from 'esbuild';
import {
    CompletionRequest,
    createProtocolConnection,
    DidChangeTextDocumentNotification,
    DidOpenTextDocumentNotification,
    ExitNotification,
    InitializedNotification,
    InitializeRequest,
    PublishDiagnosticsNotification,
    ShutdownRequest,
    StreamMessageReader,
    StreamMessageWriter,
    type CompletionItem,
    type CompletionList,
    type Diagnostic,
    type Position,
    type ProtocolConnection,
    type RequestType
} from 'vscode-languageserver-protocol/node.js';
import { within } from '../test/cli/wait-for.js';
import { editPosition } from './topology-generator.js';

const DIAGNOSTICS_TIMEOUT_MS = 60_000;
/** USER_HZ on Linux. */
const CLOCK_TICKS_PER_SECOND = 100;

export interface ServerBundle {
    readonly path: string;
    readonly description: string;
    dispose(): void;
}

/**
 * The server bundle: BENCH_SERVER=<path> when set (e.g. another build, to compare two in alternating runs), else the
 * project's, or a throwaway one when `out/` has none yet.
 */
export async function locateServer(projectRoot: string): Promise<ServerBundle> {
    const chosen = process.env.BENCH_SERVER;
    if (chosen) {
        if (!existsSync(chosen)) {
            throw new Error(`BENCH_SERVER=${chosen} does not exist`);
        }
        return { path: chosen, description: `${chosen} (BENCH_SERVER, built ${statSync(chosen).mtime.toISOString()})`, dispose: () => undefined };
    }
    const built = join(projectRoot, 'out', 'language-server', 'main.cjs');
    if (existsSync(built)) {
        return { path: built, description: `${built} (built ${statSync(built).mtime.toISOString()})`, dispose: () => undefined };
    }
    const folder = mkdtempSync(join(tmpdir(), 'bgptopo-bench-server-'));
    const path = join(folder, 'main.cjs');
    await build({
        entryPoints: [join(projectRoot, 'src', 'language-server', 'main.ts')],
        outfile: path,
        bundle: true,
        platform: 'node',
        target: 'node20',
        format: 'cjs',
        mainFields: ['module', 'main'],
        logLevel: 'warning'
    });
    return { path, description: `${path} (throwaway bundle: out/language-server/main.cjs was missing)`, dispose: () => rmSync(folder, { recursive: true, force: true }) };
}

export class LspSession {
    private readonly waiters = new Map<string, Array<(diagnostics: Diagnostic[]) => void>>();

    private constructor(
        private readonly child: ChildProcess,
        private readonly connection: ProtocolConnection
    ) {
        connection.onNotification(PublishDiagnosticsNotification.type, (params) => {
            const waiting = this.waiters.get(params.uri);
            if (waiting && waiting.length > 0) {
                waiting.shift()!(params.diagnostics);
            }
        });
    }

    /** Start the server; `nodeArgs` go to Node before the script (e.g. `--cpu-prof`). */
    static async start(serverPath: string, rootUri: string, nodeArgs: string[] = []): Promise<LspSession> {
        const child = spawn(process.execPath, [...nodeArgs, serverPath, '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
        const connection = createProtocolConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
        connection.listen();
        const session = new LspSession(child, connection);
        await connection.sendRequest(InitializeRequest.type, {
            processId: process.pid,
            rootUri,
            workspaceFolders: null,
            capabilities: {
                textDocument: {
                    synchronization: { dynamicRegistration: false, didSave: false },
                    publishDiagnostics: { relatedInformation: true },
                    completion: { completionItem: { snippetSupport: true } }
                },
                workspace: { configuration: false, workspaceFolders: false }
            }
        });
        await connection.sendNotification(InitializedNotification.type, {});
        return session;
    }

    get pid(): number | undefined {
        return this.child.pid;
    }

    /** CPU time the server process has used so far (user + system, from /proc; 10 ms resolution), in ms. */
    cpuMs(): number | undefined {
        try {
            const fields = readFileSync(`/proc/${this.child.pid}/stat`, 'utf8').split(') ')[1].split(' ');
            // After "pid (comm) ", field 14 (utime) and 15 (stime) are at indexes 11 and 12.
            return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS_PER_SECOND;
        } catch {
            return undefined;
        }
    }

    /** Resident memory high-water mark of the server process (Linux /proc), in bytes. */
    peakRss(): number | undefined {
        try {
            const status = readFileSync(`/proc/${this.child.pid}/status`, 'utf8');
            const match = /VmHWM:\s+(\d+) kB/.exec(status);
            return match ? Number(match[1]) * 1024 : undefined;
        } catch {
            return undefined;
        }
    }

    /** Open a document and return the milliseconds until its first diagnostics, and those diagnostics. */
    async open(uri: string, text: string): Promise<{ ms: number; diagnostics: Diagnostic[] }> {
        const next = this.nextDiagnostics(uri);
        const start = performance.now();
        await this.connection.sendNotification(DidOpenTextDocumentNotification.type, {
            textDocument: { uri, languageId: 'bgptopo', version: 1, text }
        });
        const diagnostics = await next;
        return { ms: performance.now() - start, diagnostics };
    }

    /** Replace one character and return the milliseconds until the new diagnostics arrive. */
    async replaceCharacter(uri: string, version: number, position: Position, text: string): Promise<{ ms: number; diagnostics: Diagnostic[] }> {
        const next = this.nextDiagnostics(uri);
        const start = performance.now();
        await this.connection.sendNotification(DidChangeTextDocumentNotification.type, {
            textDocument: { uri, version },
            contentChanges: [{ range: { start: position, end: { line: position.line, character: position.character + 1 } }, text }]
        });
        const diagnostics = await next;
        return { ms: performance.now() - start, diagnostics };
    }

    /** Any request of the server's protocol (e.g. bgptopo's own, src/protocol/bgptopo-protocol.ts). */
    request<P, R>(type: RequestType<P, R, void>, params: P): Promise<R> {
        return this.connection.sendRequest(type, params);
    }

    async completion(uri: string, position: Position): Promise<{ ms: number; labels: string[] }> {
        const start = performance.now();
        const result = await this.connection.sendRequest(CompletionRequest.type, { textDocument: { uri }, position });
        const ms = performance.now() - start;
        const items: CompletionItem[] = Array.isArray(result) ? result : ((result as CompletionList | null)?.items ?? []);
        return { ms, labels: items.map((item) => item.label) };
    }

    async stop(): Promise<void> {
        const exited = new Promise<void>((resolve) => {
            if (this.child.exitCode !== null) {
                resolve();
            } else {
                this.child.once('exit', () => resolve());
            }
        });
        try {
            await within(this.connection.sendRequest(ShutdownRequest.type), 5_000, 'shutdown');
            await this.connection.sendNotification(ExitNotification.type);
            await within(exited, 5_000, 'exit');
        } catch {
            this.child.kill('SIGKILL');
            await exited;
        } finally {
            this.connection.dispose();
        }
    }

    private nextDiagnostics(uri: string): Promise<Diagnostic[]> {
        const promise = new Promise<Diagnostic[]>((resolve) => {
            const list = this.waiters.get(uri) ?? [];
            list.push(resolve);
            this.waiters.set(uri, list);
        });
        return within(promise, DIAGNOSTICS_TIMEOUT_MS, `diagnostics for ${uri}`);
    }
}

/** The folder of bgptopo's package.json above `start` (the bench runs from bench/ or bundled from out/bench/). */
export function projectRoot(start: string): string {
    for (let folder = start; ; folder = dirname(folder)) {
        const manifest = join(folder, 'package.json');
        if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'bgptopo') {
            return folder;
        }
        if (dirname(folder) === folder) {
            throw new Error(`no bgptopo package.json above ${start}`);
        }
    }
}

/**
 * Node options for the server process: BENCH_SERVER_CPU_PROF=<dir> writes a CPU profile there (on exit);
 * BENCH_SERVER_NODE_ARGS adds options of its own (blank-separated, e.g. V8 flags to try).
 */
export function serverNodeArgs(): string[] {
    const profileDir = process.env.BENCH_SERVER_CPU_PROF;
    const extra = (process.env.BENCH_SERVER_NODE_ARGS ?? '').split(/\s+/).filter((arg) => arg.length > 0);
    return [...extra, ...(profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [])];
}

/**
 * Opens `text` (it must get no diagnostics), then makes `rounds` timed one-character edits at the document's
 * `hold 90s` (see {@link editPosition}) after two warm-ups, alternating 80s / 90s so that the file stays valid:
 * the time to new diagnostics, and the server's CPU time, of each.
 */
export async function timeEdits(session: LspSession, uri: string, text: string, rounds: number): Promise<{ openMs: number; edits: number[]; editCpu: number[] }> {
    const [timed] = await timeEditsInTurn(session, [{ uri, text }], rounds);
    return timed;
}

/**
 * {@link timeEdits} for several documents open in one server, their edits taking turns (each round edits each
 * document once), so that all of them see the same load.
 */
export async function timeEditsInTurn(
    session: LspSession,
    documents: ReadonlyArray<{ readonly uri: string; readonly text: string }>,
    rounds: number
): Promise<Array<{ openMs: number; edits: number[]; editCpu: number[] }>> {
    const timed = [];
    for (const { uri, text } of documents) {
        const opened = await session.open(uri, text);
        if (opened.diagnostics.length !== 0) {
            throw new Error(`the server reported ${opened.diagnostics.length} diagnostics on the clean generated file ${uri}: ${opened.diagnostics[0].message}`);
        }
        timed.push({ uri, edit: editPosition(text), openMs: opened.ms, edits: [] as number[], editCpu: [] as number[] });
    }
    for (let round = 0; round < rounds + 2; round++) {
        for (const document of timed) {
            const cpuBefore = session.cpuMs();
            const result = await session.replaceCharacter(document.uri, round + 2, document.edit, document.edit.replacements[round % 2]);
            const cpuAfter = session.cpuMs();
            if (result.diagnostics.length !== 0) {
                throw new Error(`edit ${round} of ${document.uri} produced diagnostics: ${result.diagnostics[0].message}`);
            }
            if (round >= 2) {
                document.edits.push(result.ms);
                if (cpuBefore !== undefined && cpuAfter !== undefined) {
                    document.editCpu.push(cpuAfter - cpuBefore);
                }
            }
        }
    }
    return timed.map(({ openMs, edits, editCpu }) => ({ openMs, edits, editCpu }));
}
