/**
 * The one place that assembles bgptopo's Langium services. The language server, the CLI and the tests all
 * call {@link createBgptopoServices}; nothing else wires services.
 */
import {
    inject,
    type DeepPartial,
    type LangiumCoreServices,
    type LangiumSharedCoreServices,
    type Module,
    type PartialLangiumCoreServices
} from 'langium';
import {
    createDefaultModule,
    createDefaultSharedModule,
    type DefaultSharedModuleContext,
    type LangiumServices,
    type LangiumSharedServices,
    type PartialLangiumServices
} from 'langium/lsp';
import { BgptopoGeneratedModule, BgptopoGeneratedSharedModule } from '../language/generated/module.js';
import { lazyCompletionParser } from './bgptopo-lazy-completion-parser.js';
import { BgptopoScopeComputation } from './bgptopo-scope-computation.js';
import { BgptopoScopeProvider } from './bgptopo-scope-provider.js';
import { BgptopoWorkspaceManager } from './bgptopo-workspace-manager.js';
import { registerValidationChecks } from './validation/bgptopo-validation-registry.js';
import { BgptopoDocumentValidator } from './validation/bgptopo-document-validator.js';
import { BgptopoTopologyCache } from './bgptopo-topology-cache.js';
import { registerLspFeatures, type BgptopoLspAddedServices } from './lsp/bgptopo-lsp-module.js';

export type BgptopoAddedServices = {
    topology: {
        /** The lowered topology model of a document, computed once per document version. */
        TopologyCache: BgptopoTopologyCache;
    };
} & BgptopoLspAddedServices;

export type BgptopoServices = LangiumServices & BgptopoAddedServices;

export const BgptopoModule: Module<BgptopoServices, PartialLangiumServices & BgptopoAddedServices> = {
    parser: {
        // Built at the first completion, not when the server initializes (cold start).
        CompletionParser: (services) => lazyCompletionParser(services)
    },
    references: {
        ScopeComputation: (services) => new BgptopoScopeComputation(services),
        ScopeProvider: (services) => new BgptopoScopeProvider(services)
    },
    validation: {
        DocumentValidator: (services) => new BgptopoDocumentValidator(services)
    },
    topology: {
        TopologyCache: (services) => new BgptopoTopologyCache(services)
    },
    ...registerLspFeatures
};

/** Shared services: the workspace is loaded after the documents the editor opens (cold start). */
export const BgptopoSharedModule: Module<LangiumSharedServices, DeepPartial<LangiumSharedServices>> = {
    workspace: {
        WorkspaceManager: (services) => new BgptopoWorkspaceManager(services)
    }
};

/** Create the shared and language-specific services of bgptopo. */
export function createBgptopoServices(context: DefaultSharedModuleContext): {
    shared: LangiumSharedServices;
    Bgptopo: BgptopoServices;
} {
    const shared = inject(createDefaultSharedModule(context), BgptopoGeneratedSharedModule, BgptopoSharedModule);
    const Bgptopo = inject(createDefaultModule({ shared }), BgptopoGeneratedModule, BgptopoModule);
    shared.ServiceRegistry.register(Bgptopo);
    registerValidationChecks(Bgptopo);
    if (!context.connection) {
        // Outside a language server (CLI, tests) there is no configuration provider to wait for.
        shared.workspace.ConfigurationProvider.initialized({});
    }
    return { shared, Bgptopo };
}

export type { LangiumCoreServices, LangiumSharedCoreServices, PartialLangiumCoreServices };
