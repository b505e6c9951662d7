/**
 * When the editor opens a document it asks at once for its outline, folding ranges, semantic tokens and lenses.
 * Langium answers those as soon as the document is parsed or linked, so on a cold server they run between the
 * phases of the first build and hold back its validation: the first diagnostics of a 1,000-node file came
 * 100–250 ms later in the editor bench. Here they wait for the document's validation instead (one build later
 * at most, each answered from the same build), so diagnostics come first; completion, hover and the rest keep
 * Langium's order, and bgptopo's own requests wait for validation already.
 */
import { DocumentState } from 'langium';
import { addCodeLensHandler, addDocumentSymbolHandler, addFoldingRangeHandler, addSemanticTokenHandler, type LangiumSharedServices } from 'langium/lsp';
import type { Connection } from 'vscode-languageserver';

/** Call after `startLanguageServer`: each registration replaces Langium's handler of that request. */
export function answerViewsAfterValidation(connection: Connection, shared: LangiumSharedServices): void {
    addDocumentSymbolHandler(connection, shared, DocumentState.Validated);
    addFoldingRangeHandler(connection, shared, DocumentState.Validated);
    addSemanticTokenHandler(connection, shared, DocumentState.Validated);
    addCodeLensHandler(connection, shared, DocumentState.Validated);
}
