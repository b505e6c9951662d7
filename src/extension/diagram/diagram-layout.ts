/**
 * Lays the graph out with elkjs (layered, top to bottom, clusters as compound nodes), in the extension
 * host: the webview only draws. Coordinates come back absolute (ELK's `json.shapeCoords`/`edgeCoords`
 * ROOT), so the drawing needs no parent offsets.
 */
import type { ElkExtendedEdge, ElkNode } from 'elkjs/lib/elk-api.js';
import type { DiagramEdge, DiagramNode, LaidOutDiagram } from './messages.js';
import type { GraphNode, TopologyGraph } from '../../protocol/bgptopo-protocol.js';

const CHAR_WIDTH = 7.2;
const NODE_HEIGHT = 42;

const LAYOUT_OPTIONS: Record<string, string> = {
    'elk.algorithm': 'layered',
    'elk.direction': 'DOWN',
    'elk.hierarchyHandling': 'INCLUDE_CHILDREN',
    'elk.layered.spacing.nodeNodeBetweenLayers': '60',
    'elk.spacing.nodeNode': '28',
    'elk.edgeRouting': 'POLYLINE',
    'elk.padding': '[top=24,left=24,bottom=24,right=24]',
    'org.eclipse.elk.json.shapeCoords': 'ROOT',
    'org.eclipse.elk.json.edgeCoords': 'ROOT'
};

interface ElkLayouter {
    layout(graph: ElkNode): Promise<ElkNode>;
}

let elk: ElkLayouter | undefined;

/**
 * ELK, loaded on the first layout: elk.bundled.js takes ~0.1 s to evaluate, which activation should not pay
 * for when no diagram is ever opened. It is CommonJS (`module.exports = ELK`); ESM loaders wrap it as `default`.
 */
async function elkLayouter(): Promise<ElkLayouter> {
    if (!elk) {
        const elkModule = await import('elkjs/lib/elk.bundled.js');
        const ElkClass = ((elkModule as unknown as { default?: unknown }).default ?? elkModule) as new () => ElkLayouter;
        elk = new ElkClass();
    }
    return elk;
}

function nodeWidth(node: GraphNode): number {
    return Math.max(90, Math.ceil(Math.max(node.label.length, node.detail?.length ?? 0) * CHAR_WIDTH) + 24);
}

function toElk(node: GraphNode): ElkNode {
    if (node.children) {
        return {
            id: node.id,
            layoutOptions: { 'elk.padding': '[top=34,left=16,bottom=16,right=16]' },
            children: node.children.map(toElk)
        };
    }
    return { id: node.id, width: nodeWidth(node), height: NODE_HEIGHT };
}

function fromElk(graphNode: GraphNode, laid: ElkNode | undefined): DiagramNode {
    const childById = new Map((laid?.children ?? []).map((child: ElkNode) => [child.id, child]));
    return {
        id: graphNode.id,
        kind: graphNode.kind,
        label: graphNode.label,
        detail: graphNode.detail,
        line: graphNode.line,
        x: laid?.x ?? 0,
        y: laid?.y ?? 0,
        width: laid?.width ?? nodeWidth(graphNode),
        height: laid?.height ?? NODE_HEIGHT,
        children: graphNode.children?.map((child) => fromElk(child, childById.get(child.id)))
    };
}

export async function layoutGraph(graph: TopologyGraph): Promise<LaidOutDiagram> {
    const layouter = await elkLayouter();
    const root: ElkNode = {
        id: 'root',
        layoutOptions: LAYOUT_OPTIONS,
        children: graph.nodes.map(toElk),
        edges: graph.edges.map<ElkExtendedEdge>((edge) => ({ id: edge.id, sources: [edge.source], targets: [edge.target] }))
    };
    const laid = await layouter.layout(root);
    const laidById = new Map((laid.children ?? []).map((child) => [child.id, child]));
    const sections = new Map<string, ElkExtendedEdge>();
    const collectEdges = (node: ElkNode): void => {
        node.edges?.forEach((edge) => sections.set(edge.id, edge as ElkExtendedEdge));
        node.children?.forEach(collectEdges);
    };
    collectEdges(laid);
    const edges = graph.edges.map<DiagramEdge>((edge) => {
        const section = sections.get(edge.id)?.sections?.[0];
        const points = section ? [section.startPoint, ...(section.bendPoints ?? []), section.endPoint] : [];
        return { ...edge, points: points.map((point) => ({ x: point.x, y: point.y })) };
    });
    return {
        title: graph.title,
        width: laid.width ?? 0,
        height: laid.height ?? 0,
        nodes: graph.nodes.map((node) => fromElk(node, laidById.get(node.id))),
        edges
    };
}
