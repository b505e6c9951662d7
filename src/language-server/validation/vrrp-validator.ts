/**
 * VIP checks: VRRP ids and priorities, failover capacity, options that belong to the other mechanism, and
 * keepalived VIPs placed where VRRP cannot move them (a WireGuard interface or a vpn network).
 */
import type { ValidationAcceptor } from 'langium';
import type * as ast from '../../language/generated/ast.js';
import type { ModelVip, ModelVipHolder, ModelWireGuard, TopologyModel } from '../../model/topology-model.js';
import type { BgptopoTopologyCache } from '../bgptopo-topology-cache.js';
import { DiagnosticCode } from './diagnostic-codes.js';
import { lineOf, report } from './validation-report.js';

export class VrrpValidator {
    constructor(private readonly cache: BgptopoTopologyCache) {}

    /** Options of the other mechanism, and what each mechanism needs. Purely local to one VIP. */
    checkVipOptions(node: ast.Vip, accept: ValidationAcceptor): void {
        const kind = node.mechanism?.kind;
        if (!kind) {
            report(accept, 'error', DiagnosticCode.VipOption, `VIP ${node.name} needs a mechanism: \`keepalived vrid N\` or \`kube-vip bgp|arp\`.`, {
                node,
                property: 'name'
            });
            return;
        }
        if (kind === 'keepalived') {
            if (node.vrid === undefined) {
                report(accept, 'error', DiagnosticCode.VipOption, `A keepalived VIP needs \`vrid N\` (1–255), unique on its segment.`, {
                    node,
                    property: 'mechanism'
                });
            }
            if (node.holders?.controlPlaneOf) {
                report(
                    accept,
                    'error',
                    DiagnosticCode.VipOption,
                    'keepalived holders are listed with priorities (`holders r1 priority 150, r2 priority 100`); `control-plane of` is for kube-vip.',
                    { node: node.holders, property: 'controlPlaneOf' }
                );
            }
            return;
        }
        const mechanism = `kube-vip ${node.mechanism?.mode ?? ''}`.trim();
        if (node.vrid !== undefined) {
            report(accept, 'error', DiagnosticCode.VipOption, `\`vrid\` is a VRRP option; ${mechanism} does not use VRRP.`, { node, property: 'vrid' });
        }
        if (node.advert !== undefined) {
            report(accept, 'error', DiagnosticCode.VipOption, `\`advert\` is a VRRP option; ${mechanism} does not use VRRP.`, { node, property: 'advert' });
        }
        (node.frontends ?? []).forEach((frontend, index) => {
            report(
                accept,
                'error',
                DiagnosticCode.VipOption,
                `\`frontend\` renders an HAProxy frontend on keepalived holders; ${mechanism} forwards straight to the API servers.`,
                { node, property: 'frontends', index }
            );
            void frontend;
        });
        for (const holder of node.holders?.entries ?? []) {
            if (holder.priority !== undefined) {
                report(accept, 'error', DiagnosticCode.VipOption, `kube-vip holders have no priority; every control-plane node may announce the VIP.`, {
                    node: holder,
                    property: 'priority'
                });
            }
            const host = holder.host?.ref;
            if (host && (host.$type !== 'Node' || (host as ast.Node).role !== 'control-plane')) {
                report(accept, 'error', DiagnosticCode.VipOption, `kube-vip runs as a static pod on control-plane nodes; ${holder.host.$refText} is not one.`, {
                    node: holder,
                    property: 'host'
                });
            }
        }
    }

    checkTopology(root: ast.Topology, accept: ValidationAcceptor): void {
        const model = this.cache.get(root);
        this.checkVrids(model, accept);
        const meshes = new Map(model.wireguards.map((mesh) => [mesh.name, mesh] as const));
        for (const vip of model.vips) {
            this.checkArpInterface(vip, accept);
            this.checkKeepalivedInterface(vip, accept);
            this.checkPriorities(vip, accept);
            this.checkHolderCount(vip, accept);
            this.checkWireGuardPlacement(vip, meshes, accept);
        }
    }

    /**
     * kube-vip arp answers ARP on a real interface: the VIP's own `interface`, else its network's, else
     * `defaults interface` (LANGUAGE.md, `vip`). Only when none of them gives one is it an error.
     */
    private checkArpInterface(vip: ModelVip, accept: ValidationAcceptor): void {
        if (vip.mechanism !== 'kube-vip-arp' || vip.interface !== undefined || !vip.ast.mechanism) {
            return;
        }
        report(
            accept,
            'error',
            DiagnosticCode.VipOption,
            `kube-vip arp needs an interface to answer ARP on: give VIP ${vip.name} \`interface IFNAME\`, or an interface to ${vip.network ? `network ${vip.network.name}` : 'a network containing it'} or to \`defaults\`.`,
            { node: vip.ast.mechanism, property: 'mode' }
        );
    }

    /** keepalived binds each VRRP instance to an interface: the VIP's, its network's, or the default one. */
    private checkKeepalivedInterface(vip: ModelVip, accept: ValidationAcceptor): void {
        if (vip.mechanism !== 'keepalived' || vip.interface !== undefined) {
            return;
        }
        const where = vip.network ? `its network ${vip.network.name} has no \`interface\`` : 'it lies in no declared network';
        report(
            accept,
            'error',
            DiagnosticCode.VipOption,
            `keepalived VIP ${vip.name} has no interface: ${where} and there is no \`defaults { interface IF }\`. Add \`interface IF\` to the VIP.`,
            { node: vip.ast, property: vip.ast.mechanism ? 'mechanism' : 'name' }
        );
    }

    private checkVrids(model: TopologyModel, accept: ValidationAcceptor): void {
        const seen = new Map<string, ModelVip>();
        for (const vip of model.vips) {
            if (vip.mechanism !== 'keepalived' || vip.vrid === undefined) {
                continue;
            }
            const segment = vrrpSegment(vip);
            const key = `${segment}\u0000${vip.vrid}`;
            const earlier = seen.get(key);
            if (earlier) {
                report(
                    accept,
                    'error',
                    DiagnosticCode.VrrpVridDuplicate,
                    `VRID ${vip.vrid} of VIP ${vip.name} is already used by VIP ${earlier.name} (line ${lineOf(earlier.ast)}) on ${segment}: two VRRP groups with one VRID on a segment fight over mastership.`,
                    { node: vip.ast, property: 'vrid' },
                    { segment }
                );
            } else {
                seen.set(key, vip);
            }
        }
    }

    private checkPriorities(vip: ModelVip, accept: ValidationAcceptor): void {
        if (vip.mechanism !== 'keepalived') {
            return;
        }
        const valid: Array<{ priority: number; name: string; ast: NonNullable<ModelVipHolder['ast']> }> = [];
        for (const holder of vip.holders) {
            if (holder.priority === undefined || !holder.ast) {
                continue;
            }
            if (holder.priority < 1 || holder.priority > 254) {
                report(
                    accept,
                    'error',
                    DiagnosticCode.VrrpPriority,
                    `Priority ${holder.priority} of ${holder.host.name} on VIP ${vip.name} is outside 1–254 (255 is reserved for the address owner, 0 means the master is leaving).`,
                    { node: holder.ast, property: 'priority' }
                );
                continue;
            }
            valid.push({ priority: holder.priority, name: holder.host.name, ast: holder.ast });
        }
        // LANGUAGE-V2 §10 (Changed): only a shared *highest* priority makes the master ambiguous; backups may share
        // one (VRRP breaks the tie by primary address, as kubeadm's HA guide does with 101/100/100).
        const top = Math.max(...valid.map((holder) => holder.priority));
        const atTop = valid.filter((holder) => holder.priority === top);
        for (const holder of atTop.slice(1)) {
            report(
                accept,
                'warning',
                DiagnosticCode.VrrpPriority,
                `${holder.name} and ${atTop[0].name} share the highest priority ${top} on VIP ${vip.name}: the election falls to the higher interface address, so which one is master is an accident.`,
                { node: holder.ast, property: 'priority' },
                { first: atTop[0].name, priority: top }
            );
        }
    }

    private checkHolderCount(vip: ModelVip, accept: ValidationAcceptor): void {
        if (vip.holders.length >= 2) {
            return;
        }
        const what = vip.holders.length === 0 ? 'no holder' : `one holder (${vip.holders[0].host.name})`;
        report(accept, 'warning', DiagnosticCode.VipSingleHolder, `VIP ${vip.name} has ${what}: nothing takes over when it fails.`, {
            node: vip.ast.holders ?? vip.ast,
            property: vip.ast.holders ? undefined : 'name'
        });
    }

    private checkWireGuardPlacement(vip: ModelVip, meshes: ReadonlyMap<string, ModelWireGuard>, accept: ValidationAcceptor): void {
        if (vip.mechanism !== 'keepalived') {
            return;
        }
        const mesh = vip.interface !== undefined ? meshes.get(vip.interface) : undefined;
        const vpnNetwork = vip.network?.role === 'vpn' ? vip.network : undefined;
        if (!mesh && !vpnNetwork) {
            return;
        }
        const where = mesh
            ? `its interface ${vip.interface} is a WireGuard mesh (line ${lineOf(mesh.ast)})`
            : `it lies in vpn network ${vpnNetwork!.name} (${vpnNetwork!.prefix?.text ?? '?'}, line ${lineOf(vpnNetwork!.ast)})`;
        // On the VIP's own `interface` when that is what names the mesh, else on its address.
        const target = mesh && vip.ast.interface !== undefined ? { node: vip.ast, property: 'interface' as const } : { node: vip.ast, property: 'address' as const };
        report(
            accept,
            'error',
            DiagnosticCode.VipOnWireguard,
            `keepalived VIP ${vip.name} cannot fail over: ${where}. WireGuard carries no VRRP multicast and routes each address to one fixed peer. Put the VIP on a LAN segment (an underlay network) instead.`,
            target
        );
    }
}

/** The VRRP segment of a keepalived VIP (its network, else its interface): VRIDs must differ within one. */
export function vrrpSegment(vip: ModelVip): string {
    return vip.network ? `network ${vip.network.name}` : `interface ${vip.interface ?? '(default)'}`;
}
