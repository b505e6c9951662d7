/**
 * A network named where a role is required must have that role: `pod-network` → pod, `service-network` →
 * service, a MetalLB `pool` or Cilium `advertise pool` → loadbalancer, a WireGuard `network` → vpn.
 * Otherwise the other checks reason about the wrong address space (a pool that is really an underlay would
 * hand out the routers' own addresses as LoadBalancer IPs).
 */
import type { AstNode, Properties, Reference, ValidationAcceptor } from 'langium';
import type * as ast from '../../language/generated/ast.js';
import { DiagnosticCode } from './diagnostic-codes.js';
import { lineOf, report } from './validation-report.js';

type Role = 'underlay' | 'vpn' | 'pod' | 'service' | 'loadbalancer' | 'management';

export class NetworkRoleValidator {
    checkCluster(node: ast.Cluster, accept: ValidationAcceptor): void {
        node.podNetworks.forEach((reference, index) => expectRole(accept, node, 'podNetworks', reference, 'pod', '`pod-network`', index));
        node.serviceNetworks.forEach((reference, index) => expectRole(accept, node, 'serviceNetworks', reference, 'service', '`service-network`', index));
    }

    checkMetallb(node: ast.MetallbSpeaker, accept: ValidationAcceptor): void {
        (node.pools ?? []).forEach((pool, index) => expectRole(accept, node, 'pools', pool, 'loadbalancer', 'a MetalLB `pool`', index));
    }

    checkKubeVip(node: ast.KubeVipSpeaker, accept: ValidationAcceptor): void {
        expectRole(accept, node, 'servicesPool', node.servicesPool, 'loadbalancer', 'kube-vip\'s `services pool`');
    }

    checkAdvertisement(node: ast.Advertisement, accept: ValidationAcceptor): void {
        if (node.kind === 'pool') {
            expectRole(accept, node, 'pool', node.pool, 'loadbalancer', 'an advertised `pool`');
        }
        if (node.kind === 'external-ips' && node.network?.ref) {
            // LANGUAGE-V2 §7: external IPs come from any network but a pod or service network.
            const role = node.network.ref.role;
            if (role === 'pod' || role === 'service') {
                report(
                    accept,
                    'error',
                    DiagnosticCode.NetworkRole,
                    `\`external-ips\` must name the network Services' externalIPs come from, not a ${role} network (${node.network.ref.name}, line ${lineOf(node.network.ref)}).`,
                    { node, property: 'network' },
                    { network: node.network.ref.name }
                );
            }
        }
    }

    checkWireGuard(node: ast.WireGuard, accept: ValidationAcceptor): void {
        expectRole(accept, node, 'network', node.network, 'vpn', 'a WireGuard mesh `network`');
    }
}

function expectRole<N extends AstNode>(
    accept: ValidationAcceptor,
    node: N,
    property: Properties<N>,
    reference: Reference<ast.Network> | undefined,
    role: Role,
    what: string,
    index?: number
): void {
    const network = reference?.ref;
    if (!network) {
        return;
    }
    const actual = (network.role as Role | undefined) ?? 'underlay';
    if (actual !== role) {
        report(
            accept,
            'error',
            DiagnosticCode.NetworkRole,
            `${what} must be a network with \`role ${role}\`; ${network.name} (line ${lineOf(network)}) is ${actual === 'underlay' && !network.role ? 'an underlay (the default role)' : `a ${actual} network`}.`,
            { node, property, index },
            { network: network.name, role }
        );
    }
}
