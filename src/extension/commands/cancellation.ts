/** Stop waiting for work when the user cancels its progress notification. */
import type * as vscode from 'vscode';
import { UserFacingError } from '../topology-target.js';

export function raceCancellation<T>(work: Promise<T>, token: vscode.CancellationToken, what: string): Promise<T> {
    if (token.isCancellationRequested) {
        return Promise.reject(new UserFacingError(`bgptopo: ${what} cancelled.`));
    }
    return new Promise<T>((resolve, reject) => {
        const listener = token.onCancellationRequested(() => {
            listener.dispose();
            reject(new UserFacingError(`bgptopo: ${what} cancelled.`));
        });
        work.then(
            (value) => {
                listener.dispose();
                resolve(value);
            },
            (error: unknown) => {
                listener.dispose();
                reject(error);
            }
        );
    });
}
