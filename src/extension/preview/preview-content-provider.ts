/**
 * The read-only `bgptopo-preview:` documents. Their text is rendered by the language server; when a topology
 * changes, every open preview of it is refreshed after the debounce of `bgptopo.preview.debounceMs`, and
 * the lines that changed are highlighted in the preview editors until the next change.
 */
import * as vscode from 'vscode';
import { readSettings } from '../settings.js';
import { RESTRICTED_TEMPLATES_NOTICE } from '../workspace-trust.js';
import { isTopologyDocument } from '../topology-target.js';
import type { TopologyServer } from '../topology-server.js';
import { changedLines } from './preview-changed-lines.js';
import { previewText } from './preview-renderer.js';
import { PREVIEW_SCHEME, parsePreviewUri } from './preview-uri.js';

export class PreviewContentProvider implements vscode.TextDocumentContentProvider, vscode.Disposable {
    private readonly changeEmitter = new vscode.EventEmitter<vscode.Uri>();
    readonly onDidChange = this.changeEmitter.event;
    /** The text each preview last showed, and the lines that changed in it. */
    private readonly shown = new Map<string, { text: string; changed: number[] }>();
    private readonly timers = new Map<string, NodeJS.Timeout>();
    private readonly decoration = vscode.window.createTextEditorDecorationType({
        isWholeLine: true,
        backgroundColor: new vscode.ThemeColor('diffEditor.insertedLineBackground'),
        overviewRulerColor: new vscode.ThemeColor('editorOverviewRuler.addedForeground'),
        overviewRulerLane: vscode.OverviewRulerLane.Left
    });
    private readonly disposables: vscode.Disposable[] = [];

    constructor(private readonly server: TopologyServer) {
        this.disposables.push(
            vscode.workspace.registerTextDocumentContentProvider(PREVIEW_SCHEME, this),
            vscode.workspace.onDidChangeTextDocument((event) => {
                if (isTopologyDocument(event.document) && event.contentChanges.length > 0) {
                    this.scheduleRefresh(event.document.uri);
                }
                if (event.document.uri.scheme === PREVIEW_SCHEME) {
                    this.decorate(event.document.uri);
                }
            }),
            vscode.window.onDidChangeVisibleTextEditors((editors) => editors.forEach((editor) => this.decorate(editor.document.uri))),
            vscode.workspace.onDidCloseTextDocument((document) => {
                if (document.uri.scheme === PREVIEW_SCHEME) {
                    this.shown.delete(document.uri.toString());
                }
            }),
            this.decoration,
            this.changeEmitter
        );
    }

    async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
        const target = parsePreviewUri(uri);
        if (!target) {
            return '# bgptopo: not a preview address\n';
        }
        let document = vscode.workspace.textDocuments.find((candidate) => candidate.uri.toString() === target.topology.toString());
        document ??= await vscode.workspace.openTextDocument(target.topology);
        const settings = readSettings(document.uri);
        const rendered = await this.server.previewFile(document, settings.templateDirs, target.host, target.path);
        const notice = settings.restricted ? RESTRICTED_TEMPLATES_NOTICE : undefined;
        const text = previewText({ ...rendered, notice }, target);
        const key = uri.toString();
        const before = this.shown.get(key);
        this.shown.set(key, { text, changed: before && before.text !== text ? changedLines(before.text, text) : before?.changed ?? [] });
        return text;
    }

    /** The 0-based lines highlighted as changed in a preview (for tests and the decorations). */
    changedLinesOf(uri: vscode.Uri): readonly number[] {
        return this.shown.get(uri.toString())?.changed ?? [];
    }

    /** Re-render every open preview of `topology` now. */
    refresh(topology: vscode.Uri): void {
        for (const document of vscode.workspace.textDocuments) {
            if (parsePreviewUri(document.uri)?.topology.toString() === topology.toString()) {
                this.changeEmitter.fire(document.uri);
            }
        }
    }

    dispose(): void {
        this.timers.forEach((timer) => clearTimeout(timer));
        this.disposables.forEach((disposable) => disposable.dispose());
    }

    private scheduleRefresh(topology: vscode.Uri): void {
        const key = topology.toString();
        clearTimeout(this.timers.get(key));
        this.timers.set(
            key,
            setTimeout(() => {
                this.timers.delete(key);
                this.refresh(topology);
            }, readSettings(topology).previewDebounceMs)
        );
    }

    private decorate(uri: vscode.Uri): void {
        if (uri.scheme !== PREVIEW_SCHEME) {
            return;
        }
        const lines = this.changedLinesOf(uri);
        for (const editor of vscode.window.visibleTextEditors) {
            if (editor.document.uri.toString() === uri.toString()) {
                editor.setDecorations(
                    this.decoration,
                    lines.filter((line) => line < editor.document.lineCount).map((line) => editor.document.lineAt(line).range)
                );
            }
        }
    }
}
