/**
 * Everything the checker and name tests run over: every file rendered from both fixed examples and from
 * the focused topologies, with a test-only secret resolver and well-formed public keys.
 */
import type { RenderedFile } from '../../src/render/render-types.js';
import { ADVERTISEMENTS, BGP_FEATURES, DUAL_STACK, DUAL_STACK_V2, FABRIC_EXACT, IPV6_FABRIC, manyNodes, NEIGHBORS_ARP_WG, PEER_GROUPS, ROUTER_FABRIC, UPSTREAM_ANNOUNCE } from './focused-topologies.js';
import { exampleText, FIXED_EXAMPLES, renderText } from './render-fixtures.js';

/** A test secret: recognisable, and never equal to anything else in the configs. */
export const testSecret = (name: string): string => `Test-${name}-Md5Key`;

export const CORPUS_SOURCES: ReadonlyArray<readonly [string, () => string]> = [
    ...FIXED_EXAMPLES.map((name) => [name, () => exampleText(name)] as const),
    ['bgp-features', () => BGP_FEATURES],
    ['neighbors-arp-wg', () => NEIGHBORS_ARP_WG],
    ['ipv6-fabric', () => IPV6_FABRIC],
    ['dual-stack', () => DUAL_STACK],
    ['peer-groups', () => PEER_GROUPS],
    ['router-fabric', () => ROUTER_FABRIC],
    ['dual-stack-v2', () => DUAL_STACK_V2],
    ['advertisements', () => ADVERTISEMENTS],
    // LANGUAGE-V2 §4: upstream announce / accept, pool aggregates, a router neighbor's announce.
    ['upstream-announce', () => UPSTREAM_ANNOUNCE],
    // Issue 17: exact fabric lists per advertisement and family, `no-export` on iBGP only, an aggregate without summary-only.
    ['fabric-exact', () => FABRIC_EXACT],
    // LANGUAGE-V2 §9: kube-vip services mode and a load balancer's own frontend; VRRP without a VIP frontend.
    ['v2-kubevip-services', () => exampleText('v2/v2-kubevip-services')],
    ['v2-cilium-dual-homed', () => exampleText('v2/v2-cilium-dual-homed')],
    // LANGUAGE-V2 §8 with §7: Calico AS per rack, its service CIDRs in BGPConfiguration.
    ['v2-calico-as-per-rack', () => exampleText('v2/v2-calico-as-per-rack')],
    ['v2-diagnostics-vrrp', () => exampleText('v2/v2-diagnostics-vrrp')],
    ['many-nodes', () => manyNodes(120)]
];

export interface CorpusFile extends RenderedFile {
    readonly source: string;
}

let corpus: Promise<CorpusFile[]> | undefined;

export function renderCorpus(): Promise<CorpusFile[]> {
    corpus ??= (async () => {
        const files: CorpusFile[] = [];
        for (const [source, text] of CORPUS_SOURCES) {
            const result = await renderText(text(), { secrets: testSecret });
            files.push(...result.files.map((file) => ({ ...file, source })));
        }
        return files;
    })();
    return corpus;
}

export function label(file: CorpusFile): string {
    return `${file.source}: ${file.host ?? file.cluster} ${file.path}`;
}
