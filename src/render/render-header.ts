/**
 * The header every rendered file starts with: which element of the topology produced it. Only element
 * names and line numbers go in (never a secret or key, never the topology's file name or path, which
 * differ between two checkouts of the same topology); control characters are stripped so a name cannot
 * break out of the comment. Deploy compares files without their comments (withoutComments), so a header
 * alone never changes a file on a host.
 */
import type { RenderOrigin } from './render-types.js';

/** The element's declaration line (1-based; 0 when the model was built without a parse tree). */
export function lineOf(node: { $cstNode?: { range: { start: { line: number } } } } | undefined): number {
    const line = node?.$cstNode?.range.start.line;
    return line === undefined ? 0 : line + 1;
}

export function originOf(element: string, node: { $cstNode?: { range: { start: { line: number } } } } | undefined): RenderOrigin {
    return { element, line: lineOf(node) };
}

/** `text` with control characters (a newline among them) replaced, so it cannot leave a one-line comment. */
export function commentSafe(text: string): string {
    // eslint-disable-next-line no-control-regex
    return text.replace(/[\u0000-\u001f\u007f]/g, '?');
}

function describe(origin: RenderOrigin): string {
    return origin.line > 0 ? `${commentSafe(origin.element)} (line ${origin.line})` : commentSafe(origin.element);
}

/**
 * Header lines (without trailing newline), each starting with `comment` (`!` for FRR, `#` elsewhere). The
 * first origin is the file's own; further ones are elements that contributed to it.
 */
export function headerLines(comment: string, origins: readonly RenderOrigin[]): string[] {
    const [first, ...rest] = origins;
    const lines = [`${comment} rendered by bgptopo from ${describe(first)}`];
    for (const origin of rest) {
        lines.push(`${comment}   also from ${describe(origin)}`);
    }
    lines.push(`${comment} generated file: edit the topology, not this file`);
    return lines;
}

export function header(comment: string, origins: readonly RenderOrigin[]): string {
    return headerLines(comment, origins).join('\n');
}
