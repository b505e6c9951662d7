/**
 * The messages between the diagram webview and the extension host, and the diagram data they carry.
 * Both sides import this file (the webview bundle too), so a message changed here is checked on both ends.
 * No `vscode` import: it is bundled for the browser.
 */

import type { DiagramEdgeKind, DiagramElementKind, GraphEdge, GraphNode } from '../../protocol/bgptopo-protocol.js';

export type { DiagramEdgeKind, DiagramElementKind };
/** Live state of a BGP session after Verify: up (Established), down, or not known. */
export type SessionState = 'up' | 'down' | 'unknown';

/** A node of the server's graph (src/protocol) with its geometry after layout. */
export interface DiagramNode extends Omit<GraphNode, 'children'> {
    readonly x: number;
    readonly y: number;
    readonly width: number;
    readonly height: number;
    /** Compound nodes (clusters) hold their nodes. */
    readonly children?: readonly DiagramNode[];
}

/** An edge of the server's graph with its route after layout. */
export interface DiagramEdge extends GraphEdge {
    /** Absolute polyline, start to end. */
    readonly points: readonly { readonly x: number; readonly y: number }[];
}

export interface LaidOutDiagram {
    readonly title: string;
    readonly width: number;
    readonly height: number;
    readonly nodes: readonly DiagramNode[];
    readonly edges: readonly DiagramEdge[];
}

/** What the webview persists with setState, and the serializer gets back after a reload. */
export interface DiagramViewState {
    readonly topologyUri: string;
}

export type HostToWebviewMessage =
    | {
          readonly type: 'diagram';
          readonly topologyUri: string;
          readonly diagram: LaidOutDiagram;
          readonly sessionStates: Readonly<Record<string, SessionState>>;
          /** Shown above the diagram, e.g. "the topology has 2 errors: showing the last good layout". */
          readonly notice?: string;
      }
    | { readonly type: 'ping'; readonly nonce: string }
    | { readonly type: 'error'; readonly message: string };

export type WebviewToHostMessage =
    | { readonly type: 'ready' }
    | { readonly type: 'reveal'; readonly line: number }
    | { readonly type: 'exportSvg' }
    | { readonly type: 'pong'; readonly nonce: string; readonly drawnElements: number };

const WEBVIEW_TO_HOST_TYPES = new Set<WebviewToHostMessage['type']>(['ready', 'reveal', 'exportSvg', 'pong']);
const HOST_TO_WEBVIEW_TYPES = new Set<HostToWebviewMessage['type']>(['diagram', 'ping', 'error']);

function hasType(value: unknown): value is { type: string } {
    return typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string';
}

/** Type guard for what arrives from the webview (anything else is ignored). */
export function isWebviewToHostMessage(value: unknown): value is WebviewToHostMessage {
    if (!hasType(value) || !WEBVIEW_TO_HOST_TYPES.has(value.type as WebviewToHostMessage['type'])) {
        return false;
    }
    const message = value as Record<string, unknown>;
    switch (value.type) {
        case 'reveal':
            return typeof message.line === 'number' && Number.isInteger(message.line) && message.line >= 0;
        case 'pong':
            return typeof message.nonce === 'string' && typeof message.drawnElements === 'number';
        default:
            return true;
    }
}

export function isHostToWebviewMessage(value: unknown): value is HostToWebviewMessage {
    return hasType(value) && HOST_TO_WEBVIEW_TYPES.has(value.type as HostToWebviewMessage['type']);
}

export function isDiagramViewState(value: unknown): value is DiagramViewState {
    return typeof value === 'object' && value !== null && typeof (value as { topologyUri?: unknown }).topologyUri === 'string';
}
