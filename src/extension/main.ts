/** VS Code entry point (bundled to out/extension/main.cjs): start the language client, then the features. */
import type * as vscode from 'vscode';
import { BgptopoLanguageClient } from './bgptopo-language-client.js';
import { createFeatures, type BgptopoExtensionApi } from './bgptopo-features.js';
import { ExtensionLog } from './extension-log.js';

let languageClient: BgptopoLanguageClient | undefined;

export function activate(context: vscode.ExtensionContext): BgptopoExtensionApi {
    const started = performance.now();
    const log = new ExtensionLog();
    context.subscriptions.push(log);
    const client = new BgptopoLanguageClient(context);
    languageClient = client;
    // The server starts in the background: activation does not wait for a separate process to come up.
    const running = client.start();
    const features = createFeatures(context, log, () => running);
    const clientReadyMs = running.then(
        () => {
            const ms = performance.now() - started;
            log.info(`language client ready ${ms.toFixed(1)} ms after activation started`);
            return ms;
        },
        (error: unknown) => {
            log.error(`the language server did not start: ${error instanceof Error ? error.message : String(error)}`);
            return Number.NaN;
        }
    );
    const activationMs = performance.now() - started;
    log.info(`activated in ${activationMs.toFixed(1)} ms`);
    // Returned as the extension's API, so tests and benchmarks can reach the client and the features.
    return { client: languageClient, features, activationMs, clientReadyMs };
}

export async function deactivate(): Promise<void> {
    await languageClient?.stop();
    languageClient = undefined;
}
