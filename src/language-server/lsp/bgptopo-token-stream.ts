/**
 * The document as a flat list of tokens, comments included, from bgptopo's own lexer. The formatter and
 * the folding provider work on this list: layout and folding are about braces, lines and comments, which
 * the token list shows directly (comments are not AST nodes).
 */
import type { Lexer } from 'langium';

export type TokenKind = 'open' | 'close' | 'line-comment' | 'block-comment' | 'token';

export interface LexedToken {
    readonly image: string;
    readonly kind: TokenKind;
    /** Offset of the first character. */
    readonly offset: number;
    /** Offset just past the last character. */
    readonly end: number;
    /** 0-based lines of the first and last character. */
    readonly line: number;
    readonly endLine: number;
}

export interface LexedDocument {
    readonly tokens: LexedToken[];
    readonly hasErrors: boolean;
}

export function lexDocument(lexer: Lexer, text: string): LexedDocument {
    const result = lexer.tokenize(text);
    const lineStarts = computeLineStarts(text);
    const raw = [...result.tokens, ...(result.hidden ?? [])].sort((a, b) => a.startOffset - b.startOffset);
    const tokens: LexedToken[] = [];
    for (const token of raw) {
        const name = token.tokenType.name;
        if (name === 'WS') {
            continue;
        }
        const offset = token.startOffset;
        const end = offset + token.image.length;
        tokens.push({
            image: token.image,
            kind: name === 'SL_COMMENT' ? 'line-comment' : name === 'ML_COMMENT' ? 'block-comment' : token.image === '{' ? 'open' : token.image === '}' ? 'close' : 'token',
            offset,
            end,
            line: lineOf(lineStarts, offset),
            endLine: lineOf(lineStarts, Math.max(offset, end - 1))
        });
    }
    return { tokens, hasErrors: result.errors.length > 0 };
}

export function isComment(token: LexedToken): boolean {
    return token.kind === 'line-comment' || token.kind === 'block-comment';
}

function computeLineStarts(text: string): number[] {
    const starts = [0];
    for (let i = 0; i < text.length; i++) {
        if (text.charCodeAt(i) === 10) {
            starts.push(i + 1);
        }
    }
    return starts;
}

function lineOf(starts: number[], offset: number): number {
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
        const mid = (low + high + 1) >> 1;
        if (starts[mid] <= offset) {
            low = mid;
        } else {
            high = mid - 1;
        }
    }
    return low;
}

/** Each `{` with its matching `}`, in the order the blocks close (unbalanced braces are left out). */
export function bracePairs(tokens: readonly LexedToken[]): Array<{ readonly open: LexedToken; readonly close: LexedToken }> {
    const pairs: Array<{ open: LexedToken; close: LexedToken }> = [];
    const open: LexedToken[] = [];
    for (const token of tokens) {
        if (token.kind === 'open') {
            open.push(token);
        } else if (token.kind === 'close') {
            const start = open.pop();
            if (start) {
                pairs.push({ open: start, close: token });
            }
        }
    }
    return pairs;
}
