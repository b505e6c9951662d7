/**
 * Address-plan checks: literals, host bits, overlapping networks and pod CIDRs, addresses outside their
 * network or on a reserved address, duplicate addresses, VIPs in pools (router-ids: router-id-validator.ts). The pairwise checks
 * use the model's network index (a sort and a sweep, n log n), so a topology with thousands of nodes
 * validates in milliseconds.
 */
import type { AstNode, Properties, ValidationAcceptor } from 'langium';
import * as ast from '../../language/generated/ast.js';
import {
    hasHostBits,
    isReservedInSubnet,
    lastAddress,
    networkAddress,
    parseAddress,
    parsePrefix,
    prefixContains,
    prefixCovers,
    formatAddress
} from '../../model/ip-address.js';
import type { IpPrefix } from '../../model/ip-address.js';
import type { ModelNetwork, NetworkRole, TopologyModel } from '../../model/topology-model.js';
import { PrefixIndex, sweepNested, type Enclosing } from '../../model/network-index.js';
import type { BgptopoTopologyCache } from '../bgptopo-topology-cache.js';
import { DiagnosticCode } from './diagnostic-codes.js';
import { lineOf, report } from './validation-report.js';

/** Roles whose address space must not be shared with another network (LANGUAGE.md, `network`). */
const EXCLUSIVE_ROLES: ReadonlySet<NetworkRole> = new Set(['pod', 'service', 'loadbalancer', 'vpn']);
/** Roles a VIP must never sit in. */
const VIP_FORBIDDEN_ROLES: ReadonlySet<NetworkRole> = new Set(['pod', 'service', 'loadbalancer']);

export class AddressingValidator {
    constructor(private readonly cache: BgptopoTopologyCache) {}

    /** Literal syntax the lexer accepts loosely: octets > 255, malformed IPv6, prefix lengths, host bits. */
    checkNetworkLiteral(node: ast.Network, accept: ValidationAcceptor): void {
        this.checkPrefixLiteral(node, 'prefix', node.prefix, accept);
    }

    checkNodeLiterals(node: ast.Node, accept: ValidationAcceptor): void {
        node.podCidrs.forEach((text, index) => this.checkPrefixLiteral(node, 'podCidrs', text, accept, index));
        this.checkAddressLiteral(node, 'routerId', node.routerId, accept);
    }

    checkRouterLiterals(node: ast.Router, accept: ValidationAcceptor): void {
        this.checkAddressLiteral(node, 'routerId', node.routerId, accept);
    }

    checkHostAddressLiteral(node: ast.HostAddress, accept: ValidationAcceptor): void {
        this.checkAddressLiteral(node, 'value', node.value, accept);
    }

    checkVipLiteral(node: ast.Vip, accept: ValidationAcceptor): void {
        this.checkAddressLiteral(node, 'address', node.address, accept);
    }

    checkNeighborLiteral(node: ast.Neighbor, accept: ValidationAcceptor): void {
        this.checkPrefixLiteral(node, 'prefix', node.prefix, accept);
    }

    checkAcceptLiterals(node: ast.Accept, accept: ValidationAcceptor): void {
        (node.prefixes ?? []).forEach((text, index) => this.checkPrefixLiteral(node, 'prefixes', text, accept, index));
    }

    checkWgRouteLiteral(node: ast.WgRoute, accept: ValidationAcceptor): void {
        this.checkPrefixLiteral(node, 'prefix', node.prefix, accept);
    }

    private checkAddressLiteral<N extends AstNode>(node: N, property: Properties<N>, text: string | undefined, accept: ValidationAcceptor): void {
        if (text !== undefined && !parseAddress(text)) {
            report(accept, 'error', DiagnosticCode.Syntax, `'${text}' is not a valid IP address.`, { node, property });
        }
    }

    private checkPrefixLiteral<N extends AstNode>(node: N, property: Properties<N>, text: string | undefined, accept: ValidationAcceptor, index?: number): void {
        if (text === undefined) {
            return;
        }
        const prefix = parsePrefix(text);
        if (!prefix) {
            report(accept, 'error', DiagnosticCode.Syntax, `'${text}' is not a valid prefix (address/length).`, { node, property, index });
            return;
        }
        if (hasHostBits(prefix)) {
            report(
                accept,
                'error',
                DiagnosticCode.CidrHostBits,
                `${text} has host bits set; the network is ${prefix.text}.`,
                { node, property, index },
                { replacement: prefix.text }
            );
        }
    }

    /** Whole-file checks that relate declarations to each other. */
    checkTopology(root: ast.Topology, accept: ValidationAcceptor): void {
        const model = this.cache.get(root);
        this.checkNetworkOverlaps(model, accept);
        this.checkPodCidrs(model, accept);
        this.checkHostAddresses(model, accept);
        this.checkVips(model, accept);
    }

    /**
     * Each network is paired with the innermost enclosing network it conflicts with (an error-level conflict
     * before an info-level one); the pair is reported on whichever of the two comes later in the file.
     */
    private checkNetworkOverlaps(model: TopologyModel, accept: ValidationAcceptor): void {
        const entries = model.networks.filter((network) => network.prefix).map((network) => ({ prefix: network.prefix!, item: network }));
        sweepNested(
            entries,
            (inner, enclosing) => {
            const other = innermostConflict(inner.role, enclosing);
            if (!other) {
                return;
            }
            const [later, earlier] = offsetOf(inner.ast) >= offsetOf(other.ast) ? [inner, other] : [other, inner];
            const severity = overlapSeverity(later.role, earlier.role);
            const why =
                severity === 'error'
                    ? describeRule(later.role, earlier.role)
                    : 'ClusterIPs are virtual, but a host address that equals an allocated ClusterIP becomes unreachable from pods; a service network that avoids host networks is safer';
            report(
                accept,
                severity,
                DiagnosticCode.CidrOverlap,
                `Network ${later.name} (${later.prefix!.text}, ${later.role}) overlaps network ${earlier.name} (${earlier.prefix!.text}, ${earlier.role}, line ${lineOf(earlier.ast)}): ${why}.`,
                { node: later.ast, property: 'prefix' },
                { other: earlier.name }
            );
            },
            (network) => network.role
        );
    }

    private checkPodCidrs(model: TopologyModel, accept: ValidationAcceptor): void {
        type PodCidr = { readonly ast: ast.Node; readonly name: string; readonly cidr: IpPrefix; readonly index: number };
        const entries = model.nodes.flatMap((node) =>
            node.podCidrs.map((cidr) => ({ prefix: cidr, item: { ast: node.ast, name: node.name, cidr, index: podCidrIndex(node.ast, cidr) } as PodCidr }))
        );
        sweepNested(entries, (inner, enclosing) => {
            const other = enclosing.innermost();
            const [later, earlier] = offsetOf(inner.ast) >= offsetOf(other.ast) ? [inner, other] : [other, inner];
            report(
                accept,
                'error',
                DiagnosticCode.CidrOverlap,
                `Pod CIDR ${later.cidr.text} of node ${later.name} overlaps pod CIDR ${earlier.cidr.text} of node ${earlier.name} (line ${lineOf(earlier.ast)}).`,
                { node: later.ast, property: 'podCidrs', index: later.index },
                { other: earlier.name }
            );
        });
        for (const node of model.nodes) {
            for (const cidr of node.podCidrs) {
                // Each pod CIDR lies in the cluster's pod network of its family (LANGUAGE-V2 §6).
                // A family without a pod network of its own is checked against the first (v1: one pod network).
                const podNetwork = node.cluster.podNetworks.find((network) => network.prefix?.family === cidr.family) ?? node.cluster.podNetwork;
                if (podNetwork?.prefix && !prefixCovers(podNetwork.prefix, cidr)) {
                    report(
                        accept,
                        'error',
                        DiagnosticCode.PodCidrOutside,
                        `Pod CIDR ${cidr.text} of node ${node.name} is outside the pod network ${podNetwork.name} (${podNetwork.prefix.text}) of cluster ${node.cluster.name}.`,
                        { node: node.ast, property: 'podCidrs', index: podCidrIndex(node.ast, cidr) }
                    );
                }
            }
        }
    }

    private checkHostAddresses(model: TopologyModel, accept: ValidationAcceptor): void {
        const seen = new Map<string, { owner: string; node: AstNode }>();
        const claim = (text: string, owner: string, node: AstNode, property: string, value: bigint, family: 4 | 6): void => {
            const key = `${family}:${value}`;
            const earlier = seen.get(key);
            if (earlier) {
                report(
                    accept,
                    'error',
                    DiagnosticCode.AddressDuplicate,
                    `Address ${text} of ${owner} is already taken by ${earlier.owner} (line ${lineOf(earlier.node)}).`,
                    { node, property },
                    { address: text }
                );
            } else {
                seen.set(key, { owner, node });
            }
        };
        type Claim = { text: string; owner: string; node: AstNode; property: string; value: bigint; family: 4 | 6; offset: number };
        const claims: Claim[] = [];
        for (const host of model.hosts) {
            for (const entry of host.addresses) {
                claims.push({
                    text: entry.address.text,
                    owner: `${host.kind === 'loadbalancer' ? 'load balancer' : host.kind} ${host.name}`,
                    node: entry.ast,
                    property: 'value',
                    value: entry.address.value,
                    family: entry.address.family,
                    offset: offsetOf(entry.ast)
                });
                this.checkAddressInNetwork(entry.address.text, entry, accept);
            }
        }
        for (const vip of model.vips) {
            if (vip.address) {
                claims.push({
                    text: vip.address.text,
                    owner: `VIP ${vip.name}`,
                    node: vip.ast,
                    property: 'address',
                    value: vip.address.value,
                    family: vip.address.family,
                    offset: offsetOf(vip.ast)
                });
            }
        }
        // Later in the file is reported, naming the earlier one.
        claims.sort((a, b) => a.offset - b.offset);
        for (const c of claims) {
            claim(c.text, c.owner, c.node, c.property, c.value, c.family);
        }
    }

    private checkAddressInNetwork(text: string, entry: TopologyModel['hosts'][number]['addresses'][number], accept: ValidationAcceptor): void {
        const network = entry.network;
        if (!network?.prefix) {
            return;
        }
        if (entry.explicitNetwork && !prefixContains(network.prefix, entry.address)) {
            report(
                accept,
                'error',
                DiagnosticCode.AddressOutsideNetwork,
                `Address ${text} is outside network ${network.name} (${network.prefix.text}).`,
                { node: entry.ast, property: 'value' }
            );
            return;
        }
        if (isReservedInSubnet(network.prefix, entry.address)) {
            report(accept, 'error', DiagnosticCode.AddressReserved, reservedMessage(text, network), { node: entry.ast, property: 'value' }, { network: network.name });
        }
    }

    private checkVips(model: TopologyModel, accept: ValidationAcceptor): void {
        const forbidden = new PrefixIndex(
            model.networks.filter((network) => network.prefix && VIP_FORBIDDEN_ROLES.has(network.role)).map((network) => ({ prefix: network.prefix!, item: network }))
        );
        for (const vip of model.vips) {
            if (!vip.address) {
                continue;
            }
            if (vip.network?.prefix && isReservedInSubnet(vip.network.prefix, vip.address)) {
                report(accept, 'error', DiagnosticCode.AddressReserved, reservedMessage(vip.address.text, vip.network), { node: vip.ast, property: 'address' });
            }
            const clash = forbidden.mostSpecific(vip.address);
            if (clash) {
                // The VIP belongs to its most specific network; a forbidden network merely enclosing it is a note.
                const severity = vip.network === undefined || VIP_FORBIDDEN_ROLES.has(vip.network.role) ? 'error' : 'info';
                report(
                    accept,
                    severity,
                    DiagnosticCode.VipConflict,
                    `VIP ${vip.name} (${vip.address.text}) lies inside ${clash.role} network ${clash.name} (${clash.prefix!.text}), whose addresses another system hands out.`,
                    { node: vip.ast, property: 'address' },
                    { network: clash.name }
                );
            }
        }
    }
}

const ALL_ROLES: readonly NetworkRole[] = ['underlay', 'vpn', 'pod', 'service', 'loadbalancer', 'management'];
const HOST_ROLES: ReadonlySet<NetworkRole> = new Set(['underlay', 'vpn', 'management']);

/**
 * The innermost enclosing network that conflicts with a network of role `role`: preferably one whose
 * overlap is an error, else one whose overlap is only a note (a service network around host networks).
 */
function innermostConflict(role: NetworkRole, enclosing: Enclosing<ModelNetwork>): ModelNetwork | undefined {
    const conflicting = ALL_ROLES.filter((outer) => rolesConflict(outer, role));
    const errors = conflicting.filter((outer) => overlapSeverity(outer, role) === 'error');
    const notes = conflicting.filter((outer) => overlapSeverity(outer, role) !== 'error');
    return enclosing.innermostWith(errors) ?? enclosing.innermostWith(notes);
}

function rolesConflict(a: NetworkRole, b: NetworkRole): boolean {
    return EXCLUSIVE_ROLES.has(a) || EXCLUSIVE_ROLES.has(b);
}

/**
 * A service network (virtual ClusterIPs) overlapping a network hosts live on is a note, not an error:
 * the spec's own examples use the Kubernetes default 10.96.0.0/12 around a 10.99.0.0/24 mesh.
 */
function overlapSeverity(a: NetworkRole, b: NetworkRole): 'error' | 'info' {
    return (a === 'service' && HOST_ROLES.has(b)) || (b === 'service' && HOST_ROLES.has(a)) ? 'info' : 'error';
}

function describeRule(a: NetworkRole, b: NetworkRole): string {
    const exclusive = EXCLUSIVE_ROLES.has(a) ? a : b;
    return `a ${exclusive} network must not share addresses with any other network`;
}

function reservedMessage(text: string, network: ModelNetwork): string {
    const prefix = network.prefix!;
    const which = networkAddress(prefix) === parseAddress(text)?.value ? 'network address' : 'broadcast address';
    return `${text} is the ${which} of ${network.name} (${prefix.text}); hosts use ${formatAddress(prefix.family, networkAddress(prefix) + 1n)}–${formatAddress(prefix.family, lastAddress(prefix) - (prefix.family === 4 ? 1n : 0n))}.`;
}

function offsetOf(node: AstNode): number {
    return node.$cstNode?.offset ?? 0;
}

/** The position of a lowered pod CIDR among the node's `pod-cidr` lines. */
function podCidrIndex(node: ast.Node, cidr: IpPrefix): number {
    return Math.max(0, node.podCidrs.findIndex((text) => parsePrefix(text)?.text === cidr.text));
}
