/**
 * URIs of preview documents: `bgptopo-preview:/<host>/etc/frr/frr.conf?<query>` (cluster manifests:
 * `bgptopo-preview:/clusters/<cluster>/<kind>.yaml?…`). The path ends with the file's own name, so VS Code
 * picks the language (frr, keepalived, yaml, …) from it; the query says which topology and which file.
 */
import * as vscode from 'vscode';
import type { RenderedFile } from '../../render/render-types.js';

export const PREVIEW_SCHEME = 'bgptopo-preview';

export interface PreviewTarget {
    /** The topology document the file is rendered from. */
    readonly topology: vscode.Uri;
    /** Undefined for cluster manifests. */
    readonly host: string | undefined;
    /** The rendered file's path (absolute on the host, or `clusters/<cluster>/<kind>.yaml`). */
    readonly path: string;
}

export function previewTargetOf(topology: vscode.Uri, file: Pick<RenderedFile, 'host' | 'path'>): PreviewTarget {
    return { topology, host: file.host, path: file.path };
}

export function previewUri(target: PreviewTarget): vscode.Uri {
    const query = new URLSearchParams({ topology: target.topology.toString(), path: target.path });
    if (target.host !== undefined) {
        query.set('host', target.host);
    }
    const display = target.host !== undefined ? `/${target.host}${target.path.startsWith('/') ? '' : '/'}${target.path}` : `/${target.path}`;
    return vscode.Uri.from({ scheme: PREVIEW_SCHEME, path: display, query: query.toString() });
}

export function parsePreviewUri(uri: vscode.Uri): PreviewTarget | undefined {
    if (uri.scheme !== PREVIEW_SCHEME) {
        return undefined;
    }
    const query = new URLSearchParams(uri.query);
    const topology = query.get('topology');
    const path = query.get('path');
    if (!topology || !path) {
        return undefined;
    }
    return { topology: vscode.Uri.parse(topology), host: query.get('host') ?? undefined, path };
}

/** Whether a rendered file is the one a target names. */
export function matchesTarget(file: Pick<RenderedFile, 'host' | 'path'>, target: PreviewTarget): boolean {
    return file.path === target.path && file.host === target.host;
}
