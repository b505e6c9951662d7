/**
 * The Kubernetes Secrets the rendered speaker manifests refer to: MetalLB's `passwordSecret` (type
 * kubernetes.io/basic-auth, key `password`, in MetalLB's namespace) and Cilium's `authSecretRef` (key
 * `password`, in Cilium's BGP secrets namespace), Calico's `password.secretKeyRef` (key `password`, in calico-node's
 * namespace). They are built here, at deploy time, from the secret store
 * and never rendered: a Secret's content is only ever on the stdin of `kubectl` on a control-plane node,
 * never in a file, a preview, a plan or a log. kube-vip takes its password in its static pod instead.
 */
import type { SpeakerKind } from '../model/topology-model.js';
import { CALICO_NAMESPACE } from '../render/calico-bgp-renderer.js';
import { CILIUM_BGP_SECRETS_NAMESPACE } from '../render/cilium-renderer.js';
import { METALLB_NAMESPACE } from '../render/metallb-renderer.js';
import { k8sName } from '../render/render-names.js';

export interface ClusterSecret {
    readonly cluster: string;
    /** What it is, safe to show: `Secret metallb-system/bgp`. */
    readonly path: string;
    /** The manifest (JSON). Holds the password: never print, log or write it. */
    readonly content: string;
    /** The password, so that tool output can be scrubbed of it. */
    readonly secret: string;
}

export interface ClusterSecretsResult {
    readonly secrets: ClusterSecret[];
    /** Secret names the store does not know. */
    readonly missing: string[];
}

/** A cluster as far as its Secrets go (a model cluster, or a deploy input's). */
export interface SecretsOfCluster {
    readonly name: string;
    readonly speakers: readonly { readonly kind: SpeakerKind; readonly passwordSecret?: string }[];
}

export function clusterSecrets(cluster: SecretsOfCluster, resolve: (name: string) => string | undefined): ClusterSecretsResult {
    const secrets = new Map<string, ClusterSecret>();
    const missing = new Set<string>();
    for (const speaker of cluster.speakers) {
        const name = speaker.passwordSecret;
        if (!name || speaker.kind === 'kube-vip') {
            continue;
        }
        const value = resolve(name);
        if (value === undefined) {
            missing.add(name);
            continue;
        }
        const namespace = speaker.kind === 'metallb' ? METALLB_NAMESPACE : speaker.kind === 'calico-bgp' ? CALICO_NAMESPACE : CILIUM_BGP_SECRETS_NAMESPACE;
        const path = `Secret ${namespace}/${k8sName(name)}`;
        if (secrets.has(path)) {
            continue;
        }
        const manifest = {
            apiVersion: 'v1',
            kind: 'Secret',
            metadata: { name: k8sName(name), namespace, labels: { 'app.kubernetes.io/managed-by': 'bgptopo' } },
            type: speaker.kind === 'metallb' ? 'kubernetes.io/basic-auth' : 'Opaque',
            data: { password: Buffer.from(value, 'utf8').toString('base64') }
        };
        secrets.set(path, { cluster: cluster.name, path, content: `${JSON.stringify(manifest)}\n`, secret: value });
    }
    return { secrets: [...secrets.values()], missing: [...missing].sort() };
}
