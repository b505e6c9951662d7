/**
 * kube-vip static pods (/etc/kubernetes/manifests/kube-vip.yaml) on the control-plane nodes holding a
 * `kube-vip bgp|arp` VIP (FACTS §3). BGP mode: every holder announces the VIP (/32 on `lo`, no leader
 * election, the router ECMPs), with its own router-id (never the VIP: RFC 6286), `bgp_peers` entries in the
 * exact `address:AS:password:multihop` form (the third field is the TCP-MD5 password, explicitly empty
 * unless a secret is set), and `bgp_sourceip` when the speaker has `source`. ARP mode: lease-based leader
 * election on the VIP's interface.
 */
import type { BgpSession, ModelNode, ModelSpeaker, ModelVip, TopologyModel } from '../model/index.js';
import { familyBits, hostPort } from '../model/ip-address.js';
import { header, originOf } from './render-header.js';
import { speakerPassword } from './render-secrets.js';
import { seconds, timerSeconds } from './render-names.js';
import { DEFAULT_KUBE_VIP_IMAGE, RenderError, type RenderContext, type RenderedFile, type RenderOrigin } from './render-types.js';
import { yamlStream } from './yaml-output.js';

const DEFAULT_API_PORT = 6443;
const ADMIN_CONF = '/etc/kubernetes/admin.conf';
const SUPER_ADMIN_CONF = '/etc/kubernetes/super-admin.conf';
const CLUSTER_CA = '/etc/kubernetes/pki/ca.crt';
/** kube-vip v1.2.2+ field 7 of a bgp_peers entry: enable;rx ms;tx ms;multiplier (its defaults). */
const BFD_FIELD = 'true;300;300;3';

export type EnvVar = { name: string; value: string } | { name: string; valueFrom: object };

export function renderKubeVip(model: TopologyModel, context: RenderContext, include: (node: ModelNode) => boolean): RenderedFile[] {
    const files: RenderedFile[] = [];
    for (const vip of model.vips) {
        if (vip.mechanism !== 'kube-vip-bgp' && vip.mechanism !== 'kube-vip-arp') {
            continue;
        }
        const origin = originOf(`vip ${vip.name}`, vip.ast);
        for (const holder of vip.holders) {
            const node = holder.host;
            if (node.kind !== 'node' || !include(node)) {
                continue;
            }
            const speaker = vip.mechanism === 'kube-vip-bgp' ? kubeVipSpeaker(vip, node, origin) : undefined;
            const sessions = speaker ? model.sessions.filter((s) => s.speaker === speaker && s.node === node) : [];
            const origins = speaker ? [origin, originOf(`kube-vip speaker of cluster ${node.cluster.name}`, speaker.ast)] : [origin];
            // Each peer group may name its own secret: one password per session (bgp_peers carries one per peer).
            const secrets = speaker ? sessions.map((session) => speakerPassword(speaker, context, session.options)) : [];
            const passwords = new Map(sessions.map((session, index) => [session, secrets[index].password ?? '']));
            const unresolved = secrets.find((secret) => secret.unresolved !== undefined)?.unresolved ?? (speaker && sessions.length === 0 ? speakerPassword(speaker, context).unresolved : undefined);
            const pod = podManifest(vip, node, speaker, sessions, passwords, context, origin);
            const note = unresolved !== undefined ? `\n# PREVIEW ONLY: secret "${unresolved}" is not resolved, so bgp_peers carries no password` : '';
            files.push({
                host: node.name,
                kind: 'kube-vip',
                path: '/etc/kubernetes/manifests/kube-vip.yaml',
                content: yamlStream(header('#', origins) + note, [pod]),
                origin
            });
        }
    }
    return files;
}

function kubeVipSpeaker(vip: ModelVip, node: ModelNode, origin: RenderOrigin): ModelSpeaker {
    const speaker = node.cluster.speakers.find((s) => s.kind === 'kube-vip' && s.vips.includes(vip) && s.nodes.includes(node));
    if (!speaker) {
        throw new RenderError(`no kube-vip speaker of cluster ${node.cluster.name} on node ${node.name} announces this VIP`, origin);
    }
    return speaker;
}

function podManifest(
    vip: ModelVip,
    node: ModelNode,
    speaker: ModelSpeaker | undefined,
    sessions: BgpSession[],
    passwords: ReadonlyMap<BgpSession, string>,
    context: RenderContext,
    origin: RenderOrigin
): object {
    if (!vip.address) {
        throw new RenderError('the VIP has no valid address', origin);
    }
    if (!vip.interface) {
        throw new RenderError('kube-vip arp needs the VIP interface (`interface`)', origin);
    }
    const port = vip.healthCheck?.port ?? DEFAULT_API_PORT;
    const env: EnvVar[] = [
        { name: 'vip_arp', value: String(!speaker) },
        { name: 'port', value: String(port) },
        { name: 'vip_nodename', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } },
        { name: 'vip_interface', value: vip.interface },
        { name: 'vip_subnet', value: String(familyBits(vip.address.family)) },
        { name: 'dns_mode', value: 'first' },
        { name: 'cp_enable', value: 'true' },
        { name: 'cp_namespace', value: 'kube-system' }
    ];
    if (speaker) {
        env.push(...bgpEnv(node, speaker, sessions, passwords));
        env.push({ name: 'vip_leaderelection', value: 'false' });
        if (speaker.servicesPool && speaker.servicesNodes.includes(node)) {
            // LANGUAGE-V2 §9: one kube-vip per node; a holder among the block's speakers also announces Services.
            env.push({ name: 'svc_enable', value: 'true' });
        }
    } else {
        env.push(
            { name: 'vip_leaderelection', value: 'true' },
            { name: 'vip_leasename', value: 'plndr-cp-lock' },
            { name: 'vip_leaseduration', value: '15' },
            { name: 'vip_renewdeadline', value: '10' },
            { name: 'vip_retryperiod', value: '2' }
        );
    }
    env.push({ name: 'address', value: vip.address.text });
    const mounts: object[] = [{ mountPath: ADMIN_CONF, name: 'kubeconfig' }];
    const bootstrapNode = node.cluster.nodes.find((n) => n.role === 'control-plane');
    const volumes: object[] = [
        { name: 'kubeconfig', hostPath: { path: context.options.bootstrap && bootstrapNode === node ? SUPER_ADMIN_CONF : ADMIN_CONF } }
    ];
    if (vip.healthCheck && speaker) {
        // v1.2.0+: the route is withheld until /livez answers and withdrawn after repeated failures.
        env.push(
            { name: 'control_plane_health_check_address', value: `https://localhost:${vip.healthCheck.port}/livez` },
            { name: 'control_plane_health_check_period_seconds', value: String(seconds(vip.healthCheck.intervalMs)) },
            { name: 'control_plane_health_check_ca_path', value: CLUSTER_CA }
        );
        mounts.push({ mountPath: CLUSTER_CA, name: 'cluster-ca', readOnly: true });
        volumes.push({ name: 'cluster-ca', hostPath: { path: CLUSTER_CA, type: 'File' } });
    }
    env.push({ name: 'prometheus_server', value: ':2112' });
    return {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: 'kube-vip', namespace: 'kube-system' },
        spec: {
            containers: [
                { ...kubeVipContainer(env, context), volumeMounts: mounts }
            ],
            hostAliases: [{ ip: '127.0.0.1', hostnames: ['kubernetes'] }],
            hostNetwork: true,
            volumes
        }
    };
}

/** The kube-vip container of the static pod and of the services DaemonSet. */
export function kubeVipContainer(env: EnvVar[], context: RenderContext): Record<string, unknown> {
    return {
        name: 'kube-vip',
        image: context.options.kubeVipImage ?? DEFAULT_KUBE_VIP_IMAGE,
        imagePullPolicy: 'IfNotPresent',
        args: ['manager'],
        env,
        securityContext: { capabilities: { add: ['NET_ADMIN', 'NET_RAW'], drop: ['ALL'] } }
    };
}

/**
 * One kube-vip process per node: its AS, source and timers come from the node's sessions (validation allows one
 * set per node: speaker-asn-split, option-unsupported); BFD, multihop and password are per peer in `bgp_peers`.
 */
export function bgpEnv(
    node: ModelNode,
    speaker: ModelSpeaker,
    sessions: BgpSession[],
    passwords: ReadonlyMap<BgpSession, string>,
    routerId?: EnvVar
): EnvVar[] {
    const origin = originOf(`kube-vip speaker of cluster ${node.cluster.name}`, speaker.ast);
    const options = sessions[0]?.options ?? speaker.options;
    const asn = sessions[0]?.speakerAsn ?? speaker.asn;
    if (asn === undefined) {
        throw new RenderError('the speaker has no valid `asn`', origin);
    }
    if (!routerId && node.routerId?.family !== 4) {
        throw new RenderError(`node ${node.name} has no IPv4 router-id`, originOf(`node ${node.name}`, node.ast));
    }
    const peers = sessions.map((session) => {
        if (!session.destination || session.routerAsn === undefined) {
            throw new RenderError(`no path or ASN towards router ${session.router.name} for node ${node.name}`, origin);
        }
        const address = session.destination.address;
        const entry = `${hostPort(address.text)}:${session.routerAsn}:${passwords.get(session) ?? ''}:${session.multihop !== undefined}`;
        const bfd = session.options.bfd;
        if (bfd && (bfd.receiveMs !== undefined || bfd.transmitMs !== undefined || bfd.multiplier !== undefined)) {
            return `${entry}:::true;${bfd.receiveMs ?? 300};${bfd.transmitMs ?? 300};${bfd.multiplier ?? 3}`;
        }
        return bfd || session.router.bfd ? `${entry}:::${BFD_FIELD}` : entry;
    });
    if (peers.length === 0) {
        throw new RenderError(`node ${node.name} has no BGP session`, origin);
    }
    const env: EnvVar[] = [
        { name: 'bgp_enable', value: 'true' },
        routerId ?? { name: 'bgp_routerid', value: node.routerId!.text },
        { name: 'bgp_as', value: String(asn) },
        { name: 'bgp_peers', value: peers.join(',') }
    ];
    const source = sessions[0].source;
    const firstOfFamily = node.addresses.find((entry) => entry.address.family === sessions[0].family);
    if (source && (options.source.kind !== 'primary' || (!sessions[0].singleHop && source !== firstOfFamily))) {
        env.push({ name: 'bgp_sourceip', value: source.address.text });
    }
    if (options.holdMs !== undefined) {
        env.push({ name: 'bgp_hold_time', value: String(timerSeconds(options.holdMs)) });
    }
    if (options.keepaliveMs !== undefined) {
        env.push({ name: 'bgp_keepalive_interval', value: String(timerSeconds(options.keepaliveMs)) });
    }
    return env;
}
