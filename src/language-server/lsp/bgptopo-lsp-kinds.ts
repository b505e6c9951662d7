/**
 * One table of how each kind of declaration shows in the editor: its outline symbol, its completion icon and
 * its semantic token type. Completion, document symbols and highlighting all read it, so a router looks the
 * same everywhere.
 */
import type { AstNode } from 'langium';
import { CompletionItemKind, SemanticTokenTypes, SymbolKind } from 'vscode-languageserver';

export interface DeclarationLook {
    readonly symbol: SymbolKind;
    readonly completion: CompletionItemKind;
    readonly token: SemanticTokenTypes;
    /** How the kind is named in details and hovers. */
    readonly label: string;
}

const LOOKS: Record<string, DeclarationLook> = {
    Topology: { symbol: SymbolKind.File, completion: CompletionItemKind.File, token: SemanticTokenTypes.namespace, label: 'topology' },
    Network: { symbol: SymbolKind.Namespace, completion: CompletionItemKind.Module, token: SemanticTokenTypes.type, label: 'network' },
    Router: { symbol: SymbolKind.Class, completion: CompletionItemKind.Class, token: SemanticTokenTypes.class, label: 'router' },
    LoadBalancer: { symbol: SymbolKind.Struct, completion: CompletionItemKind.Struct, token: SemanticTokenTypes.struct, label: 'load balancer' },
    Node: { symbol: SymbolKind.Object, completion: CompletionItemKind.Variable, token: SemanticTokenTypes.variable, label: 'node' },
    Vip: { symbol: SymbolKind.Constant, completion: CompletionItemKind.Constant, token: SemanticTokenTypes.enumMember, label: 'VIP' },
    Cluster: { symbol: SymbolKind.Package, completion: CompletionItemKind.Folder, token: SemanticTokenTypes.namespace, label: 'cluster' },
    WireGuard: { symbol: SymbolKind.Interface, completion: CompletionItemKind.Interface, token: SemanticTokenTypes.interface, label: 'WireGuard mesh' }
};

export function declarationLook(node: AstNode | string): DeclarationLook | undefined {
    return LOOKS[typeof node === 'string' ? node : node.$type];
}
