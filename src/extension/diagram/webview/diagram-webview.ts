/// <reference lib="dom" />
/**
 * The diagram webview's script (bundled by esbuild to out/webview/diagram.js, loaded under a nonce CSP):
 * draws what the extension host sends, reports clicks as `reveal`, answers pings, keeps its state for
 * a reload. It computes nothing: layout and data come from the host.
 */
import { diagramSvg } from '../diagram-svg.js';
import {
    isHostToWebviewMessage,
    type HostToWebviewMessage,
    type LaidOutDiagram,
    type SessionState,
    type WebviewToHostMessage
} from '../messages.js';

interface VsCodeApi {
    postMessage(message: unknown): void;
    getState(): unknown;
    setState(state: unknown): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

interface StoredState {
    readonly topologyUri: string;
    readonly diagram?: LaidOutDiagram;
    readonly sessionStates?: Record<string, SessionState>;
}

const vscode = acquireVsCodeApi();
const canvas = document.getElementById('canvas')!;
const notice = document.getElementById('notice')!;
let drawn: { diagram: LaidOutDiagram; states: Readonly<Record<string, SessionState>> } | undefined;
let zoom = 1;

function post(message: WebviewToHostMessage): void {
    vscode.postMessage(message);
}

function draw(diagram: LaidOutDiagram, states: Readonly<Record<string, SessionState>>): void {
    drawn = { diagram, states };
    canvas.innerHTML = diagramSvg(diagram, states);
    applyZoom();
}

function applyZoom(): void {
    const svg = canvas.querySelector('svg');
    if (svg && drawn) {
        svg.setAttribute('width', String(Math.ceil((drawn.diagram.width + 150) * zoom)));
        svg.setAttribute('height', String(Math.ceil(Math.max(drawn.diagram.height, 136) * zoom)));
    }
}

function showNotice(text: string | undefined, isError = false): void {
    notice.textContent = text ?? '';
    notice.hidden = !text;
    notice.classList.toggle('error', isError);
}

function handle(message: HostToWebviewMessage): void {
    switch (message.type) {
        case 'diagram': {
            draw(message.diagram, message.sessionStates);
            showNotice(message.notice);
            const state: StoredState = { topologyUri: message.topologyUri, diagram: message.diagram, sessionStates: { ...message.sessionStates } };
            vscode.setState(state);
            break;
        }
        case 'ping':
            post({ type: 'pong', nonce: message.nonce, drawnElements: drawn ? canvas.querySelectorAll('[data-line]').length : 0 });
            break;
        case 'error':
            showNotice(message.message, true);
            break;
    }
}

window.addEventListener('message', (event: MessageEvent<unknown>) => {
    if (isHostToWebviewMessage(event.data)) {
        handle(event.data);
    }
});

canvas.addEventListener('click', (event) => {
    const element = (event.target as Element | null)?.closest('[data-line]');
    const line = Number(element?.getAttribute('data-line'));
    if (element && Number.isInteger(line)) {
        post({ type: 'reveal', line });
    }
});

document.getElementById('export')?.addEventListener('click', () => post({ type: 'exportSvg' }));
document.getElementById('zoom-in')?.addEventListener('click', () => {
    zoom = Math.min(4, zoom * 1.25);
    applyZoom();
});
document.getElementById('zoom-out')?.addEventListener('click', () => {
    zoom = Math.max(0.2, zoom / 1.25);
    applyZoom();
});

// After a reload, draw the last diagram at once; the host sends a fresh one after `ready`.
const restored = vscode.getState() as StoredState | undefined;
if (restored?.diagram) {
    draw(restored.diagram, restored.sessionStates ?? {});
}


post({ type: 'ready' });
