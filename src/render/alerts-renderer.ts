/**
 * PrometheusRule manifests (monitoring.coreos.com/v1) per cluster, clusters/<cluster>/prometheus-rules.yaml,
 * for the groups `monitoring { alerts … }` selects. Seed 000's recommended alerts, with metric names per
 * FACTS §3.3/§4.1 (kube_vip_manager_bgp_session_info, metallb_bgp_session_up) and Cilium's
 * cilium_bgp_control_plane_session_state (1 = established). A cluster's file holds what it depends on: its
 * control plane and speakers, its VIPs (kube-vip, frontends to it, VIPs on its nodes), the keepalived VIPs of
 * the routers its speakers peer with, and the WireGuard meshes its nodes are in. VIP reachability needs a
 * blackbox-exporter probe whose target is the VIP (`ADDR:PORT` for tcp_connect, `ADDR` for icmp).
 */
import type { ModelCluster, ModelVip, TopologyModel } from '../model/index.js';
import { hostPort } from '../model/ip-address.js';
import { header, originOf } from './render-header.js';
import { k8sName } from './render-names.js';
import type { RenderContext, RenderedFile } from './render-types.js';
import { yamlStream } from './yaml-output.js';

interface Rule {
    alert: string;
    expr: string;
    for: string;
    labels: Record<string, string>;
    annotations: Record<string, string>;
}

const KUBE_VIP_ESTABLISHED = 'ESTABLISHED|SESSION_STATE_ESTABLISHED';

export function renderAlerts(model: TopologyModel, context: RenderContext, include: (cluster: ModelCluster) => boolean): RenderedFile[] {
    if (model.alerts.length === 0) {
        return [];
    }
    const monitoring = model.ast.elements?.find((element) => element.$type === 'Monitoring');
    const origin = originOf('monitoring', monitoring);
    const files: RenderedFile[] = [];
    for (const cluster of model.clusters) {
        if (!include(cluster)) {
            continue;
        }
        const groups: { name: string; rules: Rule[] }[] = [];
        for (const group of model.alerts) {
            const rules =
                group === 'control-plane'
                    ? controlPlaneRules(model, cluster)
                    : group === 'vip'
                      ? vipRules(model, cluster)
                      : group === 'bgp'
                        ? bgpRules(cluster)
                        : wireguardRules(model, cluster);
            if (rules.length > 0) {
                groups.push({ name: `bgptopo-${k8sName(cluster.name)}-${group}`, rules });
            }
        }
        if (groups.length === 0) {
            continue;
        }
        const manifest = {
            apiVersion: 'monitoring.coreos.com/v1',
            kind: 'PrometheusRule',
            metadata: {
                name: k8sName('bgptopo', cluster.name),
                namespace: context.options.monitoringNamespace ?? 'monitoring',
                labels: { 'app.kubernetes.io/managed-by': 'bgptopo', 'bgptopo.io/cluster': k8sName(cluster.name).slice(0, 63) }
            },
            spec: { groups }
        };
        files.push({
            cluster: cluster.name,
            kind: 'alerts',
            path: `clusters/${cluster.name}/prometheus-rules.yaml`,
            content: yamlStream(header('#', [origin]), [manifest]),
            origin
        });
    }
    return files;
}

/** `labels` tell apart alerts of one name in one group (promtool lints exact duplicates). */
function rule(
    alert: string,
    expr: string,
    duration: string,
    severity: string,
    summary: string,
    description: string,
    labels: Record<string, string> = {}
): Rule {
    return { alert, expr, for: duration, labels: { severity, ...labels }, annotations: { summary, description } };
}

function quote(text: string): string {
    return JSON.stringify(text);
}

function controlPlaneRules(model: TopologyModel, cluster: ModelCluster): Rule[] {
    const controlPlanes = cluster.nodes.filter((node) => node.role === 'control-plane').length;
    if (controlPlanes === 0) {
        return [];
    }
    const quorum = Math.floor(controlPlanes / 2) + 1;
    const rules = [
        rule(
            'ControlPlaneDegraded',
            `(count(up{job="apiserver"} == 1) or vector(0)) < ${quorum}`,
            '2m',
            'critical',
            `Fewer than ${quorum} of ${controlPlanes} kube-apiservers of cluster ${cluster.name} are up`,
            'One more control-plane failure loses the API (and etcd quorum with stacked etcd).'
        )
    ];
    const kubeVip = model.vips.filter((vip) => isKubeVipOf(vip, cluster));
    if (kubeVip.some((vip) => vip.mechanism === 'kube-vip-bgp')) {
        rules.push(
            rule(
                'KubeVipNoLeader',
                `(count(kube_vip_manager_bgp_session_info{state=~"${KUBE_VIP_ESTABLISHED}"}) or vector(0)) < 1`,
                '1m',
                'warning',
                `No kube-vip of cluster ${cluster.name} has an established BGP session`,
                'In BGP mode every healthy control plane announces the API VIP; with no session up nobody announces it.',
                { mode: 'bgp' }
            )
        );
    }
    if (kubeVip.some((vip) => vip.mechanism === 'kube-vip-arp')) {
        rules.push(
            rule(
                'KubeVipNoLeader',
                '(max(kube_vip_is_leader) or vector(0)) < 1',
                '1m',
                'warning',
                `No kube-vip leader in cluster ${cluster.name}`,
                'In ARP mode only the lease holder answers for the VIP; without a leader the VIP is unreachable.',
                { mode: 'arp' }
            )
        );
    }
    return rules;
}

function isKubeVipOf(vip: ModelVip, cluster: ModelCluster): boolean {
    return (vip.mechanism === 'kube-vip-bgp' || vip.mechanism === 'kube-vip-arp') && vip.holders.some((h) => h.host.kind === 'node' && h.host.cluster === cluster);
}

/** The VIPs a cluster depends on. */
function clusterVips(model: TopologyModel, cluster: ModelCluster): ModelVip[] {
    const routers = new Set(cluster.speakers.flatMap((speaker) => speaker.peers));
    return model.vips.filter(
        (vip) =>
            vip.address !== undefined &&
            (vip.frontends.some((frontend) => frontend.cluster === cluster) ||
                vip.holders.some((h) => (h.host.kind === 'node' && h.host.cluster === cluster) || (h.host.kind === 'router' && routers.has(h.host))))
    );
}

function vipRules(model: TopologyModel, cluster: ModelCluster): Rule[] {
    return clusterVips(model, cluster).map((vip) => {
        const api = vip.frontends.some((frontend) => frontend.cluster === cluster) || isKubeVipOf(vip, cluster);
        const port = vip.frontends[0]?.port ?? vip.healthCheck?.port;
        const target = port !== undefined ? hostPort(vip.address!.text, port) : vip.address!.text;
        return rule(
            api ? 'APIServerVIPDown' : 'VIPDown',
            `probe_success{instance=${quote(target)}} == 0`,
            '1m',
            api ? 'critical' : 'warning',
            `VIP ${vip.name} (${target}) does not answer`,
            `Blackbox probe of ${target} fails: no holder of VIP ${vip.name} serves it.`,
            { vip: vip.name }
        );
    });
}

function bgpRules(cluster: ModelCluster): Rule[] {
    const kinds = new Set(cluster.speakers.map((speaker) => speaker.kind));
    const rules: Rule[] = [];
    const description = (speaker: string) =>
        `A ${speaker} BGP session of cluster ${cluster.name} is not Established: its routes are withdrawn from that router.`;
    if (kinds.has('kube-vip')) {
        rules.push(
            rule(
                'BGPSessionDown',
                `kube_vip_manager_bgp_session_info{state!~"${KUBE_VIP_ESTABLISHED}"}`,
                '2m',
                'warning',
                'kube-vip BGP session {{ $labels.peer }} is {{ $labels.state }}',
                description('kube-vip'),
                { speaker: 'kube-vip' }
            )
        );
    }
    if (kinds.has('metallb')) {
        rules.push(
            rule('BGPSessionDown', 'metallb_bgp_session_up == 0', '2m', 'warning', 'MetalLB BGP session {{ $labels.peer }} is down', description('MetalLB'), {
                speaker: 'metallb'
            })
        );
    }
    if (kinds.has('cilium-bgp')) {
        rules.push(
            rule(
                'BGPSessionDown',
                'cilium_bgp_control_plane_session_state == 0',
                '2m',
                'warning',
                'Cilium BGP session {{ $labels.neighbor }} is down',
                description('Cilium'),
                { speaker: 'cilium-bgp' }
            )
        );
    }
    return rules;
}

function wireguardRules(model: TopologyModel, cluster: ModelCluster): Rule[] {
    return model.wireguards
        .filter((mesh) => mesh.members.some((member) => member.host.kind === 'node' && member.host.cluster === cluster))
        .map((mesh) =>
            rule(
                'WireGuardPeerStale',
                `time() - wireguard_latest_handshake_seconds{interface=${quote(mesh.name)}} > 300`,
                '5m',
                'warning',
                `WireGuard peer {{ $labels.public_key }} on ${mesh.name} has had no handshake for 5 minutes`,
                `Traffic routed over ${mesh.name} to that peer is lost (needs prometheus_wireguard_exporter).`,
                { wireguard: mesh.name }
            )
        );
}
