/**
 * Read-only `bgptopo-deploy:` documents holding the current and the new text of files a deploy would
 * change, so VS Code's own diff editor shows the plan. Contents live only for the deploy that made them.
 */
import * as vscode from 'vscode';

export const DEPLOY_DIFF_SCHEME = 'bgptopo-deploy';

export class DeployDiffDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
    private readonly contents = new Map<string, string>();
    private readonly registration: vscode.Disposable;
    private generation = 0;

    constructor() {
        this.registration = vscode.workspace.registerTextDocumentContentProvider(DEPLOY_DIFF_SCHEME, this);
    }

    /** Forget the previous deploy's documents and start a new set. */
    begin(): void {
        this.contents.clear();
        this.generation++;
    }

    /** Register the two sides of one file and return their URIs. */
    add(host: string, path: string, current: string | undefined, next: string): { before: vscode.Uri; after: vscode.Uri } {
        const make = (side: string): vscode.Uri =>
            vscode.Uri.from({ scheme: DEPLOY_DIFF_SCHEME, path: `/${host}${path.startsWith('/') ? '' : '/'}${path}`, query: `${side}&${this.generation}` });
        const before = make('current');
        const after = make('new');
        this.contents.set(before.toString(), current ?? '');
        this.contents.set(after.toString(), next);
        return { before, after };
    }

    provideTextDocumentContent(uri: vscode.Uri): string {
        return this.contents.get(uri.toString()) ?? '';
    }

    dispose(): void {
        this.registration.dispose();
        this.contents.clear();
    }
}
