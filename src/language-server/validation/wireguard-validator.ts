/** WireGuard mesh checks: every member has a mesh address, every routed prefix goes to exactly one peer. */
import type { ValidationAcceptor } from 'langium';
import type * as ast from '../../language/generated/ast.js';
import type { ModelWireGuard } from '../../model/topology-model.js';
import type { BgptopoTopologyCache } from '../bgptopo-topology-cache.js';
import { DiagnosticCode } from './diagnostic-codes.js';
import { lineOf, report } from './validation-report.js';

export class WireGuardValidator {
    constructor(private readonly cache: BgptopoTopologyCache) {}

    checkTopology(root: ast.Topology, accept: ValidationAcceptor): void {
        for (const mesh of this.cache.get(root).wireguards) {
            this.checkMembers(mesh, accept);
            this.checkRoutes(mesh, accept);
        }
    }

    private checkMembers(mesh: ModelWireGuard, accept: ValidationAcceptor): void {
        if (!mesh.network?.prefix) {
            return;
        }
        // Where each member is named in `members`, for the diagnostic's range (hashed: linear in members).
        const positions = new Map<unknown, number>();
        (mesh.ast.members ?? []).forEach((ref, index) => {
            if (ref.ref && !positions.has(ref.ref)) {
                positions.set(ref.ref, index);
            }
        });
        for (const member of mesh.members) {
            if (member.address) {
                continue;
            }
            const index = positions.get(member.host.ast) ?? -1;
            report(
                accept,
                'error',
                DiagnosticCode.WireguardMemberAddress,
                `${member.host.kind === 'loadbalancer' ? 'Load balancer' : member.host.kind === 'router' ? 'Router' : 'Node'} ${member.host.name} is a member of ${mesh.name} but has no address in ${mesh.network.name} (${mesh.network.prefix.text}).`,
                mesh.ast.allMembers ? { node: mesh.ast, property: 'allMembers' } : { node: mesh.ast, property: 'members', index: index >= 0 ? index : undefined },
                { host: member.host.name }
            );
        }
    }

    private checkRoutes(mesh: ModelWireGuard, accept: ValidationAcceptor): void {
        // A prefix already given to a peer (its mesh address or an earlier route) cannot go to another one.
        // prefix → the peer it belongs to, and why (its mesh address, or an earlier route).
        const owner = new Map<string, { peer: string; why: string }>();
        for (const member of mesh.members) {
            if (member.address) {
                const prefix = `${member.address.address.text}/${member.address.address.family === 4 ? 32 : 128}`;
                owner.set(prefix, { peer: member.host.name, why: `its mesh address` });
            }
        }
        mesh.routes.forEach((route, index) => {
            const target = { node: mesh.ast, property: 'routes' as const, index };
            const name = route.target?.name ?? route.prefix?.text ?? route.ast.prefix ?? '?';
            if (!route.prefix) {
                return;
            }
            if (route.carriers.length > 1) {
                const why = route.target && 'holders' in route.target ? `floating VIP ${name} is held by` : `${name} is reached via`;
                report(
                    accept,
                    'error',
                    DiagnosticCode.WireguardRouteDuplicate,
                    `${route.prefix.text} would be in the AllowedIPs of ${route.carriers.map((host) => host.name).join(' and ')}: ${why} several members, but WireGuard gives a prefix to one peer only (the last one wins, silently).`,
                    target,
                    { prefix: route.prefix.text }
                );
                return;
            }
            if (route.carriers.length === 0) {
                report(
                    accept,
                    'error',
                    DiagnosticCode.WireguardRouteUnrouted,
                    `No member of ${mesh.name} carries ${name === route.prefix.text ? name : `${name} (${route.prefix.text})`}: none holds it or has an address in it, so no peer's AllowedIPs would include it; name one with \`via MEMBER\`.`,
                    target
                );
                return;
            }
            const carrier = route.carriers[0].name;
            const earlier = owner.get(route.prefix.text);
            if (earlier && earlier.peer !== carrier) {
                report(
                    accept,
                    'error',
                    DiagnosticCode.WireguardRouteDuplicate,
                    `${route.prefix.text} already belongs to peer ${earlier.peer} (${earlier.why}); routing it via ${carrier} too would silently move it, since WireGuard gives a prefix to one peer only.`,
                    target,
                    { prefix: route.prefix.text }
                );
            } else {
                owner.set(route.prefix.text, { peer: carrier, why: `route on line ${lineOf(route.ast)}` });
            }
        });
    }
}
