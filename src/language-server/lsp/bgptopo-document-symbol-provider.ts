/**
 * The outline: the topology, and under it networks, routers, load balancers, VIPs, clusters (with their
 * speakers and nodes), WireGuard meshes, defaults and monitoring, each with a detail that identifies it
 * at a glance (prefix and role, ASN and address, VIP address and mechanism).
 */
import { GrammarUtils, type AstNode, type CstNode, type LangiumDocument } from 'langium';
import type { DocumentSymbolProvider } from 'langium/lsp';
import { SymbolKind, type DocumentSymbol } from 'vscode-languageserver';
import * as ast from '../../language/generated/ast.js';
import type { TopologyModel } from '../../model/topology-model.js';
import type { BgptopoServices } from '../bgptopo-module.js';
import type { BgptopoTopologyCache } from '../bgptopo-topology-cache.js';
import { declarationLook } from './bgptopo-lsp-kinds.js';
import { asnText, declarationDetail } from './bgptopo-model-lookup.js';

export class BgptopoDocumentSymbolProvider implements DocumentSymbolProvider {
    private readonly cache: BgptopoTopologyCache;

    constructor(services: BgptopoServices) {
        this.cache = services.topology.TopologyCache;
    }

    getSymbols(document: LangiumDocument): DocumentSymbol[] {
        const root = document.parseResult.value as ast.Topology;
        if (!root.$cstNode) {
            return [];
        }
        const model = this.cache.get(root);
        const children = (root.elements ?? []).flatMap((element) => this.elementSymbols(model, element));
        const nameNode = GrammarUtils.findNodeForProperty(root.$cstNode, 'name');
        if (!root.name || !nameNode) {
            return children;
        }
        return [symbol(root.name, SymbolKind.File, 'topology', root.$cstNode, nameNode, children)];
    }

    private elementSymbols(model: TopologyModel, element: ast.Element): DocumentSymbol[] {
        if (ast.isDefaults(element)) {
            return keywordSymbol(element, 'defaults', SymbolKind.Property, '', []);
        }
        if (ast.isMonitoring(element)) {
            return keywordSymbol(element, 'monitoring', SymbolKind.Event, (element.alerts ?? []).join(', '), []);
        }
        if (ast.isCluster(element)) {
            const children = [
                ...(element.speakers ?? []).flatMap((speaker) => this.speakerSymbols(model, speaker)),
                ...(element.nodes ?? []).flatMap((node) => this.declarationSymbols(model, node, []))
            ].sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
            return this.declarationSymbols(model, element, children);
        }
        return this.declarationSymbols(model, element, []);
    }

    private speakerSymbols(model: TopologyModel, speaker: ast.Speaker): DocumentSymbol[] {
        const modelSpeaker = model.speakers.find((entry) => entry.ast === speaker);
        const peers = (speaker.peers ?? []).map((peer) => peer.$refText).join(', ');
        const detail = `${asnText(modelSpeaker?.asn)}${peers ? ` → ${peers}` : ''}`;
        return keywordSymbol(speaker, speaker.kind, SymbolKind.Event, detail, []);
    }

    private declarationSymbols(model: TopologyModel, node: AstNode & { name?: string }, children: DocumentSymbol[]): DocumentSymbol[] {
        const cst = node.$cstNode;
        const nameNode = cst ? GrammarUtils.findNodeForProperty(cst, 'name') : undefined;
        if (!cst || !nameNode || !node.name) {
            return [];
        }
        const kind = declarationLook(node)?.symbol ?? SymbolKind.Field;
        return [symbol(node.name, kind, declarationDetail(model, node), cst, nameNode, children)];
    }
}

function keywordSymbol(node: AstNode, name: string, kind: SymbolKind, detail: string, children: DocumentSymbol[]): DocumentSymbol[] {
    const cst = node.$cstNode;
    if (!cst) {
        return [];
    }
    const selection = GrammarUtils.findNodeForKeyword(cst, name) ?? GrammarUtils.findNodeForProperty(cst, 'kind') ?? cst;
    return [symbol(name, kind, detail, cst, selection, children)];
}

function symbol(name: string, kind: SymbolKind, detail: string, cst: CstNode, selection: CstNode, children: DocumentSymbol[]): DocumentSymbol {
    return {
        name,
        kind,
        detail: detail || undefined,
        range: cst.range,
        selectionRange: selection.range,
        children: children.length > 0 ? children : undefined
    };
}
