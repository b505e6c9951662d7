/**
 * Node selectors (LANGUAGE-V2 §1): a union of alternatives; an alternative lists node names, or intersects a group
 * word (`workers`, `control-plane`, `all`) with label terms (`KEY=VALUE`, `KEY!=VALUE`; `!=` also selects nodes
 * without the key, as Kubernetes `NotIn`). The grammar takes any mix so that validation can say what is wrong
 * (`selector-mixed`); here a mixed alternative selects its named nodes that also pass its group word and terms.
 */
import type * as ast from '../language/generated/ast.js';
import type { ModelLabelTerm, ModelNode, ModelSelector, ModelSelectorAlternative } from './topology-model.js';

export type SelectorGroup = 'workers' | 'control-plane' | 'all';

/** Lowers a selector against its cluster's nodes; `nodeOf` resolves a node reference to its model node. */
export function lowerSelector(
    node: ast.Selector,
    clusterNodes: readonly ModelNode[],
    nodeOf: (ref: ast.Node | undefined) => ModelNode | undefined
): ModelSelector {
    const alternatives = (node.alternatives ?? []).map((alternative) => lowerAlternative(alternative, clusterNodes, nodeOf));
    const union = new Set(alternatives.flatMap((alternative) => alternative.matched));
    return { alternatives, matched: clusterNodes.filter((member) => union.has(member)), ast: node };
}

function lowerAlternative(
    node: ast.SelectorAlternative,
    clusterNodes: readonly ModelNode[],
    nodeOf: (ref: ast.Node | undefined) => ModelNode | undefined
): ModelSelectorAlternative {
    const nodes: ModelNode[] = [];
    const terms: ModelLabelTerm[] = [];
    let group: SelectorGroup | undefined;
    for (const item of node.items ?? []) {
        if (item.term) {
            terms.push({ key: labelText(item.term.key), operator: item.term.operator === '!=' ? '!=' : '=', value: labelText(item.term.value) });
        } else if (item.group) {
            group = item.group as SelectorGroup;
        } else if (item.node) {
            const member = nodeOf(item.node.ref);
            if (member && !nodes.includes(member)) {
                nodes.push(member);
            }
        }
    }
    const candidates = nodes.length > 0 || (node.items ?? []).some((item) => item.node) ? nodes : clusterNodes;
    const chosen = new Set(candidates.filter((member) => inGroup(member, group) && terms.every((term) => termMatches(term, member))));
    return { nodes, group, terms, matched: clusterNodes.filter((member) => chosen.has(member)), ast: node };
}

export function inGroup(node: ModelNode, group: SelectorGroup | undefined): boolean {
    if (group === undefined || group === 'all') {
        return true;
    }
    return group === 'workers' ? node.role === 'worker' : node.role === 'control-plane';
}

export function termMatches(term: ModelLabelTerm, node: ModelNode): boolean {
    const value = node.labels.get(term.key);
    return term.operator === '=' ? value === term.value : value !== term.value;
}

/** A label key or value as written: a quoted string loses its quotes. */
export function labelText(text: string | number | undefined): string {
    const raw = text === undefined ? '' : String(text);
    if (raw.length >= 2 && raw.startsWith('"') && raw.endsWith('"')) {
        try {
            return JSON.parse(raw) as string;
        } catch {
            return raw.slice(1, -1);
        }
    }
    return raw;
}

/** A term as written in the file: `rack=a`, `"topology.kubernetes.io/zone"!=b`. */
export function termText(term: ModelLabelTerm): string {
    const quote = (text: string): string => (/^[A-Za-z_][A-Za-z0-9_-]*$|^[0-9]+$/.test(text) ? text : JSON.stringify(text));
    return `${quote(term.key)}${term.operator}${quote(term.value)}`;
}
