/**
 * A "Preview rendered config" CodeLens above every router, load balancer and node. Lenses are asked for
 * after every edit, so they only need the model's host positions; rendering waits until a preview opens.
 */
import * as vscode from 'vscode';
import { BGPTOPO_LANGUAGE_ID, declarationLine, type TopologyDocumentModel } from '../topology-document-model.js';
import type { ModelHost } from '../../model/topology-model.js';

/** The file a preview of the host opens first (preview-command's primaryFile, in the renderers' order). */
function primaryFileName(host: ModelHost): string {
    if (host.kind === 'router') {
        return 'frr.conf';
    }
    if (host.vips.some((vip) => vip.mechanism === 'keepalived')) {
        return 'keepalived.conf';
    }
    if (host.vips.some((vip) => vip.mechanism === 'kube-vip-bgp' || vip.mechanism === 'kube-vip-arp')) {
        return 'kube-vip.yaml';
    }
    return 'rendered config';
}

export class PreviewCodeLensProvider implements vscode.CodeLensProvider, vscode.Disposable {
    private readonly registration: vscode.Disposable;

    constructor(private readonly models: TopologyDocumentModel) {
        this.registration = vscode.languages.registerCodeLensProvider({ language: BGPTOPO_LANGUAGE_ID, scheme: 'file' }, this);
    }

    async provideCodeLenses(document: vscode.TextDocument): Promise<vscode.CodeLens[]> {
        const snapshot = await this.models.get(document);
        if (!snapshot.model) {
            return [];
        }
        return snapshot.model.hosts.map((host) => {
            const line = declarationLine(host.ast);
            const name = primaryFileName(host);
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
