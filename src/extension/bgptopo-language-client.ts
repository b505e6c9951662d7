/**
 * Owns the one LanguageClient of the extension: starts the bundled server (out/language-server/main.cjs)
 * over IPC and stops it. Commands and features get the running client from here instead of a global.
 */
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node.js';

export const LANGUAGE_ID = 'bgptopo';

export class BgptopoLanguageClient implements vscode.Disposable {
    private client: LanguageClient | undefined;

    constructor(private readonly context: vscode.ExtensionContext) {}

    /** The running client; undefined before {@link start} and after {@link stop}. */
    get current(): LanguageClient | undefined {
        return this.client;
    }

    async start(): Promise<LanguageClient> {
        if (this.client) {
            return this.client;
        }
        const module = this.context.asAbsolutePath('out/language-server/main.cjs');
        const serverOptions: ServerOptions = {
            run: { module, transport: TransportKind.ipc },
            // --inspect lets a debugger attach to the server when the extension runs in debug mode.
            debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6009'] } }
        };
        const fileWatcher = vscode.workspace.createFileSystemWatcher('**/*.bgptopo');
        this.context.subscriptions.push(fileWatcher);
        const clientOptions: LanguageClientOptions = {
            documentSelector: [{ language: LANGUAGE_ID }],
            synchronize: { fileEvents: fileWatcher }
        };
        const client = new LanguageClient(LANGUAGE_ID, 'bgptopo language server', serverOptions, clientOptions);
        this.client = client;
        await client.start();
        return client;
    }

    async stop(): Promise<void> {
        const client = this.client;
        this.client = undefined;
        if (client?.isRunning()) {
            await client.stop();
        }
    }

    dispose(): void {
        void this.stop();
    }
}
