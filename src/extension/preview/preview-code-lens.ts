/** A "Preview rendered config" CodeLens above every router, load balancer and node. */
import * as vscode from 'vscode';
import { BGPTOPO_LANGUAGE_ID, declarationLine, type TopologyDocumentModel } from '../topology-document-model.js';
import type { PreviewRenderer } from './preview-renderer.js';
import { primaryFile } from './preview-command.js';

export class PreviewCodeLensProvider implements vscode.CodeLensProvider, vscode.Disposable {
    private readonly registration: vscode.Disposable;

    constructor(
        private readonly models: TopologyDocumentModel,
        private readonly renderer: PreviewRenderer
    ) {
        this.registration = vscode.languages.registerCodeLensProvider({ language: BGPTOPO_LANGUAGE_ID, scheme: 'file' }, this);
    }

    async provideCodeLenses(document: vscode.TextDocument): Promise<vscode.CodeLens[]> {
        const snapshot = await this.models.get(document);
        if (!snapshot.model) {
            return [];
        }
        const files = this.renderer.render(snapshot).files;
        return snapshot.model.hosts.map((host) => {
            const line = declarationLine(host.ast);
            const file = primaryFile(files, host.name);
            const name = file ? file.path.split('/').pop() : 'rendered config';
            return new vscode.CodeLens(new vscode.Range(line, 0, line, 0), {
                title: `$(eye) Preview ${name}`,
                tooltip: `Preview the files rendered for ${host.kind} ${host.name}`,
                command: 'bgptopo.preview',
                arguments: [{ topology: document.uri.toString(), host: host.name }]
            });
        });
    }

    dispose(): void {
        this.registration.dispose();
    }
}
