/**
 * Hovers over names (declarations and references alike) and over literals: an ASN shows its value and
 * class, a prefix its size, bounds and what lies inside it, an address its network and owner. Everything
 * comes from the document's lowered model, so a hover says what the renderers will produce.
 */
import { CstUtils, GrammarAST, GrammarUtils, type AstNode, type LangiumDocument, type LeafCstNode } from 'langium';
import type { HoverProvider } from 'langium/lsp';
import type { Hover, HoverParams } from 'vscode-languageserver';
import * as ast from '../../language/generated/ast.js';
import { parseAddress, parsePrefix } from '../../model/ip-address.js';
import type { TopologyModel } from '../../model/topology-model.js';
import type { BgptopoServices } from '../bgptopo-module.js';
import type { BgptopoTopologyCache } from '../bgptopo-topology-cache.js';
import {
    addressHover,
    asnHover,
    clusterHover,
    hostHover,
    networkHover,
    peerLineHover,
    prefixHover,
    routerLineHover,
    vipHover,
    wireGuardHover
} from './bgptopo-hover-text.js';
import { advertisementHover, announceItemHover } from './bgptopo-hover-announce.js';
import { clusterOf, hostOf, networkOf, vipOf } from './bgptopo-model-lookup.js';

type References = BgptopoServices['references']['References'];

/** Properties holding an ASN, a prefix or an address literal, by AST type. */
const ASN_PROPERTIES = new Set(['Router.asn', 'Neighbor.asn', 'MetallbSpeaker.asn', 'CiliumSpeaker.asn', 'KubeVipSpeaker.asn', 'CalicoSpeaker.asn', 'Upstream.asn']);
const PREFIX_PROPERTIES = new Set(['Network.prefix', 'Node.podCidrs', 'Neighbor.prefix', 'WgRoute.prefix', 'Accept.prefixes']);
const ADDRESS_PROPERTIES = new Set(['HostAddress.value', 'Vip.address', 'Router.routerId', 'Node.routerId']);

export class BgptopoHoverProvider implements HoverProvider {
    private readonly references: References;
    private readonly cache: BgptopoTopologyCache;

    constructor(services: BgptopoServices) {
        this.references = services.references.References;
        this.cache = services.topology.TopologyCache;
    }

    getHoverContent(document: LangiumDocument, params: HoverParams): Hover | undefined {
        const root = document.parseResult.value.$cstNode;
        if (!root) {
            return undefined;
        }
        const leaf = CstUtils.findLeafNodeAtOffset(root, document.textDocument.offsetAt(params.position));
        if (!leaf || leaf.hidden) {
            return undefined;
        }
        const model = this.cache.forDocument(document);
        const value = this.peerLineHover(model, leaf) ?? this.advertisementHover(model, leaf) ?? this.declarationHover(model, this.references.findDeclarations(leaf)[0]) ?? this.literalHover(model, leaf);
        return value ? { contents: { kind: 'markdown', value }, range: leaf.range } : undefined;
    }

    /** On the `peer` keyword of a peer group or the `peers` keyword of a block: that line's sessions. */
    private peerLineHover(model: TopologyModel, leaf: LeafCstNode): string | undefined {
        if ((leaf.text === 'neighbor' || leaf.text === 'upstream') && GrammarAST.isKeyword(leaf.grammarSource)) {
            return routerLineHover(model, leaf.astNode);
        }
        if ((leaf.text !== 'peer' && leaf.text !== 'peers') || !GrammarAST.isKeyword(leaf.grammarSource)) {
            return undefined;
        }
        const node = leaf.astNode;
        for (const speaker of model.speakers) {
            for (const group of speaker.groups) {
                if (leaf.text === 'peer' ? group.ast === node : !group.ast && speaker.ast === node) {
                    return peerLineHover(model, group);
                }
            }
        }
        return undefined;
    }

    /**
     * On the keyword that starts an `advertise` item (`pool`, `pod-cidrs`, …): who receives it, how; on a keyword of
     * an `announce` item (`pool`, `aggregate`, `loopback`, …): the prefixes it stands for.
     */
    private advertisementHover(model: TopologyModel, leaf: LeafCstNode): string | undefined {
        const node = leaf.astNode;
        if (ast.isAnnounceItem(node) && GrammarAST.isKeyword(leaf.grammarSource)) {
            return announceItemHover(model, node);
        }
        if (!ast.isAdvertisement(node) || !GrammarAST.isKeyword(leaf.grammarSource) || leaf.text !== node.kind) {
            return undefined;
        }
        const advertisement = model.speakers.flatMap((speaker) => speaker.advertisements).find((item) => item.ast === node);
        return advertisement ? advertisementHover(model, advertisement) : undefined;
    }

    private declarationHover(model: TopologyModel, target: AstNode | undefined): string | undefined {
        if (!target) {
            return undefined;
        }
        const host = hostOf(model, target);
        if (host) {
            return hostHover(model, host);
        }
        const vip = vipOf(model, target);
        if (vip) {
            return vipHover(vip);
        }
        const network = networkOf(model, target);
        if (network) {
            return networkHover(model, network);
        }
        const cluster = clusterOf(model, target);
        if (cluster) {
            return clusterHover(cluster);
        }
        const mesh = model.wireguards.find((wg) => wg.ast === target);
        return mesh ? wireGuardHover(mesh) : undefined;
    }

    private literalHover(model: TopologyModel, leaf: LeafCstNode): string | undefined {
        const assignment = GrammarUtils.findAssignment(leaf);
        const node = leaf.astNode;
        if (!assignment || !node) {
            return undefined;
        }
        const key = `${node.$type}.${assignment.feature}`;
        // A list property (`pod-cidr` lines) holds the leaf's own text among its items.
        const assigned = (node as unknown as Record<string, unknown>)[assignment.feature];
        const raw = Array.isArray(assigned) ? leaf.text : assigned;
        if (raw === undefined || (typeof raw !== 'string' && typeof raw !== 'number')) {
            return undefined;
        }
        const text = String(raw);
        if (ASN_PROPERTIES.has(key)) {
            return asnHover(text);
        }
        if (PREFIX_PROPERTIES.has(key)) {
            const prefix = parsePrefix(text);
            return prefix ? prefixHover(model, prefix, text) : undefined;
        }
        if (ADDRESS_PROPERTIES.has(key)) {
            const address = parseAddress(text);
            return address ? addressHover(model, address) : undefined;
        }
        return undefined;
    }
}
