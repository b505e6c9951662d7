/** The workflows' progress port in the editor: each stage a cancellable notification, lines to the log. */
import * as vscode from 'vscode';
import type { WorkflowProgress } from '../../deploy/workflow-ports.js';
import type { ExtensionLog } from '../extension-log.js';
import { raceCancellation } from './cancellation.js';

export function editorProgress(log: ExtensionLog, what: string): WorkflowProgress {
    return {
        stage: (title, work) =>
            Promise.resolve(
                vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `bgptopo: ${title}`, cancellable: true }, (progress, token) =>
                    work({
                        message: (text) => progress.report({ message: text }),
                        cancelled: () => token.isCancellationRequested,
                        race: (promise) => raceCancellation(promise, token, what)
                    })
                )
            ),
        info: (line) => log.info(line),
        warn: (line) => log.warn(line)
    };
}
