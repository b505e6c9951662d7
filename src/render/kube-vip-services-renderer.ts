/**
 * kube-vip services mode (LANGUAGE-V2 §9; FACTS-V2 §4) per cluster, clusters/<cluster>/kube-vip-services.yaml:
 * the kube-vip-cloud-provider ConfigMap (`kubevip` in kube-system) handing out the `services pool` — `range-global`
 * / `cidr-global`, or `range-<ns>` / `cidr-<ns>` per namespace of the pool — and one DaemonSet with `svc_enable`
 * per distinct kube-vip environment on the block's speakers that hold no control-plane VIP (those run the static
 * pod with `svc_enable`: one kube-vip process per node). The router-id is the node's own address (`status.podIP`
 * on the host network): a DaemonSet has one pod template. Needs kube-vip's RBAC (ServiceAccount `kube-vip`) and the
 * cloud provider installed, as kube-vip's own manifests say.
 */
import type { BgpSession, ModelCluster, ModelNetwork, ModelNode, ModelSpeaker, TopologyModel } from '../model/index.js';
import { bgpEnv, kubeVipContainer, type EnvVar } from './kube-vip-renderer.js';
import { header, originOf } from './render-header.js';
import { k8sName } from './render-names.js';
import { RenderError, type RenderContext, type RenderedFile } from './render-types.js';
import { yamlStream } from './yaml-output.js';

const NAMESPACE = 'kube-system';
/** kube-vip-cloud-provider's ConfigMap (KVCP pkg/provider/provider.go). */
const CLOUD_PROVIDER_CONFIG_MAP = 'kubevip';
const HOSTNAME_LABEL = 'kubernetes.io/hostname';

export function renderKubeVipServices(model: TopologyModel, context: RenderContext, include: (cluster: ModelCluster) => boolean): RenderedFile[] {
    const files: RenderedFile[] = [];
    for (const cluster of model.clusters) {
        const speaker = cluster.speakers.find((entry) => entry.kind === 'kube-vip' && entry.servicesPool);
        if (!speaker?.servicesPool || !include(cluster)) {
            continue;
        }
        const origin = originOf(`kube-vip speaker of cluster ${cluster.name}`, speaker.ast);
        const documents: object[] = [cloudProviderConfig(speaker.servicesPool, origin)];
        documents.push(...daemonSets(model, speaker, context));
        files.push({
            cluster: cluster.name,
            kind: 'kube-vip',
            path: `clusters/${cluster.name}/kube-vip-services.yaml`,
            content: yamlStream(header('#', [origin]), documents),
            origin
        });
    }
    return files;
}

/** The pool's addresses as the cloud provider's keys: ranges as `range-*`, else the prefix as `cidr-*`. */
function cloudProviderConfig(pool: ModelNetwork, origin: ReturnType<typeof originOf>): object {
    if (!pool.prefix) {
        throw new RenderError(`pool ${pool.name} has no valid prefix`, origin);
    }
    const ranges = pool.ranges.flatMap((range) => (range.start && range.end ? [`${range.start.text}-${range.end.text}`] : []));
    const [kind, value] = ranges.length > 0 ? ['range', ranges.join(',')] : ['cidr', pool.prefix.text];
    const scopes = pool.namespaces.length > 0 ? pool.namespaces : ['global'];
    const data = Object.fromEntries(scopes.map((scope) => [`${kind}-${scope}`, value]));
    return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: CLOUD_PROVIDER_CONFIG_MAP, namespace: NAMESPACE }, data };
}

/** The block's services nodes that run no static pod, grouped by their kube-vip environment: one DaemonSet each. */
function daemonSets(model: TopologyModel, speaker: ModelSpeaker, context: RenderContext): object[] {
    const holders = new Set(speaker.vips.flatMap((vip) => vip.holders.map((holder) => holder.host)));
    const routerId: EnvVar = { name: 'bgp_routerid', valueFrom: { fieldRef: { fieldPath: 'status.podIP' } } };
    const groups = new Map<string, { env: EnvVar[]; nodes: ModelNode[] }>();
    for (const node of speaker.servicesNodes.filter((member) => !holders.has(member))) {
        const sessions: BgpSession[] = model.sessions.filter((session) => session.speaker === speaker && session.node === node);
        const env = bgpEnv(node, speaker, sessions, new Map(), routerId);
        const key = JSON.stringify(env);
        const group = groups.get(key) ?? { env, nodes: [] };
        group.nodes.push(node);
        groups.set(key, group);
    }
    let index = 0;
    return [...groups.values()].map((group) => {
        index++;
        const name = groups.size > 1 ? k8sName('kube-vip-services', String(index)) : 'kube-vip-services';
        return daemonSet(name, group.nodes, group.env, context);
    });
}

function daemonSet(name: string, nodes: ModelNode[], bgp: EnvVar[], context: RenderContext): object {
    const labels = { 'app.kubernetes.io/name': name };
    const env: EnvVar[] = [
        { name: 'vip_arp', value: 'false' },
        { name: 'port', value: '6443' },
        { name: 'vip_nodename', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } },
        { name: 'vip_interface', value: 'lo' },
        { name: 'dns_mode', value: 'first' },
        { name: 'svc_enable', value: 'true' },
        ...bgp,
        { name: 'vip_leaderelection', value: 'false' },
        { name: 'prometheus_server', value: ':2112' }
    ];
    return {
        apiVersion: 'apps/v1',
        kind: 'DaemonSet',
        metadata: { name, namespace: NAMESPACE, labels },
        spec: {
            selector: { matchLabels: labels },
            template: {
                metadata: { labels },
                spec: {
                    affinity: {
                        nodeAffinity: {
                            requiredDuringSchedulingIgnoredDuringExecution: {
                                nodeSelectorTerms: [{ matchExpressions: [{ key: HOSTNAME_LABEL, operator: 'In', values: nodes.map((node) => node.kubernetesName).sort() }] }]
                            }
                        }
                    },
                    tolerations: [{ key: 'node-role.kubernetes.io/control-plane', operator: 'Exists', effect: 'NoSchedule' }],
                    serviceAccountName: 'kube-vip',
                    hostNetwork: true,
                    containers: [kubeVipContainer(env, context)]
                }
            }
        }
    };
}
