/**
 * Folding: every `{ … }` block that spans lines (folded from the `{` line to the line before `}`, so the
 * closing brace stays visible), every `/* … *\/` comment over several lines, and every run of two or more
 * whole-line `#` / `//` comments (a file's header, a commented-out block). Langium's default folds AST nodes
 * of three lines or more, which misses two-line blocks and line-comment runs.
 */
import type { LangiumDocument, Lexer } from 'langium';
import type { FoldingRangeProvider } from 'langium/lsp';
import { FoldingRange, FoldingRangeKind } from 'vscode-languageserver';
import type { BgptopoServices } from '../bgptopo-module.js';
import { bracePairs, lexDocument, type LexedToken } from './bgptopo-token-stream.js';

export class BgptopoFoldingRangeProvider implements FoldingRangeProvider {
    private readonly lexer: Lexer;

    constructor(services: BgptopoServices) {
        this.lexer = services.parser.Lexer;
    }

    getFoldingRanges(document: LangiumDocument): FoldingRange[] {
        const { tokens } = lexDocument(this.lexer, document.textDocument.getText());
        return [...blockRanges(tokens), ...commentRanges(tokens)].sort((a, b) => a.startLine - b.startLine || b.endLine - a.endLine);
    }
}

function blockRanges(tokens: LexedToken[]): FoldingRange[] {
    // Something to hide: at least one line between the `{` line and the `}` line.
    return bracePairs(tokens)
        .filter(({ open, close }) => close.line - 1 > open.line)
        .map(({ open, close }) => FoldingRange.create(open.line, close.line - 1));
}

function commentRanges(tokens: LexedToken[]): FoldingRange[] {
    const ranges: FoldingRange[] = [];
    let run: LexedToken[] = [];
    const flush = (): void => {
        if (run.length >= 2) {
            ranges.push(FoldingRange.create(run[0].line, run[run.length - 1].line, undefined, undefined, FoldingRangeKind.Comment));
        }
        run = [];
    };
    tokens.forEach((token, index) => {
        const previous = tokens[index - 1];
        const ownLine = !previous || previous.endLine < token.line;
        if (token.kind === 'block-comment' && token.endLine > token.line) {
            flush();
            ranges.push(FoldingRange.create(token.line, token.endLine, undefined, undefined, FoldingRangeKind.Comment));
            return;
        }
        if (token.kind === 'line-comment' && ownLine) {
            const last = run[run.length - 1];
            if (last && last.line + 1 !== token.line) {
                flush();
            }
            run.push(token);
            return;
        }
        flush();
    });
    flush();
    return ranges;
}
