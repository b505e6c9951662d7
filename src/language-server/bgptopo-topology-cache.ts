/**
 * The lowered model of each document, computed once per linking of the document and shared by validators,
 * hovers, completion and previews. Lowering reads resolved references, so a model belongs to one linking:
 * Langium's DocumentCache drops a document's entry each time the document is linked again (and when it is
 * deleted). A model computed before linking finished (an early LSP request) is thus never kept past it.
 */
import { DocumentCache, DocumentState, type LangiumDocument, type LangiumSharedCoreServices } from 'langium';
import type { Topology } from '../language/generated/ast.js';
import { lowerTopology } from '../model/topology-lowering.js';
import type { TopologyModel } from '../model/topology-model.js';

const MODEL_KEY = 'topology-model';

export class BgptopoTopologyCache {
    private readonly models: DocumentCache<string, { root: Topology; model: TopologyModel }>;

    constructor(services: { shared: LangiumSharedCoreServices }) {
        this.models = new DocumentCache(services.shared, DocumentState.Linked);
    }

    get(root: Topology): TopologyModel {
        const document = root.$document;
        if (!document) {
            return lowerTopology(root);
        }
        const cached = this.models.get(document.uri, MODEL_KEY);
        // A new parse of the same URI has a new root: never hand out the model of an older text.
        if (cached && cached.root === root) {
            return cached.model;
        }
        const model = lowerTopology(root);
        this.models.set(document.uri, MODEL_KEY, { root, model });
        return model;
    }

    forDocument(document: LangiumDocument): TopologyModel {
        return this.get(document.parseResult.value as Topology);
    }
}
