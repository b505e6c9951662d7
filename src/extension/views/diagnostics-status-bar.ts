/** A status bar item with the error / warning count of the active topology; clicking it opens Problems. */
import * as vscode from 'vscode';
import { isTopologyDocument } from '../topology-target.js';

export class DiagnosticsStatusBar implements vscode.Disposable {
    readonly item = vscode.window.createStatusBarItem('bgptopo.diagnostics', vscode.StatusBarAlignment.Left, 50);
    private readonly disposables: vscode.Disposable[] = [];

    constructor() {
        this.item.name = 'bgptopo diagnostics';
        this.item.command = 'workbench.actions.view.problems';
        this.disposables.push(
            this.item,
            vscode.window.onDidChangeActiveTextEditor(() => this.update()),
            vscode.languages.onDidChangeDiagnostics(() => this.update())
        );
        this.update();
    }

    update(): void {
        const document = vscode.window.activeTextEditor?.document;
        if (!document || !isTopologyDocument(document)) {
            this.item.hide();
            return;
        }
        const diagnostics = vscode.languages.getDiagnostics(document.uri);
        const errors = diagnostics.filter((d) => d.severity === vscode.DiagnosticSeverity.Error).length;
        const warnings = diagnostics.filter((d) => d.severity === vscode.DiagnosticSeverity.Warning).length;
        this.item.text = `$(error) ${errors} $(warning) ${warnings} bgptopo`;
        this.item.tooltip = `${vscode.workspace.asRelativePath(document.uri)}: ${errors} error(s), ${warnings} warning(s) — click for Problems`;
        this.item.backgroundColor = errors > 0 ? new vscode.ThemeColor('statusBarItem.errorBackground') : undefined;
        this.item.show();
    }

    dispose(): void {
        this.disposables.forEach((disposable) => disposable.dispose());
    }
}
