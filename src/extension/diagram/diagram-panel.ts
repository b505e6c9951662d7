/**
 * The topology diagram: one webview panel per topology file, redrawn (debounced) as the file changes,
 * restored after a window reload by a WebviewPanelSerializer, and coloured by live session state after
 * Verify. The host lays the graph out (elkjs) and the webview draws it; they talk only through the typed
 * messages of messages.ts.
 */
import { basename } from 'node:path';
import * as vscode from 'vscode';
import { errorMessage, type ExtensionLog } from '../extension-log.js';
import { readSettings } from '../settings.js';
import { isTopologyDocument } from '../topology-target.js';
import type { TopologyServer } from '../topology-server.js';
import { layoutGraph } from './diagram-layout.js';
import { diagramSvg } from './diagram-svg.js';
import {
    isDiagramViewState,
    isWebviewToHostMessage,
    type HostToWebviewMessage,
    type LaidOutDiagram,
    type SessionState,
    type WebviewToHostMessage
} from './messages.js';
import { diagramHtml, diagramResourceRoots } from './webview-html.js';

export const DIAGRAM_VIEW_TYPE = 'bgptopo.diagram';

class DiagramPanel implements vscode.Disposable {
    private diagram: LaidOutDiagram | undefined;
    private timer: NodeJS.Timeout | undefined;
    private readonly pongs = new Map<string, (drawn: number) => void>();
    private readonly disposables: vscode.Disposable[] = [];
    private updating: Promise<void> = Promise.resolve();

    constructor(
        readonly panel: vscode.WebviewPanel,
        readonly topology: vscode.Uri,
        private readonly owner: DiagramPanels
    ) {
        panel.webview.options = { enableScripts: true, localResourceRoots: diagramResourceRoots(owner.extensionUri) };
        panel.title = `Diagram: ${basename(topology.path)}`;
        panel.iconPath = vscode.Uri.joinPath(owner.extensionUri, 'media', 'bgptopo.svg');
        panel.webview.html = diagramHtml(panel.webview, owner.extensionUri, `Topology ${basename(topology.path)}`);
        this.disposables.push(
            panel.webview.onDidReceiveMessage((message: unknown) => {
                if (isWebviewToHostMessage(message)) {
                    void this.onMessage(message);
                }
            }),
            panel.onDidDispose(() => this.dispose()),
            vscode.workspace.onDidChangeTextDocument((event) => {
                if (event.document.uri.toString() === topology.toString() && event.contentChanges.length > 0) {
                    clearTimeout(this.timer);
                    this.timer = setTimeout(() => void this.update(), readSettings(topology).previewDebounceMs);
                }
            })
        );
    }

    /** Re-lay and redraw from the topology's current text. */
    update(): Promise<void> {
        this.updating = this.updating.then(() => this.redraw());
        return this.updating;
    }

    /** Send the current diagram again (new session states). */
    repost(): void {
        if (this.diagram) {
            this.post(this.diagramMessage(this.diagram));
        }
    }

    /** Round trip to the webview: resolves with the number of elements it has drawn. */
    ping(timeoutMs: number): Promise<number> {
        const nonce = Math.random().toString(36).slice(2);
        return new Promise<number>((resolve, reject) => {
            const timer = setTimeout(() => {
                this.pongs.delete(nonce);
                reject(new Error(`the diagram webview did not answer within ${timeoutMs} ms`));
            }, timeoutMs);
            this.pongs.set(nonce, (drawn) => {
                clearTimeout(timer);
                resolve(drawn);
            });
            this.post({ type: 'ping', nonce });
        });
    }

    get currentDiagram(): LaidOutDiagram | undefined {
        return this.diagram;
    }

    dispose(): void {
        clearTimeout(this.timer);
        this.disposables.forEach((disposable) => disposable.dispose());
        this.owner.forget(this);
    }

    private async redraw(): Promise<void> {
        try {
            const document = await vscode.workspace.openTextDocument(this.topology);
            const answer = await this.owner.server.graph(document);
            if (!answer.graph) {
                this.post({ type: 'error', message: 'The topology cannot be read: fix the syntax errors to see the diagram.' });
                return;
            }
            this.diagram = await layoutGraph(answer.graph);
            const notice = answer.errorCount > 0 ? `The topology has ${answer.errorCount} error(s); the diagram shows what can be read.` : undefined;
            this.post(this.diagramMessage(this.diagram, notice));
        } catch (error) {
            this.owner.log.error(`diagram of ${this.topology.fsPath}: ${errorMessage(error)}`);
            this.post({ type: 'error', message: `The diagram could not be drawn: ${errorMessage(error)}` });
        }
    }

    private diagramMessage(diagram: LaidOutDiagram, notice?: string): HostToWebviewMessage {
        return { type: 'diagram', topologyUri: this.topology.toString(), diagram, sessionStates: this.owner.sessionStates(this.topology), notice };
    }

    private post(message: HostToWebviewMessage): void {
        void this.panel.webview.postMessage(message);
    }

    private async onMessage(message: WebviewToHostMessage): Promise<void> {
        switch (message.type) {
            case 'ready':
                await this.update();
                break;
            case 'reveal':
                await revealLine(this.topology, message.line);
                break;
            case 'exportSvg':
                await this.owner.exportSvg(this.topology);
                break;
            case 'pong':
                this.pongs.get(message.nonce)?.(message.drawnElements);
                this.pongs.delete(message.nonce);
                break;
        }
    }
}

export async function revealLine(topology: vscode.Uri, line: number): Promise<void> {
    const document = await vscode.workspace.openTextDocument(topology);
    const target = document.lineAt(Math.min(line, document.lineCount - 1));
    const start = target.range.start.translate(0, target.firstNonWhitespaceCharacterIndex);
    await vscode.window.showTextDocument(document, {
        viewColumn: vscode.ViewColumn.One,
        selection: new vscode.Range(start, target.range.end)
    });
}

export class DiagramPanels implements vscode.Disposable, vscode.WebviewPanelSerializer {
    private readonly panels = new Map<string, DiagramPanel>();
    private readonly states = new Map<string, Record<string, SessionState>>();
    private readonly registration: vscode.Disposable;

    constructor(
        readonly extensionUri: vscode.Uri,
        readonly server: TopologyServer,
        readonly log: ExtensionLog
    ) {
        this.registration = vscode.window.registerWebviewPanelSerializer(DIAGRAM_VIEW_TYPE, this);
    }

    /** Open (or reveal) the diagram of a topology document. */
    async show(document: vscode.TextDocument): Promise<void> {
        if (!isTopologyDocument(document)) {
            throw new Error(`${document.uri.fsPath} is not a bgptopo file`);
        }
        const existing = this.panels.get(document.uri.toString());
        if (existing) {
            existing.panel.reveal(vscode.ViewColumn.Beside);
            await existing.update();
            return;
        }
        const panel = vscode.window.createWebviewPanel(DIAGRAM_VIEW_TYPE, 'Diagram', vscode.ViewColumn.Beside, {
            enableScripts: true,
            localResourceRoots: diagramResourceRoots(this.extensionUri)
        });
        this.track(new DiagramPanel(panel, document.uri, this));
    }

    async deserializeWebviewPanel(panel: vscode.WebviewPanel, state: unknown): Promise<void> {
        if (!isDiagramViewState(state)) {
            panel.dispose();
            return;
        }
        this.track(new DiagramPanel(panel, vscode.Uri.parse(state.topologyUri), this));
    }

    /** Live BGP session states (by session id) from the last Verify of a topology. */
    sessionStates(topology: vscode.Uri): Record<string, SessionState> {
        return this.states.get(topology.toString()) ?? {};
    }

    setSessionStates(topology: vscode.Uri, states: Record<string, SessionState>): void {
        this.states.set(topology.toString(), states);
        this.panels.get(topology.toString())?.repost();
    }

    /** Ping the open diagram of a topology (integration tests, health checks). */
    ping(topology: vscode.Uri, timeoutMs = 10_000): Promise<number> {
        const panel = this.panels.get(topology.toString());
        return panel ? panel.ping(timeoutMs) : Promise.reject(new Error('no diagram is open for this topology'));
    }

    diagramOf(topology: vscode.Uri): LaidOutDiagram | undefined {
        return this.panels.get(topology.toString())?.currentDiagram;
    }

    /** "Export as SVG": asks where, writes the drawing with its styles embedded. Returns the file written. */
    async exportSvg(topology: vscode.Uri, target?: vscode.Uri): Promise<vscode.Uri | undefined> {
        const panel = this.panels.get(topology.toString());
        if (!panel?.currentDiagram) {
            void vscode.window.showWarningMessage('bgptopo: the diagram has not been drawn yet.');
            return undefined;
        }
        const destination =
            target ??
            (await vscode.window.showSaveDialog({
                defaultUri: topology.with({ path: topology.path.replace(/\.bgptopo$/, '') + '.svg' }),
                filters: { 'SVG image': ['svg'] },
                title: 'Export the topology diagram'
            }));
        if (!destination) {
            return undefined;
        }
        const svg = diagramSvg(panel.currentDiagram, this.sessionStates(topology), { embedStyle: true });
        await vscode.workspace.fs.writeFile(destination, new TextEncoder().encode(svg));
        this.log.info(`diagram exported to ${destination.fsPath}`);
        return destination;
    }

    forget(panel: DiagramPanel): void {
        if (this.panels.get(panel.topology.toString()) === panel) {
            this.panels.delete(panel.topology.toString());
        }
    }

    dispose(): void {
        this.registration.dispose();
        [...this.panels.values()].forEach((panel) => panel.panel.dispose());
    }

    private track(panel: DiagramPanel): void {
        this.panels.set(panel.topology.toString(), panel);
    }
}
