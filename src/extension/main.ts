/** VS Code entry point (bundled to out/extension/main.cjs): activation only starts the language client. */
import type * as vscode from 'vscode';
import { BgptopoLanguageClient } from './bgptopo-language-client.js';

let languageClient: BgptopoLanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<BgptopoLanguageClient> {
    languageClient = new BgptopoLanguageClient(context);
    await languageClient.start();
    // Returned as the extension's API, so commands and tests can reach the running client.
    return languageClient;
}

export async function deactivate(): Promise<void> {
    await languageClient?.stop();
    languageClient = undefined;
}
