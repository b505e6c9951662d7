/**
 * The LSP feature services of bgptopo (completion, hover, rename, outline, folding, formatting, semantic
 * tokens, quick fixes, preview lenses). Each feature is its own file in this folder; go to definition and find references
 * are Langium's defaults over the file-wide namespace of the scope computation.
 */
import type { Module } from 'langium';
import type { PartialLangiumServices } from 'langium/lsp';
import type { BgptopoServices } from '../bgptopo-module.js';
import { BgptopoCodeActionProvider } from './bgptopo-code-action-provider.js';
import { BgptopoCodeLensProvider } from './bgptopo-code-lens-provider.js';
import { BgptopoCompletionProvider } from './bgptopo-completion-provider.js';
import { BgptopoDocumentSymbolProvider } from './bgptopo-document-symbol-provider.js';
import { BgptopoFoldingRangeProvider } from './bgptopo-folding-range-provider.js';
import { BgptopoFormatter } from './bgptopo-formatter.js';
import { BgptopoHoverProvider } from './bgptopo-hover-provider.js';
import { BgptopoRenameProvider } from './bgptopo-rename-provider.js';
import { BgptopoSemanticTokenProvider } from './bgptopo-semantic-token-provider.js';

// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export type BgptopoLspAddedServices = {};

export const registerLspFeatures: Module<BgptopoServices, Pick<PartialLangiumServices, 'lsp'>> = {
    lsp: {
        CompletionProvider: (services) => new BgptopoCompletionProvider(services),
        HoverProvider: (services) => new BgptopoHoverProvider(services),
        RenameProvider: (services) => new BgptopoRenameProvider(services),
        DocumentSymbolProvider: (services) => new BgptopoDocumentSymbolProvider(services),
        FoldingRangeProvider: (services) => new BgptopoFoldingRangeProvider(services),
        Formatter: (services) => new BgptopoFormatter(services),
        SemanticTokenProvider: (services) => new BgptopoSemanticTokenProvider(services),
        CodeActionProvider: (services) => new BgptopoCodeActionProvider(services),
        CodeLensProvider: (services) => new BgptopoCodeLensProvider(services)
    }
};
