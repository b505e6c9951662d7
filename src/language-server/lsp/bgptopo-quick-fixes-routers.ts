/**
 * Quick fixes of LANGUAGE-V2 §4's diagnostics: `peer-option-conflict` → remove the option from the later line (the
 * earlier declaration's value applies to the session); `ibgp-no-reflection` → make the routers route reflectors;
 * `option-unsupported` on a router neighbor's `remote-as` → remove it; `announce-unsourced` → remove the item.
 */
import { AstUtils, GrammarUtils, type CstNode } from 'langium';
import { TextEdit, type Range } from 'vscode-languageserver';
import * as ast from '../../language/generated/ast.js';
import type { FixContext, QuickFix } from './bgptopo-quick-fixes.js';

/** How an option of a `neighbor ROUTER { … }` line is written, where the value and its keyword are separate tokens. */
const KEYWORD: Record<string, string> = { hold: 'hold', keepalive: 'keepalive', connectRetry: 'connect-retry', multihop: 'multihop' };

/** `peer-option-conflict`: remove the option (`data.option`) from the later `neighbor` line. */
export function peerOptionConflictFix({ document, diagnostic, node }: FixContext): QuickFix[] {
    const data = diagnostic.data as { option?: unknown; otherLine?: unknown } | undefined;
    const neighbor = node ? AstUtils.getContainerOfType(node, ast.isNeighbor) : undefined;
    if (typeof data?.option !== 'string' || !neighbor?.$cstNode) {
        return [];
    }
    const value = GrammarUtils.findNodeForProperty(neighbor.$cstNode, data.option);
    if (!value) {
        return [];
    }
    const range = withKeyword(document.textDocument.getText(), value, KEYWORD[data.option], document.textDocument.positionAt.bind(document.textDocument));
    return [{ title: `Remove it here: the session takes the value of line ${String(data.otherLine)}`, edits: [TextEdit.del(range)], preferred: true }];
}

/** The value's range, widened back over its keyword (`hold 30s`) when the keyword is a token of its own. */
function withKeyword(text: string, value: CstNode, keyword: string | undefined, at: (offset: number) => Range['start']): Range {
    const start = keyword ? text.lastIndexOf(keyword, value.offset) : value.offset;
    return { start: at(start >= 0 ? start : value.offset), end: value.range.end };
}

/** `ibgp-no-reflection`: add `route-reflector` to each router the nodes peer with in iBGP (`data.routers`). */
export function ibgpNoReflectionFix({ model, diagnostic }: FixContext): QuickFix[] {
    const names = (diagnostic.data as { routers?: unknown } | undefined)?.routers;
    if (!Array.isArray(names)) {
        return [];
    }
    const edits = model.routers
        .filter((router) => names.includes(router.name) && router.ast.$cstNode && !router.routeReflector)
        .map((router) => {
            const end = router.ast.$cstNode!.range.end;
            // Before the router's closing brace.
            return TextEdit.insert({ line: end.line, character: Math.max(0, end.character - 1) }, 'route-reflector  ');
        });
    return edits.length > 0 ? [{ title: `Make ${names.join(', ')} route reflector${names.length === 1 ? '' : 's'}`, edits, preferred: true }] : [];
}

/** `option-unsupported` on a router neighbor's `remote-as`: remove `remote-as …` (the ASNs decide iBGP or eBGP). */
export function routerNeighborRemoteAsFix({ diagnostic, node }: FixContext): QuickFix[] {
    if ((diagnostic.data as { consumer?: unknown } | undefined)?.consumer !== 'router neighbor') {
        return [];
    }
    const neighbor = node ? AstUtils.getContainerOfType(node, ast.isNeighbor) : undefined;
    const keyword = neighbor?.$cstNode ? GrammarUtils.findNodeForKeyword(neighbor.$cstNode, 'remote-as') : undefined;
    const value = neighbor?.$cstNode ? (GrammarUtils.findNodeForProperty(neighbor.$cstNode, 'asn') ?? GrammarUtils.findNodeForProperty(neighbor.$cstNode, 'kind')) : undefined;
    if (!keyword || !value) {
        return [];
    }
    return [{ title: 'Remove `remote-as` (iBGP or eBGP follows the two routers\' ASNs)', edits: [TextEdit.del({ start: keyword.range.start, end: value.range.end })], preferred: true }];
}

/** `announce-unsourced`: remove the item from its `announce` list (the whole `announce` when it is the only item). */
export function announceUnsourcedFix({ document, node }: FixContext): QuickFix[] {
    const item = node ? AstUtils.getContainerOfType(node, ast.isAnnounceItem) : undefined;
    const line = item?.$container;
    if (!item?.$cstNode || !line?.$cstNode || !(ast.isUpstream(line) || ast.isNeighbor(line))) {
        return [];
    }
    const items = line.announce;
    const index = items.indexOf(item);
    const text = document.textDocument.getText();
    const at = document.textDocument.positionAt.bind(document.textDocument);
    let start: number;
    let end: number;
    if (items.length === 1) {
        start = text.lastIndexOf('announce', item.$cstNode.offset);
        end = item.$cstNode.end;
    } else if (index > 0) {
        // From the end of the previous item: `, item` goes.
        start = items[index - 1].$cstNode!.end;
        end = item.$cstNode.end;
    } else {
        // The first of several: `item, ` goes.
        start = item.$cstNode.offset;
        end = items[1].$cstNode!.offset;
    }
    return [{ title: 'Remove it from `announce`: nothing in the file originates it here', edits: [TextEdit.del({ start: at(start), end: at(end) })], preferred: true }];
}
