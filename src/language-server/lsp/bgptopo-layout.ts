/**
 * The canonical layout of a .bgptopo file, as replacements of the whitespace between tokens. Only
 * whitespace ever changes, so a formatted file has the same tokens, the same parse and the same
 * diagnostics. The rules (README "Formatting"):
 *
 * - Indentation is one unit (2 spaces by default) per enclosing `{ … }`.
 * - `{` sits on the line of its declaration, one space before it.
 * - A block written on one line stays on one line, its options separated by two spaces and the words of
 *   one option by one (`node cp1 control-plane { address 10.0.1.5  pod-cidr 10.244.1.0/24 }`, the style
 *   of the examples); a block written over several lines gets its content on the lines after `{` and its
 *   `}` on a line of its own.
 * - Line breaks between options are the author's: the formatter never joins two lines or splits one,
 *   except around the braces of a multi-line block. Runs of blank lines shrink to one; blank lines after
 *   `{`, before `}` and at the start of the file go.
 * - Between tokens on one line there is one space; none before `,`, and none around `@`, `:`, inside `[ ]`
 *   (`ssh ops@[2001:db8::1]:2222`). A line continued after `,` is indented one unit deeper.
 * - A comment at the end of a line keeps the spacing before it (aligned comments stay aligned); a
 *   comment on its own line is indented like the code around it. The file ends with one newline.
 */
import { bracePairs, isComment, type LexedToken } from './bgptopo-token-stream.js';

export interface LayoutOptions {
    readonly tabSize: number;
    readonly insertSpaces: boolean;
}

/** Replace `text.slice(start, end)` (whitespace only) with `newText`. */
export interface GapEdit {
    readonly start: number;
    readonly end: number;
    readonly newText: string;
}

// `user@host:port`, label terms `KEY=VALUE` / `KEY!=VALUE` (LANGUAGE-V2 §1) and ranges `A-B` (§13) are written without blanks.
const GLUE = new Set(['@', ':', '=', '!=', '-']);

/**
 * @param optionStarts offsets of the tokens that begin an option of their block (`asn`, `address`, …),
 *   known from the parse; inside a one-line block they are preceded by two spaces.
 */
export function layoutGaps(text: string, tokens: LexedToken[], options: LayoutOptions, optionStarts: ReadonlySet<number> = new Set()): GapEdit[] {
    const unit = options.insertSpaces ? ' '.repeat(Math.max(1, options.tabSize)) : '\t';
    const singleLine = singleLineBlocks(tokens);
    const edits: GapEdit[] = [];
    const blocks: LexedToken[] = [];
    let previous: LexedToken | undefined;
    for (const token of tokens) {
        if (token.kind === 'close') {
            blocks.pop();
        }
        const start = previous ? previous.end : 0;
        const gap = text.slice(start, token.offset);
        let newText = previous ? gapText(previous, token, gap, blocks.length, unit, singleLine) : '';
        const innermost = blocks[blocks.length - 1];
        if (newText === ' ' && innermost && singleLine.has(innermost) && previous !== innermost && optionStarts.has(token.offset)) {
            newText = '  ';
        }
        edits.push({ start, end: token.offset, newText });
        if (token.kind === 'open') {
            blocks.push(token);
        }
        previous = token;
    }
    if (previous) {
        edits.push({ start: previous.end, end: text.length, newText: '\n' });
    }
    return edits.filter((edit) => text.slice(edit.start, edit.end) !== edit.newText);
}

function gapText(a: LexedToken, b: LexedToken, gap: string, depth: number, unit: string, singleLine: Set<LexedToken>): string {
    const newlines = countNewlines(gap);
    const lineBreak = (lines: number, extra = 0): string => '\n'.repeat(lines) + unit.repeat(depth + extra);
    if (b.kind === 'close' && !singleLine.has(b)) {
        return lineBreak(1);
    }
    if (a.kind === 'line-comment') {
        return lineBreak(clamp(newlines, 1, 2));
    }
    if (isComment(b) && newlines === 0) {
        // A trailing comment keeps its spacing, tabs counted as one space each.
        return ' '.repeat(Math.max(1, gap.length));
    }
    if (b.kind === 'open') {
        return ' ';
    }
    if (b.kind === 'close') {
        return ' ';
    }
    if (a.kind === 'open' && !singleLine.has(a)) {
        return lineBreak(1);
    }
    if (b.image === ',' || GLUE.has(a.image) || GLUE.has(b.image) || a.image === '[' || b.image === ']') {
        return '';
    }
    if (newlines > 0) {
        return lineBreak(clamp(newlines, 1, 2), a.image === ',' ? 1 : 0);
    }
    return ' ';
}

/** The `{` and `}` tokens of blocks whose braces are on one line. */
function singleLineBlocks(tokens: LexedToken[]): Set<LexedToken> {
    return new Set(bracePairs(tokens).filter(({ open, close }) => open.line === close.line).flatMap(({ open, close }) => [open, close]));
}

function countNewlines(text: string): number {
    let count = 0;
    for (let i = 0; i < text.length; i++) {
        if (text.charCodeAt(i) === 10) {
            count++;
        }
    }
    return count;
}

function clamp(value: number, min: number, max: number): number {
    return Math.min(max, Math.max(min, value));
}
