/**
 * Completion of label keys and values (LANGUAGE-V2 §1) from the labels the document's nodes already carry: a key
 * after `labels` or `speakers` (and after `,` / `or` on such a line), the values of that key after `KEY=` / `KEY!=`.
 * Labels are free words to the grammar, so the slot is read from the text before the cursor.
 */
import { CompletionItemKind } from 'vscode-languageserver';
import { labelText } from '../../model/node-selector.js';
import type { TopologyModel } from '../../model/topology-model.js';

export type LabelSlot = { readonly kind: 'key' } | { readonly kind: 'value'; readonly key: string };

const VALUE_SLOT = /("(?:\\.|[^"\\\r\n])*"|[A-Za-z0-9_][A-Za-z0-9_.\/-]*)\s*!?=\s*$/;
const KEY_SLOT = /\b(?:labels|speakers)\b(?:[^{}\r\n#]*?(?:,|\bor\b))?\s*$/;

/** What the cursor at `offset` completes, if a label (the word being typed is left out). */
export function labelSlot(text: string, offset: number): LabelSlot | undefined {
    const line = text.slice(text.lastIndexOf('\n', offset - 1) + 1, offset).replace(/[A-Za-z0-9_.\/"-]*$/, '');
    const value = VALUE_SLOT.exec(line);
    if (value) {
        return { kind: 'value', key: labelText(value[1]) };
    }
    return KEY_SLOT.test(line) ? { kind: 'key' } : undefined;
}

export interface LabelCompletion {
    readonly label: string;
    readonly kind: CompletionItemKind;
    readonly detail: string;
    readonly sortText: string;
}

/** The document's label keys, or the values of one key, with how many nodes carry each. */
export function labelCompletions(model: TopologyModel, slot: LabelSlot): LabelCompletion[] {
    const counts = new Map<string, number>();
    for (const node of model.nodes) {
        if (slot.kind === 'key') {
            for (const key of node.labels.keys()) {
                counts.set(key, (counts.get(key) ?? 0) + 1);
            }
        } else {
            const value = node.labels.get(slot.key);
            if (value !== undefined) {
                counts.set(value, (counts.get(value) ?? 0) + 1);
            }
        }
    }
    const quote = (word: string): string => (/^[A-Za-z_][A-Za-z0-9_-]*$|^[0-9]+$/.test(word) ? word : JSON.stringify(word));
    return [...counts.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([word, count]) => ({
        label: quote(word),
        kind: slot.kind === 'key' ? CompletionItemKind.Property : CompletionItemKind.Value,
        detail: `label ${slot.kind === 'key' ? 'key' : `value of ${slot.key}`} · on ${count} node${count === 1 ? '' : 's'}`,
        sortText: '00'
    }));
}
