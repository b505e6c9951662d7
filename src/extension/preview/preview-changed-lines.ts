/** Which lines of a new preview text differ from the text shown before (0-based line numbers). */
import { diffLines } from '../../deploy/line-diff.js';

export function changedLines(before: string, after: string): number[] {
    const changed: number[] = [];
    let line = 0;
    for (const op of diffLines(before, after)) {
        if (op.kind === 'insert') {
            changed.push(line);
        }
        if (op.kind !== 'delete') {
            line++;
        }
    }
    return changed;
}
