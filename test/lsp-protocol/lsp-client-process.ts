/**
 * A real LSP client for the tests: starts the bundled server (`node out/language-server/main.cjs --stdio`)
 * as a child process in its own process group and speaks JSON-RPC to it over stdio with
 * vscode-languageserver-protocol. It answers the requests a server sends to an editor (configuration,
 * capability registration, progress), collects published diagnostics and waits on them with a bound.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import {
    createProtocolConnection,
    ExitNotification,
    InitializedNotification,
    InitializeRequest,
    PublishDiagnosticsNotification,
    ShutdownRequest,
    StreamMessageReader,
    StreamMessageWriter,
    type InitializeResult,
    type ProtocolConnection,
    type PublishDiagnosticsParams
} from 'vscode-languageserver-protocol/node.js';
import { within } from '../cli/wait-for.js';

export interface LspServerProcess {
    readonly connection: ProtocolConnection;
    readonly child: ChildProcessWithoutNullStreams;
    readonly initializeResult: InitializeResult;
    /** Everything the server published, oldest first. */
    readonly published: PublishDiagnosticsParams[];
    /** Resolves with the first publication for `uri` after the `after`-th one that satisfies `accept`. */
    nextDiagnostics(uri: string, options: { after: number; timeoutMs: number; accept?: (p: PublishDiagnosticsParams) => boolean }): Promise<PublishDiagnosticsParams>;
    /** Text the server wrote to stderr, for failure messages. */
    stderr(): string;
    /** LSP shutdown + exit; resolves with the exit code once the process has ended. */
    shutdown(timeoutMs: number): Promise<number | null>;
    /** Last resort in `afterAll`: kill the process group if it is still there. */
    kill(): void;
}

export async function startLspServer(serverModule: string, workspaceFolder: string, timeoutMs: number): Promise<LspServerProcess> {
    const child = spawn(process.execPath, [serverModule, '--stdio'], { stdio: 'pipe', detached: true });
    let stderrText = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => (stderrText += chunk));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

    const connection = createProtocolConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
    const published: PublishDiagnosticsParams[] = [];
    const waiters = new Set<() => void>();
    connection.onNotification(PublishDiagnosticsNotification.type, (params) => {
        published.push(params);
        waiters.forEach((wake) => wake());
    });
    // What an editor answers: no settings, registrations and progress tokens accepted.
    connection.onRequest('workspace/configuration', (params: { items: unknown[] }) => params.items.map(() => null));
    connection.onRequest('client/registerCapability', () => null);
    connection.onRequest('client/unregisterCapability', () => null);
    connection.onRequest('window/workDoneProgress/create', () => null);
    connection.onNotification('window/logMessage', () => undefined);
    connection.listen();

    const workspaceUri = new URL(`file://${workspaceFolder}/`).href.replace(/\/$/, '');
    const initializeResult = await within(
        connection.sendRequest(InitializeRequest.type, {
            processId: process.pid,
            rootUri: workspaceUri,
            workspaceFolders: [{ uri: workspaceUri, name: 'lsp-protocol-test' }],
            capabilities: {
                workspace: { configuration: true, didChangeConfiguration: { dynamicRegistration: true }, workspaceFolders: true },
                textDocument: {
                    synchronization: { dynamicRegistration: false, didSave: true },
                    publishDiagnostics: { relatedInformation: true, versionSupport: true },
                    completion: { completionItem: { snippetSupport: true, documentationFormat: ['markdown', 'plaintext'] } },
                    hover: { contentFormat: ['markdown', 'plaintext'] }
                }
            }
        }),
        timeoutMs,
        'the initialize response'
    );
    await connection.sendNotification(InitializedNotification.type, {});

    return {
        connection,
        child,
        initializeResult,
        published,
        stderr: () => stderrText,
        nextDiagnostics(uri, { after, timeoutMs: waitMs, accept = () => true }) {
            const find = () => published.slice(after).find((p) => p.uri === uri && accept(p));
            return within(
                new Promise<PublishDiagnosticsParams>((resolve) => {
                    const check = () => {
                        const found = find();
                        if (found) {
                            waiters.delete(check);
                            resolve(found);
                        }
                    };
                    waiters.add(check);
                    check();
                }),
                waitMs,
                `diagnostics for ${uri}`
            );
        },
        async shutdown(waitMs) {
            await within(connection.sendRequest(ShutdownRequest.type), waitMs, 'the shutdown response');
            await connection.sendNotification(ExitNotification.type);
            const code = await within(exited, waitMs, 'the server process to exit');
            connection.dispose();
            return code;
        },
        kill() {
            if (child.exitCode === null && child.signalCode === null && child.pid !== undefined) {
                try {
                    process.kill(-child.pid, 'SIGKILL');
                } catch {
                    // Already gone.
                }
            }
        }
    };
}
