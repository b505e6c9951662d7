/**
 * The lowered model of each parsed document, computed once per AST (a new parse yields a new root, so a
 * WeakMap keyed by the root is invalidated by construction). Validators, hovers and previews share it.
 */
import type { LangiumDocument } from 'langium';
import type { Topology } from './generated/ast.js';
import { lowerTopology } from '../model/topology-lowering.js';
import type { TopologyModel } from '../model/topology-model.js';

export class BgptopoTopologyCache {
    private readonly models = new WeakMap<Topology, TopologyModel>();

    // The services argument keeps the constructor shape of a Langium service.
    constructor(_services?: unknown) {}

    get(root: Topology): TopologyModel {
        let model = this.models.get(root);
        if (!model) {
            model = lowerTopology(root);
            this.models.set(root, model);
        }
        return model;
    }

    forDocument(document: LangiumDocument): TopologyModel {
        return this.get(document.parseResult.value as Topology);
    }
}
