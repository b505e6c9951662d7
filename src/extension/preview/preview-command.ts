/**
 * "bgptopo: Preview Rendered Config": opens the rendered file of the host under the cursor beside the
 * editor (FRR first when the host has one); with no host under the cursor, or from "Preview Any Rendered
 * File…", a quick pick of every host's files and the cluster manifests.
 */
import { basename } from 'node:path';
import * as vscode from 'vscode';
import type { PreviewFileInfo } from '../../protocol/bgptopo-protocol.js';
import { readSettings } from '../settings.js';
import { requireTopologyDocument, UserFacingError, type TopologyArgument } from '../topology-target.js';
import type { TopologyServer } from '../topology-server.js';
import { previewTargetOf, previewUri } from './preview-uri.js';

/** Language ids for rendered files VS Code cannot tell from their names alone. */
const LANGUAGE_BY_KIND: Partial<Record<PreviewFileInfo['kind'], string>> = {
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
export function primaryFile(files: readonly PreviewFileInfo[], host: string): PreviewFileInfo | undefined {
    const own = files.filter((file) => file.host === host);
    return own.find((file) => file.kind === 'frr') ?? own[0];
}

export async function previewRenderedConfig(server: TopologyServer, request: PreviewRequest): Promise<vscode.Uri | undefined> {
    const document = await requireTopologyDocument(request.topology);
    const templateDirs = readSettings(document.uri).templateDirs;
    let host = request.host;
    if (host === undefined && !request.pick) {
        const editor = vscode.window.activeTextEditor;
        host = editor?.document === document ? await server.hostAt(document, document.offsetAt(editor.selection.active)) : undefined;
    }
    if (host !== undefined) {
        // The server renders only this host's files for it.
        const own = (await server.previewFiles(document, templateDirs, host)).files;
        const file = request.host !== undefined && request.path !== undefined ? own.find((candidate) => candidate.path === request.path) : primaryFile(own, host);
        if (file) {
            return openPreview(document.uri, file);
        }
    }
    const render = await server.previewFiles(document, templateDirs);
    if (render.files.length === 0) {
        throw new UserFacingError(`bgptopo: nothing to preview — ${render.problem ?? 'the topology renders no files'}.`);
    }
    const file = await pickFile(render.files);
    return file ? openPreview(document.uri, file) : undefined;
}

async function pickFile(files: readonly PreviewFileInfo[]): Promise<PreviewFileInfo | undefined> {
    type Item = vscode.QuickPickItem & { file?: PreviewFileInfo };
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

export async function openPreview(topology: vscode.Uri, file: PreviewFileInfo): Promise<vscode.Uri> {
    const uri = previewUri(previewTargetOf(topology, file));
    let document = await vscode.workspace.openTextDocument(uri);
    const language = LANGUAGE_BY_KIND[file.kind];
    if (language && document.languageId !== language) {
        document = await vscode.languages.setTextDocumentLanguage(document, language);
    }
    await vscode.window.showTextDocument(document, { viewColumn: vscode.ViewColumn.Beside, preview: false, preserveFocus: false });
    return uri;
}
