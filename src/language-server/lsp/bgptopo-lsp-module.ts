/**
 * The LSP feature services of bgptopo (completion, hover, code actions, formatting, semantic tokens,
 * symbols, folding). Each feature is its own file in this folder.
 */
import type { PartialLangiumServices } from 'langium/lsp';

// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export type BgptopoLspAddedServices = {};

export const registerLspFeatures: Pick<PartialLangiumServices, 'lsp'> = {
    lsp: {}
};
