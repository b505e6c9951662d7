/**
 * clusters/<cluster>/nodes.yaml: the metadata bgptopo sets on the cluster's Nodes (render-node-metadata.ts), node
 * labels and Calico's per-node AS, one `v1 Node` object per node. No file for a cluster without any.
 */
import type { ModelCluster, TopologyModel } from '../model/index.js';
import { header, originOf } from './render-header.js';
import { nodeMetadataObjects } from './render-node-metadata.js';
import type { RenderContext, RenderedFile } from './render-types.js';
import { yamlStream } from './yaml-output.js';

export function renderNodes(model: TopologyModel, _context: RenderContext, include: (cluster: ModelCluster) => boolean): RenderedFile[] {
    const files: RenderedFile[] = [];
    for (const cluster of model.clusters) {
        const objects = include(cluster) ? nodeMetadataObjects(cluster) : [];
        if (objects.length === 0) {
            continue;
        }
        const origin = originOf(`cluster ${cluster.name}`, cluster.ast);
        files.push({ cluster: cluster.name, kind: 'nodes', path: `clusters/${cluster.name}/nodes.yaml`, content: yamlStream(header('#', [origin]), objects), origin });
    }
    return files;
}
