/**
 * Draws a laid-out diagram as SVG markup (pure string building, every text escaped). The webview shows
 * it, and "Export as SVG" writes the same markup with the styles embedded, so the file looks like the view.
 * Elements carry `data-line` (the declaration line) for click-to-reveal.
 */
import type { DiagramEdge, DiagramNode, LaidOutDiagram, SessionState } from './messages.js';

/** Styles of the diagram; theme colours in the webview, fixed fallbacks in an exported file. */
export const DIAGRAM_STYLE = `
.bgptopo-diagram { font-family: var(--vscode-font-family, sans-serif); font-size: 12px; }
.bgptopo-diagram .el { cursor: pointer; }
.bgptopo-diagram .el rect { stroke-width: 1.5; rx: 6; }
.bgptopo-diagram text { fill: var(--vscode-editor-foreground, #1f1f1f); }
.bgptopo-diagram text.detail { opacity: 0.75; font-size: 11px; }
.bgptopo-diagram .router rect { fill: #dbe9ff; stroke: #1f5fbf; }
.bgptopo-diagram .loadbalancer rect { fill: #e5dcff; stroke: #6a3fbf; }
.bgptopo-diagram .node rect { fill: #dff5e1; stroke: #2e8b3d; }
.bgptopo-diagram .vip rect { fill: #fff2cc; stroke: #b88a00; stroke-dasharray: 4 2; }
.bgptopo-diagram .wireguard rect { fill: #ffe0e6; stroke: #b0304a; }
.bgptopo-diagram .router text, .bgptopo-diagram .loadbalancer text, .bgptopo-diagram .node text,
.bgptopo-diagram .vip text, .bgptopo-diagram .wireguard text { fill: #1f1f1f; }
.bgptopo-diagram .cluster > rect { fill: none; stroke: var(--vscode-editor-foreground, #555); stroke-opacity: 0.45; stroke-dasharray: 6 3; }
.bgptopo-diagram .edge { fill: none; stroke-width: 2; }
.bgptopo-diagram .edge.ebgp { stroke: #1f77d0; }
.bgptopo-diagram .edge.ibgp { stroke: #8e44ad; stroke-dasharray: 8 3; }
.bgptopo-diagram .edge.bgp { stroke: #888; }
.bgptopo-diagram .edge.holder { stroke: #b88a00; stroke-dasharray: 3 3; stroke-width: 1.5; }
.bgptopo-diagram .edge.wireguard { stroke: #b0304a; stroke-opacity: 0.55; stroke-width: 1.2; }
.bgptopo-diagram .edge.state-up { stroke: #1e9e3a; stroke-width: 3; stroke-dasharray: none; }
.bgptopo-diagram .edge.state-down { stroke: #d0312d; stroke-width: 3; stroke-dasharray: 2 3; }
.bgptopo-diagram .edge.state-unknown { stroke: #999; }
.bgptopo-diagram .edge-label { font-size: 10px; opacity: 0.8; }
.bgptopo-diagram .legend text { font-size: 11px; }
`;

export function escapeXml(text: string): string {
    return text.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&#39;' })[c]!);
}

const n = (value: number): string => (Math.round(value * 10) / 10).toString();

function drawNode(node: DiagramNode): string {
    const attrs = `class="el ${node.kind}" data-id="${escapeXml(node.id)}" data-line="${node.line}"`;
    const rect = `<rect x="${n(node.x)}" y="${n(node.y)}" width="${n(node.width)}" height="${n(node.height)}" rx="6"/>`;
    if (node.children) {
        const title = `<text x="${n(node.x + 10)}" y="${n(node.y + 20)}" font-weight="bold">${escapeXml(node.label)}</text>`;
        return `<g ${attrs}>${rect}${title}</g>${node.children.map(drawNode).join('')}`;
    }
    const cx = node.x + node.width / 2;
    const label = node.detail
        ? `<text x="${n(cx)}" y="${n(node.y + 17)}" text-anchor="middle" font-weight="bold">${escapeXml(node.label)}</text>` +
          `<text class="detail" x="${n(cx)}" y="${n(node.y + 32)}" text-anchor="middle">${escapeXml(node.detail)}</text>`
        : `<text x="${n(cx)}" y="${n(node.y + node.height / 2 + 4)}" text-anchor="middle" font-weight="bold">${escapeXml(node.label)}</text>`;
    return `<g ${attrs}><title>${escapeXml(`${node.label} (line ${node.line + 1})`)}</title>${rect}${label}</g>`;
}

function drawEdge(edge: DiagramEdge, states: Readonly<Record<string, SessionState>>): string {
    if (edge.points.length < 2) {
        return '';
    }
    const state = edge.sessionId ? states[edge.sessionId] : undefined;
    const classes = ['edge', edge.kind, state ? `state-${state}` : ''].filter(Boolean).join(' ');
    const points = edge.points.map((p) => `${n(p.x)},${n(p.y)}`).join(' ');
    const title = [edge.label, edge.kind === 'ebgp' || edge.kind === 'ibgp' ? edge.kind : undefined, state ? `live: ${state}` : undefined].filter(Boolean).join(' · ');
    const mid = edge.points[Math.floor(edge.points.length / 2)];
    const text = edge.label && edge.kind === 'holder' ? `<text class="edge-label" x="${n(mid.x + 4)}" y="${n(mid.y - 4)}">${escapeXml(edge.label)}</text>` : '';
    return `<g class="el" data-id="${escapeXml(edge.id)}" data-line="${edge.line}"><title>${escapeXml(title || edge.kind)}</title><polyline class="${classes}" points="${points}"/>${text}</g>`;
}

const LEGEND: ReadonlyArray<readonly [string, string]> = [
    ['ebgp', 'eBGP session'],
    ['ibgp', 'iBGP session'],
    ['holder', 'VIP holder'],
    ['wireguard', 'WireGuard member'],
    ['state-up', 'verified up'],
    ['state-down', 'verified down']
];

function drawLegend(x: number, y: number): string {
    const rows = LEGEND.map(([kind, text], index) => {
        const ly = y + index * 16;
        return `<polyline class="edge ${kind.startsWith('state') ? `ebgp ${kind}` : kind}" points="${x},${ly} ${x + 28},${ly}"/><text x="${x + 34}" y="${ly + 4}">${text}</text>`;
    });
    return `<g class="legend">${rows.join('')}</g>`;
}

export interface SvgOptions {
    /** Embed {@link DIAGRAM_STYLE} (standalone files); the webview loads it with a nonce instead. */
    readonly embedStyle?: boolean;
}

export function diagramSvg(diagram: LaidOutDiagram, states: Readonly<Record<string, SessionState>>, options: SvgOptions = {}): string {
    const legendWidth = 150;
    const width = Math.ceil(diagram.width + legendWidth);
    const height = Math.ceil(Math.max(diagram.height, LEGEND.length * 16 + 40));
    const style = options.embedStyle ? `<style>${DIAGRAM_STYLE}</style>` : '';
    const background = options.embedStyle ? `<rect width="${width}" height="${height}" fill="#ffffff"/>` : '';
    return [
        `<svg xmlns="http://www.w3.org/2000/svg" class="bgptopo-diagram" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">`,
        `<title>${escapeXml(`bgptopo topology ${diagram.title}`)}</title>`,
        style,
        background,
        ...diagram.edges.map((edge) => drawEdge(edge, states)),
        ...diagram.nodes.map(drawNode),
        drawLegend(diagram.width + 10, 30),
        '</svg>'
    ].join('');
}

