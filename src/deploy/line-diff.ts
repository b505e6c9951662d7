/**
 * Unified diffs of two texts by lines (Myers' O(ND) algorithm), for deploy plans: what would change on a
 * host, file by file, before anything is touched.
 */
export type DiffOp = { readonly kind: 'equal' | 'delete' | 'insert'; readonly line: string };

/**
 * Above this many differences the middle of the change is shown as one replacement: memory stays bounded
 * (the trace holds O(D²) integers) whatever the size of the files.
 */
const MAX_EDIT_DISTANCE = 2_000;

export function diffLines(before: string, after: string): DiffOp[] {
    const a = splitLines(before);
    const b = splitLines(after);
    // Configs change locally: take the common head and tail off first.
    let head = 0;
    while (head < a.length && head < b.length && a[head] === b[head]) {
        head++;
    }
    let tail = 0;
    while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) {
        tail++;
    }
    const middle = myers(a.slice(head, a.length - tail), b.slice(head, b.length - tail));
    return [
        ...a.slice(0, head).map((line): DiffOp => ({ kind: 'equal', line })),
        ...middle,
        ...a.slice(a.length - tail).map((line): DiffOp => ({ kind: 'equal', line }))
    ];
}

function myers(a: string[], b: string[]): DiffOp[] {
    const n = a.length;
    const m = b.length;
    const maxD = Math.min(n + m, MAX_EDIT_DISTANCE);
    const offset = maxD + 1;
    const v = new Int32Array(2 * maxD + 3);
    // trace[d] holds v[k] for k in [-d-1, d+1] as it was before round d.
    const trace: Int32Array[] = [];
    for (let d = 0; d <= maxD; d++) {
        trace.push(v.slice(offset - d - 1, offset + d + 2));
        for (let k = -d; k <= d; k += 2) {
            let x = k === -d || (k !== d && v[offset + k - 1] < v[offset + k + 1]) ? v[offset + k + 1] : v[offset + k - 1] + 1;
            let y = x - k;
            while (x < n && y < m && a[x] === b[y]) {
                x++;
                y++;
            }
            v[offset + k] = x;
            if (x >= n && y >= m) {
                return backtrack(trace, a, b);
            }
        }
    }
    // Too many differences: one replacement block.
    return [...a.map((line): DiffOp => ({ kind: 'delete', line })), ...b.map((line): DiffOp => ({ kind: 'insert', line }))];
}

function backtrack(trace: Int32Array[], a: string[], b: string[]): DiffOp[] {
    const ops: DiffOp[] = [];
    let x = a.length;
    let y = b.length;
    for (let d = trace.length - 1; d >= 0 && (x > 0 || y > 0); d--) {
        const saved = trace[d];
        const at = (k: number): number => saved[k + d + 1];
        const k = x - y;
        const prevK = k === -d || (k !== d && at(k - 1) < at(k + 1)) ? k + 1 : k - 1;
        const prevX = at(prevK);
        const prevY = prevX - prevK;
        while (x > prevX && y > prevY) {
            ops.push({ kind: 'equal', line: a[--x] });
            y--;
        }
        if (d > 0) {
            if (x === prevX) {
                ops.push({ kind: 'insert', line: b[--y] });
            } else {
                ops.push({ kind: 'delete', line: a[--x] });
            }
        }
    }
    return ops.reverse();
}

function splitLines(text: string): string[] {
    if (text === '') {
        return [];
    }
    const lines = text.split('\n');
    if (lines[lines.length - 1] === '') {
        lines.pop();
    }
    return lines;
}

/** `diff -u` style text with `context` lines around each change; empty when the texts are equal. */
export function unifiedDiff(before: string, after: string, oldName: string, newName: string, context = 3): string {
    const ops = diffLines(before, after);
    if (!ops.some((op) => op.kind !== 'equal')) {
        return '';
    }
    const out = [`--- ${oldName}`, `+++ ${newName}`];
    let i = 0;
    let oldLine = 1;
    let newLine = 1;
    while (i < ops.length) {
        if (ops[i].kind === 'equal') {
            i++;
            oldLine++;
            newLine++;
            continue;
        }
        // A hunk: back up `context` equal lines, run until `2 * context` equal lines in a row or the end.
        const start = Math.max(0, i - context);
        let end = i;
        let equalRun = 0;
        while (end < ops.length && (ops[end].kind !== 'equal' || equalRun < 2 * context)) {
            equalRun = ops[end].kind === 'equal' ? equalRun + 1 : 0;
            end++;
        }
        end = Math.min(ops.length, end - Math.max(0, equalRun - context));
        const lead = i - start;
        const hunk = ops.slice(start, end);
        const oldCount = hunk.filter((op) => op.kind !== 'insert').length;
        const newCount = hunk.filter((op) => op.kind !== 'delete').length;
        const oldStart = oldLine - lead;
        const newStart = newLine - lead;
        out.push(`@@ -${oldCount === 0 ? oldStart - 1 : oldStart},${oldCount} +${newCount === 0 ? newStart - 1 : newStart},${newCount} @@`);
        for (const op of hunk) {
            out.push(`${op.kind === 'equal' ? ' ' : op.kind === 'delete' ? '-' : '+'}${op.line}`);
        }
        for (let j = i; j < end; j++) {
            if (ops[j].kind !== 'insert') {
                oldLine++;
            }
            if (ops[j].kind !== 'delete') {
                newLine++;
            }
        }
        i = end;
    }
    return out.join('\n') + '\n';
}
