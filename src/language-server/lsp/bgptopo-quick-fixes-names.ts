/**
 * `unresolved-reference` → the near misses: declarations of the kind the reference needs (`data.expected`) whose
 * names are within two edits of the name written, case ignored, closest first, at most three. Preferred when it is
 * the only one, or the only one differing in case alone.
 */
import { AstUtils } from 'langium';
import { TextEdit } from 'vscode-languageserver';
import { reflection } from '../../language/generated/ast.js';
import type { FixContext, QuickFix } from './bgptopo-quick-fixes.js';

const MAX_DISTANCE = 2;
const MAX_FIXES = 3;

export function nearMissNameFixes({ document, diagnostic }: FixContext): QuickFix[] {
    const data = diagnostic.data as { refText?: unknown; expected?: unknown } | undefined;
    if (typeof data?.refText !== 'string' || typeof data.expected !== 'string') {
        return [];
    }
    const written = data.refText;
    const expected = data.expected;
    const names = new Set<string>();
    for (const node of AstUtils.streamAst(document.parseResult.value)) {
        const name = (node as { name?: unknown }).name;
        if (typeof name === 'string' && name !== written && reflection.isSubtype(node.$type, expected)) {
            names.add(name);
        }
    }
    const close = [...names]
        .map((name) => ({ name, distance: editDistance(written.toLowerCase(), name.toLowerCase()) }))
        .filter((entry) => entry.distance <= MAX_DISTANCE)
        .sort((a, b) => a.distance - b.distance || a.name.localeCompare(b.name))
        .slice(0, MAX_FIXES);
    const caseOnly = close.filter((entry) => entry.distance === 0);
    return close.map((entry) => ({
        title: `Change to '${entry.name}'`,
        edits: [TextEdit.replace(diagnostic.range, entry.name)],
        preferred: close.length === 1 || (caseOnly.length === 1 && caseOnly[0] === entry)
    }));
}

/** Levenshtein distance (insert, delete, substitute), with an early exit once every cell is past the bound. */
function editDistance(a: string, b: string): number {
    if (Math.abs(a.length - b.length) > MAX_DISTANCE) {
        return MAX_DISTANCE + 1;
    }
    let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
    for (let i = 1; i <= a.length; i++) {
        const current = [i];
        for (let j = 1; j <= b.length; j++) {
            current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
        }
        if (Math.min(...current) > MAX_DISTANCE) {
            return MAX_DISTANCE + 1;
        }
        previous = current;
    }
    return previous[b.length];
}
