/**
 * "bgptopo: Preview Rendered Config": opens the rendered file of the host under the cursor beside the
 * editor (FRR first when the host has one); with no host under the cursor, or from "Preview Any Rendered
 * File…", a quick pick of every host's files and the cluster manifests.
 */
import { basename } from 'node:path';
import * as vscode from 'vscode';
import type { RenderedFile } from '../../render/render-types.js';
import { requireTopologyDocument, UserFacingError, type TopologyArgument } from '../topology-target.js';
import { hostAtOffset, type TopologyDocumentModel } from '../topology-document-model.js';
import type { PreviewRenderer } from './preview-renderer.js';
import { previewTargetOf, previewUri } from './preview-uri.js';

/** Language ids for rendered files VS Code cannot tell from their names alone. */
const LANGUAGE_BY_KIND: Partial<Record<RenderedFile['kind'], string>> = {
    frr: 'frr',
    keepalived: 'keepalived',
    metallb: 'yaml',
    cilium: 'yaml',
    calico: 'yaml',
    'kube-vip': 'yaml',
    alerts: 'yaml'
};

export interface PreviewRequest {
    readonly topology?: TopologyArgument;
    readonly host?: string;
    readonly path?: string;
    /** Always show the picker. */
    readonly pick?: boolean;
}

/** The file a host is previewed with by default: FRR, else its first file. */
export function primaryFile(files: readonly RenderedFile[], host: string): RenderedFile | undefined {
    const own = files.filter((file) => file.host === host);
    return own.find((file) => file.kind === 'frr') ?? own[0];
}

export async function previewRenderedConfig(models: TopologyDocumentModel, renderer: PreviewRenderer, request: PreviewRequest): Promise<vscode.Uri | undefined> {
    const document = await requireTopologyDocument(request.topology);
    const snapshot = await models.get(document);
    const render = renderer.render(snapshot);
    if (render.files.length === 0) {
        throw new UserFacingError(`bgptopo: nothing to preview — ${render.problem ?? 'the topology renders no files'}.`);
    }
    let file: RenderedFile | undefined;
    if (request.host !== undefined && request.path !== undefined) {
        file = render.files.find((candidate) => candidate.host === request.host && candidate.path === request.path);
    } else if (request.host !== undefined) {
        file = primaryFile(render.files, request.host);
    } else if (!request.pick && snapshot.model) {
        const editor = vscode.window.activeTextEditor;
        const host = editor?.document === document ? hostAtOffset(snapshot.model, document.offsetAt(editor.selection.active)) : undefined;
        file = host ? primaryFile(render.files, host.name) : undefined;
    }
    file ??= await pickFile(render.files);
    if (!file) {
        return undefined;
    }
    return openPreview(document.uri, file);
}

async function pickFile(files: readonly RenderedFile[]): Promise<RenderedFile | undefined> {
    type Item = vscode.QuickPickItem & { file?: RenderedFile };
    const items: Item[] = [];
    let group: string | undefined;
    for (const file of files) {
        const owner = file.host ?? `cluster ${file.cluster ?? ''}`.trim();
        if (owner !== group) {
            items.push({ label: owner, kind: vscode.QuickPickItemKind.Separator });
            group = owner;
        }
        items.push({ label: basename(file.path), description: `${owner} · ${file.kind}`, detail: file.path, file });
    }
    const picked = await vscode.window.showQuickPick(items, {
        title: 'bgptopo: preview which rendered file?',
        placeHolder: 'host or file name',
        matchOnDescription: true,
        matchOnDetail: true
    });
    return picked?.file;
}

export async function openPreview(topology: vscode.Uri, file: RenderedFile): Promise<vscode.Uri> {
    const uri = previewUri(previewTargetOf(topology, file));
    let document = await vscode.workspace.openTextDocument(uri);
    const language = LANGUAGE_BY_KIND[file.kind];
    if (language && document.languageId !== language) {
        document = await vscode.languages.setTextDocumentLanguage(document, language);
    }
    await vscode.window.showTextDocument(document, { viewColumn: vscode.ViewColumn.Beside, preview: false, preserveFocus: false });
    return uri;
}
