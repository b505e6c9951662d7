/**
 * Document and range formatting. It keeps Langium's AbstractFormatter gates (no edits while the document
 * has lexer or parser errors; range formatting only up to the first error) but computes the layout from
 * the token stream ({@link layoutGaps}): bgptopo's layout rules are about lines, braces and comments,
 * which node-based formatting rules cannot express (keep a block on one line when it was written so, keep
 * the author's line breaks between options). As a last guard, edits whose result would lex differently
 * are dropped, so formatting can never change the parse.
 */
import { CstUtils, GrammarAST, GrammarUtils, type AstNode, type LangiumDocument, type LeafCstNode, type Lexer } from 'langium';
import { AbstractFormatter } from 'langium/lsp';
import type { FormattingOptions, Range, TextEdit } from 'vscode-languageserver';
import type { BgptopoServices } from '../bgptopo-module.js';
import { layoutGaps, type GapEdit, type LayoutOptions } from './bgptopo-layout.js';
import { lexDocument } from './bgptopo-token-stream.js';

/** The canonical options, used by the CLI and when an editor sends none. */
export const CANONICAL_LAYOUT: LayoutOptions = { tabSize: 2, insertSpaces: true };

export class BgptopoFormatter extends AbstractFormatter {
    private readonly lexer: Lexer;

    constructor(services: BgptopoServices) {
        super();
        this.lexer = services.parser.Lexer;
    }

    /** Node-based rules are not used; see {@link doDocumentFormat}. */
    protected format(_node: AstNode): void {}

    protected override doDocumentFormat(document: LangiumDocument, options: FormattingOptions, range?: Range): TextEdit[] {
        const textDocument = document.textDocument;
        const text = textDocument.getText();
        const edits = formatEdits(this.lexer, text, options ?? CANONICAL_LAYOUT, optionStarts(document));
        const first = range ? textDocument.offsetAt(range.start) : 0;
        const last = range ? textDocument.offsetAt(range.end) : text.length;
        return edits
            .filter((edit) => edit.start >= first && edit.end <= last)
            .map((edit) => ({
                range: { start: textDocument.positionAt(edit.start), end: textDocument.positionAt(edit.end) },
                newText: edit.newText
            }));
    }
}

/** The whitespace edits that give `text` its canonical layout; none when the text does not lex cleanly. */
export function formatEdits(lexer: Lexer, text: string, options: LayoutOptions = CANONICAL_LAYOUT, starts?: ReadonlySet<number>): GapEdit[] {
    const lexed = lexDocument(lexer, text);
    if (lexed.hasErrors) {
        return [];
    }
    const edits = layoutGaps(text, lexed.tokens, options, starts);
    const formatted = applyGapEdits(text, edits);
    const before = lexed.tokens.map((token) => token.image);
    const after = lexDocument(lexer, formatted).tokens.map((token) => token.image);
    const sameTokens = before.length === after.length && before.every((image, index) => image === after[index]);
    return sameTokens ? edits : [];
}

/**
 * Offsets of the keywords that begin an option of their block: a word keyword that is not a value (not
 * assigned, except a flag such as `bfd`) and that either begins its node (`address` of a HostAddress,
 * `ssh`, `neighbor`, `node`) or stands inside its own node's braces (`asn`, `vrid`, `pod-cidr`). `every`
 * of a health check or `of` in `control-plane of` continue their option instead.
 */
export function optionStarts(document: LangiumDocument): Set<number> {
    const starts = new Set<number>();
    const root = document.parseResult.value.$cstNode;
    if (!root) {
        return starts;
    }
    for (const leaf of CstUtils.flattenCst(root)) {
        if (isOptionStart(leaf)) {
            starts.add(leaf.offset);
        }
    }
    return starts;
}

function isOptionStart(leaf: LeafCstNode): boolean {
    const keyword = leaf.grammarSource;
    if (!GrammarAST.isKeyword(keyword) || !/^[a-z]/.test(keyword.value)) {
        return false;
    }
    const assignment = GrammarUtils.findAssignment(leaf);
    if (assignment && assignment.operator !== '?=') {
        return false;
    }
    const node: AstNode = leaf.astNode;
    const cst = node.$cstNode;
    if (!cst) {
        return false;
    }
    if (cst.offset === leaf.offset) {
        return true;
    }
    const open = GrammarUtils.findNodeForKeyword(cst, '{');
    return open !== undefined && open.offset < leaf.offset;
}

function applyGapEdits(text: string, edits: GapEdit[]): string {
    let result = '';
    let cursor = 0;
    for (const edit of edits) {
        result += text.slice(cursor, edit.start) + edit.newText;
        cursor = edit.end;
    }
    return result + text.slice(cursor);
}
