/** Where a diagnostic about a peer group's sessions goes: the router's entry on its `peer` (or v1 `peers`) line. */
import type { ModelPeerGroup, ModelRouter } from '../../model/topology-model.js';
import type { ReportTarget } from './validation-report.js';

export function groupRouterTarget(group: ModelPeerGroup, router: ModelRouter): ReportTarget {
    if (group.ast) {
        const index = (group.ast.routers ?? []).findIndex((ref) => ref.ref === router.ast);
        return { node: group.ast, property: 'routers', index: index >= 0 ? index : undefined };
    }
    const index = (group.speaker.ast.peers ?? []).findIndex((ref) => ref.ref === router.ast);
    return { node: group.speaker.ast, property: 'peers', index: index >= 0 ? index : undefined };
}
