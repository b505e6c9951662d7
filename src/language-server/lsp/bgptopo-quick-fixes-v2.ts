/**
 * Quick fixes of the LANGUAGE-V2 diagnostics (§11): `session-duplicate` → remove the router from the later
 * group; `selector-empty` → the label values that exist; `vrrp-priority` on a shared top priority → raise the
 * first holder by one.
 */
import { AstUtils, GrammarUtils } from 'langium';
import { TextEdit, type Range } from 'vscode-languageserver';
import * as ast from '../../language/generated/ast.js';
import { labelText } from '../../model/node-selector.js';
import type { FixContext, QuickFix } from './bgptopo-quick-fixes.js';

/** `session-duplicate`: drop the router from the later group's list, or the whole group when it is its only router. */
export function sessionDuplicateFix({ diagnostic, node }: FixContext): QuickFix[] {
    const router = (diagnostic.data as { router?: unknown } | undefined)?.router;
    const group = node ? AstUtils.getContainerOfType(node, ast.isPeerGroup) : undefined;
    if (typeof router !== 'string' || !group?.$cstNode) {
        return [];
    }
    const refs = group.routers ?? [];
    const index = refs.findIndex((ref) => ref.$refText === router);
    if (index < 0) {
        return [];
    }
    if (refs.length === 1) {
        return [{ title: `Remove this peer group (its only router, ${router}, is already reached)`, edits: [TextEdit.del(group.$cstNode.range)], preferred: true }];
    }
    // Remove "R, " (or ", R" for the last one) so that the list stays well-formed.
    const range: Range =
        index < refs.length - 1
            ? { start: refs[index].$refNode!.range.start, end: refs[index + 1].$refNode!.range.start }
            : { start: refs[index - 1].$refNode!.range.end, end: refs[index].$refNode!.range.end };
    return [{ title: `Remove ${router} from this group`, edits: [TextEdit.del(range)], preferred: true }];
}

/** `selector-empty`: for each `KEY=VALUE` term, the values of KEY that nodes of the cluster do have. */
export function selectorEmptyFix({ node }: FixContext): QuickFix[] {
    const alternative = node ? AstUtils.getContainerOfType(node, ast.isSelectorAlternative) : undefined;
    const cluster = node ? AstUtils.getContainerOfType(node, ast.isCluster) : undefined;
    if (!alternative || !cluster) {
        return [];
    }
    const fixes: QuickFix[] = [];
    for (const item of alternative.items ?? []) {
        const term = item.term;
        const valueNode = term?.$cstNode ? GrammarUtils.findNodeForProperty(term.$cstNode, 'value') : undefined;
        if (!term || term.operator !== '=' || !valueNode) {
            continue;
        }
        const key = labelText(term.key);
        const values = new Set<string>();
        for (const member of cluster.nodes ?? []) {
            for (const label of member.labels ?? []) {
                if (labelText(label.key) === key) {
                    values.add(labelText(label.value));
                }
            }
        }
        for (const value of [...values].sort()) {
            const written = /^[A-Za-z_][A-Za-z0-9_-]*$|^[0-9]+$/.test(value) ? value : JSON.stringify(value);
            fixes.push({ title: `Select ${key}=${value}`, edits: [TextEdit.replace(valueNode.range, written)], preferred: false });
        }
    }
    return fixes;
}

/** `vrrp-priority` (the highest priority shared): raise the first holder at that priority by one. */
export function vrrpTopPriorityFix({ diagnostic, node }: FixContext): QuickFix[] {
    const data = diagnostic.data as { first?: unknown; priority?: unknown } | undefined;
    const vip = node ? AstUtils.getContainerOfType(node, ast.isVip) : undefined;
    if (typeof data?.first !== 'string' || typeof data.priority !== 'number' || data.priority >= 254 || !vip) {
        return [];
    }
    const holder = (vip.holders?.entries ?? []).find((entry) => entry.host?.$refText === data.first && entry.priority === data.priority);
    const priorityNode = holder?.$cstNode ? GrammarUtils.findNodeForProperty(holder.$cstNode, 'priority') : undefined;
    if (!priorityNode) {
        return [];
    }
    const raised = (data.priority as number) + 1;
    return [{ title: `Raise ${data.first} to priority ${raised} (the one master)`, edits: [TextEdit.replace(priorityNode.range, String(raised))], preferred: true }];
}
