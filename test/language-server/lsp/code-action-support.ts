/** The quick fixes offered for the first diagnostic of a code, and what applying one leaves (errors and warnings). */
import { expect } from 'vitest';
import type { CodeAction } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { bgptopo, codeOf, validate } from '../../support/bgptopo-test-services.js';

export async function fixesOf(
    text: string,
    code: string
): Promise<{ actions: CodeAction[]; apply: (action: CodeAction) => Promise<{ text: string; codes: string[] }> }> {
    const document = await validate(text);
    const diagnostic = (document.diagnostics ?? []).find((d) => codeOf(d) === code);
    expect(diagnostic, `no ${code}`).toBeDefined();
    const actions = (await bgptopo.lsp.CodeActionProvider!.getCodeActions(document, {
        textDocument: { uri: document.uri.toString() },
        range: diagnostic!.range,
        context: { diagnostics: [diagnostic!] }
    })) as CodeAction[];
    return {
        actions,
        apply: async (action) => {
            const fixed = TextDocument.applyEdits(document.textDocument, action.edit!.changes![document.uri.toString()]);
            const after = (await validate(fixed)).diagnostics ?? [];
            return { text: fixed, codes: after.filter((d) => d.severity === 1 || d.severity === 2).map((d) => codeOf(d) ?? '?') };
        }
    };
}
