/**
 * Checks of single declarations and of the file's namespace: duplicate names and options, value ranges,
 * literal passwords, and control-plane quorum.
 */
import { AstUtils, GrammarAST, isCompositeCstNode, type AstNode, type CstNode, type Properties, type ValidationAcceptor } from 'langium';
import * as ast from '../../language/generated/ast.js';
import { parseDuration } from '../../model/duration.js';
import { DiagnosticCode } from './diagnostic-codes.js';
import { describeKind, lineOf, report } from './validation-report.js';

interface Range {
    readonly min: number;
    readonly max: number;
    readonly what: string;
}

const PORT: Range = { min: 1, max: 65535, what: 'a port' };
const VRID: Range = { min: 1, max: 255, what: 'a VRID' };
const MTU: Range = { min: 576, max: 9216, what: 'an MTU' };
const MULTIHOP: Range = { min: 1, max: 255, what: 'a multihop TTL' };
const MAXIMUM_PATHS: Range = { min: 1, max: 64, what: 'maximum-paths' };
const SOURCE_INDEX: Range = { min: 1, max: 64, what: 'an address index (1-based)' };

/** Single-valued options per node type: writing one twice silently drops the first, so it is an error. */
const SINGLE_OPTIONS: Record<string, string[]> = {
    Defaults: ['interface'],
    Network: ['role', 'interface'],
    Router: ['asn', 'routerId', 'ssh', 'maximumPaths', 'bfd'],
    LoadBalancer: ['ssh'],
    Vip: ['mechanism', 'vrid', 'advert', 'holders', 'interface', 'healthCheck'],
    Cluster: ['podNetwork', 'serviceNetwork', 'cni'],
    Cni: ['encapsulation', 'mtu'],
    MetallbSpeaker: ['asn', 'speakerSet', 'source', 'multihop', 'password', 'bfd', 'hold', 'keepalive', 'pool'],
    CiliumSpeaker: ['asn', 'speakerSet', 'source', 'multihop', 'password', 'bfd', 'hold', 'keepalive'],
    KubeVipSpeaker: ['asn', 'speakerSet', 'source', 'multihop', 'password', 'bfd', 'hold', 'keepalive', 'vip'],
    Node: ['podCidr', 'routerId', 'ssh'],
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
    mechanism: 'keepalived / kube-vip',
    network: 'network'
};

function abbreviate(text: string): string {
    const flat = text.replace(/\s+/g, ' ').trim();
    return flat.length > 40 ? `${flat.slice(0, 39)}…` : flat;
}

export class DeclarationValidator {
    checkNames(root: ast.Topology, accept: ValidationAcceptor): void {
        const seen = new Map<string, AstNode & { name: string }>();
        for (const node of namedDeclarations(root)) {
            if (!node.name) {
                continue;
            }
            const earlier = seen.get(node.name);
            if (earlier) {
                report(
                    accept,
                    'error',
                    DiagnosticCode.NameDuplicate,
                    `The name ${node.name} is already used by ${describeKind(earlier.$type)} ${earlier.name} (line ${lineOf(earlier)}); every declaration in a file needs its own name.`,
                    { node, property: 'name' }
                );
            } else {
                seen.set(node.name, node);
            }
        }
    }

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

    checkRouter(node: ast.Router, accept: ValidationAcceptor): void {
        checkRange(accept, node, 'maximumPaths', node.maximumPaths, MAXIMUM_PATHS);
    }

    checkVip(node: ast.Vip, accept: ValidationAcceptor): void {
        checkRange(accept, node, 'vrid', node.vrid, VRID);
        checkDuration(accept, node, 'advert', node.advert);
    }

    checkHealthCheck(node: ast.HealthCheck, accept: ValidationAcceptor): void {
        checkRange(accept, node, 'port', node.port, PORT);
        checkDuration(accept, node, 'interval', node.interval);
    }

    checkFrontend(node: ast.Frontend, accept: ValidationAcceptor): void {
        checkRange(accept, node, 'port', node.port, PORT);
        checkRange(accept, node, 'targetPort', node.targetPort, PORT);
    }

    checkCni(node: ast.Cni, accept: ValidationAcceptor): void {
        checkRange(accept, node, 'mtu', node.mtu, MTU);
    }

    checkSpeaker(node: ast.Speaker, accept: ValidationAcceptor): void {
        checkRange(accept, node, 'multihop', node.multihop, MULTIHOP);
        checkDuration(accept, node, 'hold', node.hold);
        checkDuration(accept, node, 'keepalive', node.keepalive);
        const hold = node.hold ? parseDuration(node.hold) : undefined;
        if (hold !== undefined && hold > 0 && hold < 3000) {
            report(accept, 'error', DiagnosticCode.ValueRange, `A BGP hold time of ${node.hold} is too short: use at least 3s (RFC 4271).`, { node, property: 'hold' });
        }
        if (node.password && !node.password.secret) {
            // An error, not the specification's warning: render refuses a literal password, and a file that
            // validates must render.
            report(
                accept,
                'error',
                DiagnosticCode.SecretInSource,
                'A literal password would end up in version control, and bgptopo never copies one into a config; use `password secret "NAME"` and keep the value in the editor\'s secret storage or BGPTOPO_SECRET_NAME.',
                { node: node.password, property: 'value' }
            );
        }
    }

    checkSource(node: ast.SourceSelector, accept: ValidationAcceptor): void {
        checkRange(accept, node, 'index', node.index, SOURCE_INDEX);
    }

    checkSshTarget(node: ast.SshTarget, accept: ValidationAcceptor): void {
        checkRange(accept, node, 'port', node.port, PORT);
    }

    checkDefaultSsh(node: ast.DefaultSsh, accept: ValidationAcceptor): void {
        checkRange(accept, node, 'port', node.port, PORT);
    }

    checkWireGuard(node: ast.WireGuard, accept: ValidationAcceptor): void {
        checkRange(accept, node, 'listenPort', node.listenPort, PORT);
        checkDuration(accept, node, 'persistentKeepalive', node.persistentKeepalive);
        const keepalive = node.persistentKeepalive ? parseDuration(node.persistentKeepalive) : undefined;
        if (keepalive !== undefined && keepalive > 65535_000) {
            report(accept, 'error', DiagnosticCode.ValueRange, 'persistent-keepalive is at most 65535s.', { node, property: 'persistentKeepalive' });
        }
    }

    checkCluster(node: ast.Cluster, accept: ValidationAcceptor): void {
        const count = (node.nodes ?? []).filter((member) => member.role === 'control-plane').length;
        if (count >= 3 && count % 2 === 1) {
            return;
        }
        const why =
            count === 0
                ? 'no control-plane node'
                : count < 3
                  ? `${count} control-plane node${count === 1 ? '' : 's'}: etcd loses quorum when one fails`
                  : `${count} control-plane nodes: an even count tolerates no more failures than ${count - 1}`;
        report(accept, 'warning', DiagnosticCode.ControlPlaneCount, `Cluster ${node.name} has ${why}; use 3 or 5.`, { node, property: 'name' });
    }
}

function checkRange<N extends AstNode>(accept: ValidationAcceptor, node: N, property: Properties<N>, value: number | undefined, range: Range): void {
    if (value !== undefined && (value < range.min || value > range.max)) {
        report(accept, 'error', DiagnosticCode.ValueRange, `${value} is not ${range.what}: use ${range.min}–${range.max}.`, { node, property });
    }
}

function checkDuration<N extends AstNode>(accept: ValidationAcceptor, node: N, property: Properties<N>, text: string | undefined): void {
    if (text !== undefined && parseDuration(text) === 0) {
        report(accept, 'error', DiagnosticCode.ValueRange, `A duration of ${text} is zero; use a positive duration.`, { node, property });
    }
}

export function* namedDeclarations(root: ast.Topology): Generator<ast.NamedDeclaration> {
    for (const element of root.elements ?? []) {
        if (ast.isDefaults(element) || ast.isMonitoring(element)) {
            continue;
        }
        yield element;
        if (ast.isCluster(element)) {
            yield* element.nodes ?? [];
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
