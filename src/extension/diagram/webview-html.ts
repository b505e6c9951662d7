/**
 * The diagram webview's HTML: a strict Content-Security-Policy (`default-src 'none'`; scripts and the
 * diagram's style element only with this load's nonce; images and the stylesheet only from the extension),
 * resources through `asWebviewUri`, and no inline data but what the host posts afterwards.
 */
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { DIAGRAM_STYLE, escapeXml } from './diagram-svg.js';

export function createNonce(): string {
    return randomBytes(18).toString('base64').replace(/[^A-Za-z0-9]/g, '');
}

/** Folders the webview may load from. */
export function diagramResourceRoots(extensionUri: vscode.Uri): vscode.Uri[] {
    return [vscode.Uri.joinPath(extensionUri, 'out', 'webview'), vscode.Uri.joinPath(extensionUri, 'media')];
}

export function diagramHtml(webview: vscode.Webview, extensionUri: vscode.Uri, title: string): string {
    const nonce = createNonce();
    const script = webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'out', 'webview', 'diagram.js'));
    const stylesheet = webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'media', 'diagram.css'));
    const csp = [
        "default-src 'none'",
        `img-src ${webview.cspSource} data:`,
        `style-src ${webview.cspSource} 'nonce-${nonce}'`,
        `script-src 'nonce-${nonce}'`,
        `font-src ${webview.cspSource}`
    ].join('; ');
    return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${stylesheet}">
<style nonce="${nonce}">${DIAGRAM_STYLE}</style>
<title>${escapeXml(title)}</title>
</head>
<body>
<div class="toolbar">
  <h1 id="title">${escapeXml(title)}</h1>
  <button id="zoom-out" title="Zoom out">−</button>
  <button id="zoom-in" title="Zoom in">+</button>
  <button id="export" title="Save the diagram as an SVG file">Export as SVG</button>
</div>
<div id="notice" hidden></div>
<div id="canvas" aria-label="topology diagram"></div>
<script nonce="${nonce}" src="${script}"></script>
</body>
</html>`;
}
