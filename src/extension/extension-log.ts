/**
 * The extension's one output channel ("bgptopo"), a LogOutputChannel so lines carry a timestamp and a
 * level. Commands write what they did and why something failed; secrets never reach it.
 */
import * as vscode from 'vscode';

export class ExtensionLog implements vscode.Disposable {
    readonly channel: vscode.LogOutputChannel;

    constructor() {
        this.channel = vscode.window.createOutputChannel('bgptopo', { log: true });
    }

    info(message: string): void {
        this.channel.info(message);
    }

    warn(message: string): void {
        this.channel.warn(message);
    }

    error(message: string): void {
        this.channel.error(message);
    }

    show(): void {
        this.channel.show(true);
    }

    dispose(): void {
        this.channel.dispose();
    }
}

/** An error's message, for people (no stack). */
export function errorMessage(error: unknown): string {
    return error instanceof Error ? error.message : String(error);
}
