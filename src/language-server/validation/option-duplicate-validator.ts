/**
 * A single-valued option written twice on one declaration (`option-duplicate`): the grammar accepts the repeat, and
 * only the last one would count, so each repeat is an error on its own occurrence, naming the line of the first.
 * Found on the concrete syntax (the CST nodes assigned to the property), since the AST keeps only the last value.
 */
import { AstUtils, GrammarAST, isCompositeCstNode, type AstNode, type CstNode, type ValidationAcceptor } from 'langium';
import { DiagnosticCode } from './diagnostic-codes.js';
import { report } from './validation-report.js';

const PEER_OPTIONS = ['asn', 'speakerSet', 'source', 'multihop', 'password', 'bfd', 'hold', 'keepalive', 'connectRetry', 'gracefulRestart', 'toLoopback', 'families'];

/** Single-valued options per node type: writing one twice silently drops the first, so it is an error. */
const SINGLE_OPTIONS: Record<string, string[]> = {
    Defaults: ['interface'],
    Network: ['role', 'interface', 'autoAssignOff'],
    Router: ['asn', 'routerId', 'ssh', 'maximumPaths', 'bfd', 'listenPort', 'routeReflector', 'gracefulRestart'],
    Neighbor: ['multihop', 'password', 'bfd', 'toLoopback', 'unnumbered', 'nextHopSelf', 'hold', 'keepalive', 'connectRetry', 'gracefulRestart'],
    Upstream: ['accept', 'password', 'multihop', 'bfd', 'hold', 'keepalive', 'connectRetry', 'gracefulRestart'],
    LoadBalancer: ['ssh'],
    Vip: ['mechanism', 'vrid', 'advert', 'holders', 'interface', 'healthCheck'],
    Cluster: ['cni'],
    Cni: ['encapsulation', 'mtu'],
    MetallbSpeaker: PEER_OPTIONS,
    CiliumSpeaker: PEER_OPTIONS,
    KubeVipSpeaker: [...PEER_OPTIONS, 'vip', 'servicesPool'],
    CalicoSpeaker: [...PEER_OPTIONS, 'nodeMesh'],
    Advertisement: ['speakerSet', 'aggregate', 'localPref'],
    PeerGroup: PEER_OPTIONS,
    Bfd: ['receive', 'transmit', 'multiplier'],
    Node: ['routerId', 'ssh', 'hostname'],
    WireGuard: ['network', 'listenPort', 'persistentKeepalive'],
    DefaultSsh: ['user', 'port', 'identity', 'knownHosts', 'jump']
};

/** How each single-valued option is written, for messages. */
const OPTION_KEYWORDS: Record<string, string> = {
    routerId: 'router-id',
    maximumPaths: 'maximum-paths',
    podNetwork: 'pod-network',
    serviceNetwork: 'service-network',
    podCidr: 'pod-cidr',
    listenPort: 'listen-port',
    persistentKeepalive: 'persistent-keepalive',
    knownHosts: 'known-hosts',
    healthCheck: 'health-check',
    speakerSet: 'speakers',
    connectRetry: 'connect-retry',
    gracefulRestart: 'graceful-restart',
    toLoopback: 'to loopback',
    nextHopSelf: 'next-hop-self',
    routeReflector: 'route-reflector',
    nodeMesh: 'node-mesh',
    mechanism: 'keepalived / kube-vip',
    network: 'network',
    autoAssignOff: 'auto-assign off',
    servicesPool: 'services pool',
    localPref: 'local-pref'
};

function abbreviate(text: string): string {
    const flat = text.replace(/\s+/g, ' ').trim();
    return flat.length > 40 ? `${flat.slice(0, 39)}…` : flat;
}

export class OptionDuplicateValidator {
    checkOptionsOnce(node: AstNode, accept: ValidationAcceptor): void {
        const single = SINGLE_OPTIONS[node.$type];
        if (!single || !node.$cstNode) {
            return;
        }
        for (const [property, occurrences] of assignedProperties(node.$cstNode, single)) {
            for (let index = 1; index < occurrences.length; index++) {
                const first = occurrences[0];
                report(
                    accept,
                    'error',
                    DiagnosticCode.OptionDuplicate,
                    `\`${OPTION_KEYWORDS[property] ?? property}\` is already set on line ${first.range.start.line + 1} (${abbreviate(first.text)}); only the last one would count.`,
                    { node, property, index }
                );
            }
        }
    }
}

/**
 * The CST nodes of each listed property assigned directly in `root`'s AST node, in one walk (the same rule as
 * GrammarUtils.findNodesForProperty, which would walk the node once per property).
 */
function assignedProperties(root: CstNode, properties: readonly string[]): Map<string, CstNode[]> {
    const wanted = new Set(properties);
    const found = new Map<string, CstNode[]>();
    const visit = (cst: CstNode, first: boolean): void => {
        if (!first) {
            const feature = AstUtils.getContainerOfType(cst.grammarSource, GrammarAST.isAssignment)?.feature;
            if (feature !== undefined) {
                if (wanted.has(feature)) {
                    const list = found.get(feature) ?? [];
                    list.push(cst);
                    found.set(feature, list);
                }
                return;
            }
        }
        if (isCompositeCstNode(cst) && cst.astNode === root.astNode) {
            for (const child of cst.content) {
                visit(child, false);
            }
        }
    };
    visit(root, true);
    return found;
}
