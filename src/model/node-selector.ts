/**
 * Node selectors (LANGUAGE-V2 §1): a union of alternatives; an alternative lists node names, or intersects a group
 * word (`workers`, `control-plane`, `all`) with label terms (`KEY=VALUE`, `KEY!=VALUE`; `!=` also selects nodes
 * without the key, as Kubernetes `NotIn`). The grammar takes any mix so that validation can say what is wrong
 * (`selector-mixed`); here a mixed alternative selects its named nodes that also pass its group word and terms.
 */
import type * as ast from '../language/generated/ast.js';
import type { ModelLabelTerm, ModelNode, ModelSelector, ModelSelectorAlternative } from './topology-model.js';

export type SelectorGroup = 'workers' | 'control-plane' | 'all';

/**
 * A cluster's nodes with their positions and, built on first use, an index by label: a selector is lowered by
 * looking its `KEY=VALUE` terms up instead of scanning the cluster (a block of one group per rack would
 * otherwise cost groups × nodes). Results keep cluster order.
 */
export class ClusterNodes {
    private positions?: Map<ModelNode, number>;
    private byLabel?: Map<string, Map<string, ModelNode[]>>;

    constructor(readonly nodes: readonly ModelNode[]) {}

    /** The nodes with label `key` = `value`, in cluster order. */
    withLabel(key: string, value: string): readonly ModelNode[] {
        if (!this.byLabel) {
            this.byLabel = new Map();
            for (const node of this.nodes) {
                for (const [labelKey, labelValue] of node.labels) {
                    let values = this.byLabel.get(labelKey);
                    if (!values) {
                        values = new Map();
                        this.byLabel.set(labelKey, values);
                    }
                    const members = values.get(labelValue);
                    if (members) {
                        members.push(node);
                    } else {
                        values.set(labelValue, [node]);
                    }
                }
            }
        }
        return this.byLabel.get(key)?.get(value) ?? [];
    }

    /** `members` (nodes of this cluster, no repeats) in cluster order. */
    inOrder(members: Iterable<ModelNode>): ModelNode[] {
        if (!this.positions) {
            this.positions = new Map(this.nodes.map((node, index) => [node, index]));
        }
        const positions = this.positions;
        return [...members].sort((a, b) => (positions.get(a) ?? 0) - (positions.get(b) ?? 0));
    }
}

/** Lowers a selector against its cluster's nodes; `nodeOf` resolves a node reference to its model node. */
export function lowerSelector(
    node: ast.Selector,
    cluster: ClusterNodes,
    nodeOf: (ref: ast.Node | undefined) => ModelNode | undefined
): ModelSelector {
    const alternatives = (node.alternatives ?? []).map((alternative) => lowerAlternative(alternative, cluster, nodeOf));
    const matched = alternatives.length === 1 ? alternatives[0].matched : cluster.inOrder(new Set(alternatives.flatMap((alternative) => alternative.matched)));
    return { alternatives, matched, ast: node };
}

function lowerAlternative(
    node: ast.SelectorAlternative,
    cluster: ClusterNodes,
    nodeOf: (ref: ast.Node | undefined) => ModelNode | undefined
): ModelSelectorAlternative {
    const nodes: ModelNode[] = [];
    const terms: ModelLabelTerm[] = [];
    let group: SelectorGroup | undefined;
    for (const item of node.items ?? []) {
        if (item.term) {
            terms.push(labelTerm(item.term));
        } else if (item.group) {
            group = item.group as SelectorGroup;
        } else if (item.node) {
            const member = nodeOf(item.node.ref);
            if (member && !nodes.includes(member)) {
                nodes.push(member);
            }
        }
    }
    const named = nodes.length > 0 || (node.items ?? []).some((item) => item.node);
    // Candidates: the named nodes, else the nodes of the first `=` term (cluster order), else the whole cluster.
    const equal = terms.find((term) => term.operator === '=');
    const candidates = named ? cluster.inOrder(nodes) : equal ? cluster.withLabel(equal.key, equal.value) : cluster.nodes;
    const matched = candidates.filter((member) => inGroup(member, group) && terms.every((term) => termMatches(term, member)));
    return { nodes, group, terms, matched, ast: node };
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

/** `KEY=VALUE` / `KEY!=VALUE` as the model carries it (quotes removed). */
export function labelTerm(term: ast.LabelTerm): ModelLabelTerm {
    return { key: labelText(term.key), operator: term.operator === '!=' ? '!=' : '=', value: labelText(term.value) };
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
