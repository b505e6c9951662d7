/**
 * A "Preview …" CodeLens above every router, load balancer and node, computed by the server from the model
 * it has already built for diagnostics, so opening a file costs the editor no second build. The lens runs
 * the extension's `bgptopo.preview` command with `{ topology, host }`; an editor without the extension
 * shows the lens but cannot run it.
 */
import type { LangiumDocument } from 'langium';
import type { CodeLensProvider } from 'langium/lsp';
import type { CodeLens } from 'vscode-languageserver';
import type { BgptopoServices } from '../bgptopo-module.js';
import type { BgptopoTopologyCache } from '../bgptopo-topology-cache.js';
import type { Topology } from '../../language/generated/ast.js';
import type { ModelHost } from '../../model/topology-model.js';

/** The command the lenses run (contributed by the VS Code extension). */
export const PREVIEW_COMMAND = 'bgptopo.preview';

export class BgptopoCodeLensProvider implements CodeLensProvider {
    private readonly cache: BgptopoTopologyCache;

    constructor(services: BgptopoServices) {
        this.cache = services.topology.TopologyCache;
    }

    provideCodeLens(document: LangiumDocument): CodeLens[] {
        const root = document.parseResult.value as Topology;
        if (!root.$cstNode) {
            return [];
        }
        const model = this.cache.get(root);
        return model.hosts.flatMap((host) => {
            const cst = host.ast.$cstNode;
            // A declaration the parser recovered without a name cannot be previewed.
            if (!cst || !host.name) {
                return [];
            }
            const line = cst.range.start.line;
            return [
                {
                    range: { start: { line, character: 0 }, end: { line, character: 0 } },
                    command: {
                        title: `$(eye) Preview ${primaryFileName(host)}`,
                        command: PREVIEW_COMMAND,
                        arguments: [{ topology: document.uri.toString(), host: host.name }]
                    }
                }
            ];
        });
    }
}

/** The file a preview of the host opens first (the extension's preview command, in the renderers' order). */
export function primaryFileName(host: ModelHost): string {
    if (host.kind === 'router') {
        return 'frr.conf';
    }
    if (host.vips.some((vip) => vip.mechanism === 'keepalived')) {
        return 'keepalived.conf';
    }
    if (host.vips.some((vip) => vip.mechanism === 'kube-vip-bgp' || vip.mechanism === 'kube-vip-arp')) {
        return 'kube-vip.yaml';
    }
    return 'rendered config';
}
