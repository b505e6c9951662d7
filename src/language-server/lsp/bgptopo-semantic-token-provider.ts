/**
 * Semantic highlighting of what TextMate cannot know: whether a name declares or refers to something, and
 * of which kind (router `class`, load balancer `struct`, node `variable`, network `type`, VIP
 * `enumMember`, cluster `namespace`, WireGuard mesh `interface`; declarations carry the `declaration`
 * modifier, so themes can set them apart). ASNs, addresses, prefixes, integers and durations are `number`
 * (ASNs also `static`, as a constant identity rather than a quantity). Keywords are left to TextMate.
 */
import { AstUtils, GrammarUtils, type AstNode, type CstNode } from 'langium';
import { AbstractSemanticTokenProvider, type SemanticTokenAcceptor } from 'langium/lsp';
import { SemanticTokenModifiers, SemanticTokenTypes } from 'vscode-languageserver';
import { declarationLook } from './bgptopo-lsp-kinds.js';

/** Literal properties highlighted as numbers, by AST type. */
const NUMBER_PROPERTIES: Record<string, string[]> = {
    Network: ['prefix'],
    Router: ['routerId', 'maximumPaths'],
    HostAddress: ['value'],
    Neighbor: ['prefix', 'multihop', 'hold', 'keepalive', 'connectRetry'],
    Upstream: ['address', 'multihop', 'hold', 'keepalive', 'connectRetry'],
    RouteReflector: ['clusterId'],
    SshTarget: ['port'],
    DefaultSsh: ['port'],
    Vip: ['address', 'vrid', 'advert'],
    Holder: ['priority'],
    HealthCheck: ['port', 'interval'],
    Frontend: ['port', 'targetPort'],
    Cni: ['mtu'],
    MetallbSpeaker: ['multihop', 'hold', 'keepalive'],
    CiliumSpeaker: ['multihop', 'hold', 'keepalive'],
    KubeVipSpeaker: ['multihop', 'hold', 'keepalive'],
    CalicoSpeaker: ['multihop', 'hold', 'keepalive'],
    SourceSelector: ['index'],
    Node: ['podCidrs', 'routerId'],
    WireGuard: ['listenPort', 'persistentKeepalive'],
    WgRoute: ['prefix']
};

const ASN_OWNERS = new Set(['Router', 'Neighbor', 'MetallbSpeaker', 'CiliumSpeaker', 'KubeVipSpeaker', 'CalicoSpeaker', 'Upstream']);

export class BgptopoSemanticTokenProvider extends AbstractSemanticTokenProvider {
    protected override highlightElement(node: AstNode, acceptor: SemanticTokenAcceptor): void {
        const cst = node.$cstNode;
        if (!cst) {
            return;
        }
        const look = declarationLook(node);
        if (look && (node as { name?: string }).name) {
            acceptor({
                node,
                property: 'name' as never,
                type: look.token,
                modifier: [SemanticTokenModifiers.declaration, SemanticTokenModifiers.definition]
            });
        }
        if (ASN_OWNERS.has(node.$type) && (node as { asn?: unknown }).asn !== undefined) {
            acceptor({ node, property: 'asn' as never, type: SemanticTokenTypes.number, modifier: SemanticTokenModifiers.static });
        }
        for (const property of NUMBER_PROPERTIES[node.$type] ?? []) {
            for (const target of GrammarUtils.findNodesForProperty(cst, property)) {
                acceptor({ cst: target, type: SemanticTokenTypes.number });
            }
        }
        for (const reference of AstUtils.streamReferences(node)) {
            const target = 'ref' in reference.reference ? reference.reference.ref : undefined;
            const refNode: CstNode | undefined = reference.reference.$refNode;
            const refLook = target ? declarationLook(target) : undefined;
            if (refNode && refLook) {
                acceptor({ cst: refNode, type: refLook.token });
            }
        }
    }
}
