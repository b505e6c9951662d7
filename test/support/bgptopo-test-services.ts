/** Services and parse helpers shared by the language tests (the same `createBgptopoServices` as the server). */
import { EmptyFileSystem, type LangiumDocument } from 'langium';
import { parseHelper } from 'langium/test';
import type { Diagnostic } from 'vscode-languageserver-types';
import { createBgptopoServices } from '../../src/language-server/bgptopo-module.js';
import type { Topology } from '../../src/language/generated/ast.js';

export const services = createBgptopoServices(EmptyFileSystem);
export const bgptopo = services.Bgptopo;
const parse = parseHelper<Topology>(bgptopo);

let counter = 0;

/** Parse, link and validate a document; each call gets its own URI. */
export async function validate(text: string): Promise<LangiumDocument<Topology>> {
    return parse(text, { validation: true, documentUri: `file:///test/doc-${++counter}.bgptopo` });
}

export function codeOf(diagnostic: Diagnostic): string | undefined {
    return typeof diagnostic.code === 'string' ? diagnostic.code : (diagnostic.data as { code?: string } | undefined)?.code;
}

export function codes(document: LangiumDocument): string[] {
    return (document.diagnostics ?? []).map((d) => codeOf(d) ?? '?');
}

export function summary(document: LangiumDocument): string {
    return (document.diagnostics ?? [])
        .map((d) => `${d.range.start.line + 1}:${d.range.start.character + 1} ${['', 'error', 'warning', 'info', 'hint'][d.severity ?? 1]} ${codeOf(d)}: ${d.message}`)
        .join('\n');
}
