/** The 0-based line of an element's declaration (its AST node), or 0 when unknown. */
export function declarationLine(node: { $cstNode?: { range: { start: { line: number } } } } | undefined): number {
    return node?.$cstNode?.range.start.line ?? 0;
}
