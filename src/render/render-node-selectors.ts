/**
 * Which nodes a manifest object applies to, as Kubernetes label selectors (LANGUAGE-V2 §1): the file's own selector
 * where it selects exactly those nodes — label terms become `matchExpressions` (`KEY=VALUE` → `In`, `KEY!=VALUE` →
 * `NotIn`, which also takes nodes without the key), node names and group words a `kubernetes.io/hostname` list —
 * else a hostname list of the nodes. Deploy sets the labels the file gives (Node objects in nodes.yaml, render-node-metadata.ts), verify reads them back.
 */
import type { ModelLabelTerm, ModelNode, ModelSelector, ModelSelectorAlternative } from '../model/index.js';

export const HOSTNAME_LABEL = 'kubernetes.io/hostname';

export interface LabelSelector {
    readonly matchExpressions: Array<{ key: string; operator: 'In' | 'NotIn'; values: string[] }>;
}

/** Kubernetes LabelSelector from the language's label terms (LANGUAGE-V2 §1, §7): `=` is `In`, `!=` is `NotIn`. */
export function labelSelector(terms: readonly ModelLabelTerm[]): LabelSelector {
    return { matchExpressions: terms.map((term) => ({ key: term.key, operator: term.operator === '=' ? 'In' : 'NotIn', values: [term.value] })) };
}

/** A hostname list: the nodes by their Kubernetes names, sorted. */
export function hostnameSelector(nodes: readonly ModelNode[]): LabelSelector {
    return { matchExpressions: [{ key: HOSTNAME_LABEL, operator: 'In', values: nodes.map((node) => node.kubernetesName).sort() }] };
}

/**
 * The first of `selectors` that selects exactly `nodes`, as OR'ed label selectors (MetalLB `nodeSelectors`); undefined
 * when none does (the caller writes a hostname list). `single` asks for one selector (Cilium `nodeSelector`): a
 * selector of several alternatives does not qualify.
 */
export function selectorFor(selectors: ReadonlyArray<ModelSelector | undefined>, nodes: readonly ModelNode[], single = false): LabelSelector[] | undefined {
    const wanted = new Set(nodes);
    for (const selector of selectors) {
        if (!selector || selector.matched.length !== wanted.size || !selector.matched.every((node) => wanted.has(node))) {
            continue;
        }
        if (!selector.alternatives.some((alternative) => byLabels(alternative))) {
            continue; // names and group words only: the hostname list says the same
        }
        if (single && selector.alternatives.length !== 1) {
            continue;
        }
        return selector.alternatives.map((alternative) => (byLabels(alternative) ? termsSelector(alternative) : hostnameSelector(alternative.matched)));
    }
    return undefined;
}

/** An alternative that Kubernetes can evaluate by labels alone: label terms, with no names and no group word but `all`. */
function byLabels(alternative: ModelSelectorAlternative): boolean {
    return alternative.terms.length > 0 && alternative.nodes.length === 0 && (alternative.group === undefined || alternative.group === 'all') && (alternative.ast.items ?? []).every((item) => !item.node);
}

function termsSelector(alternative: ModelSelectorAlternative): LabelSelector {
    return {
        matchExpressions: alternative.terms.map((term) => ({ key: term.key, operator: term.operator === '=' ? 'In' : 'NotIn', values: [term.value] }))
    };
}

/** A label key Calico's selector tokenizer reads as one label (libcalico-go lib/selector/tokenizer: `[a-zA-Z0-9_./-]{1,512}`). */
const CALICO_LABEL_KEY = /^[A-Za-z0-9_./-]{1,512}$/;
/**
 * A value Calico's string literal holds as it is (letters, digits, `-`, `_`, `.`: no quote can end it early). Label
 * values are at most 63 characters (validation checks them); a `kubernetes.io/hostname` value is a node name, a
 * DNS-1123 subdomain of up to 253.
 */
const CALICO_LABEL_VALUE = /^[A-Za-z0-9_.-]{0,253}$/;

/**
 * OR'ed label selectors (selectorFor, hostnameSelector) in Calico's selector syntax (projectcalico.org/v3
 * `nodeSelector`): `In` of one value → `KEY == 'VALUE'`, `NotIn` of one → `KEY != 'VALUE'` (Calico's `!=` also
 * matches nodes without the key, as Kubernetes `NotIn` and the language's `!=`), several values → `in {…}` /
 * `not in {…}`, requirements joined by `&&`, alternatives by `||` (parenthesised when they hold several). Calico's
 * string literals have no escapes: a key or value outside Kubernetes' label syntax is refused (`refuse` throws).
 */
export function calicoSelector(selectors: readonly LabelSelector[], refuse: (message: string) => never): string {
    const literal = (value: string): string => (CALICO_LABEL_VALUE.test(value) ? `'${value}'` : refuse(`${JSON.stringify(value)} cannot be a Calico selector value`));
    const requirement = ({ key, operator, values }: LabelSelector['matchExpressions'][number]): string => {
        if (!CALICO_LABEL_KEY.test(key)) {
            refuse(`${JSON.stringify(key)} cannot be a Calico selector label`);
        }
        if (values.length === 1 && key !== HOSTNAME_LABEL) {
            return `${key} ${operator === 'In' ? '==' : '!='} ${literal(values[0])}`;
        }
        return `${key} ${operator === 'In' ? 'in' : 'not in'} {${values.map(literal).join(', ')}}`;
    };
    const alternatives = selectors.map((selector) => selector.matchExpressions.map(requirement));
    return alternatives.map((parts) => (alternatives.length > 1 && parts.length > 1 ? `(${parts.join(' && ')})` : parts.join(' && '))).join(' || ');
}
