/**
 * The rendering layer's public types. Renderers are pure functions of the topology model: they return file
 * contents and never touch the file system, the network or the clock (same input, same bytes).
 */
import type { TemplateLoader } from './template-loader.js';

export type RenderKind =
    | 'frr'
    | 'frr-daemons'
    | 'keepalived'
    | 'haproxy'
    | 'kube-vip'
    | 'nodes'
    | 'metallb'
    | 'cilium'
    | 'calico'
    | 'wireguard'
    | 'alerts';

export const RENDER_KINDS: readonly RenderKind[] = [
    'frr',
    'frr-daemons',
    'keepalived',
    'haproxy',
    'kube-vip',
    'nodes',
    'metallb',
    'cilium',
    'calico',
    'wireguard',
    'alerts'
];

/** The model element a file was rendered from (shown in the file's header). */
export interface RenderOrigin {
    /** e.g. `router r1`, `vip api-vip`, `cluster k8s`. */
    readonly element: string;
    /** 1-based line of the element in the topology file (0 when unknown). */
    readonly line: number;
}

export interface RenderedFile {
    /** Set for files installed on a host. */
    readonly host?: string;
    /** Set for cluster-level manifests (applied with kubectl). */
    readonly cluster?: string;
    readonly kind: RenderKind;
    /** Absolute path on the host, or `clusters/<cluster>/<kind>.yaml`. */
    readonly path: string;
    readonly content: string;
    readonly origin: RenderOrigin;
}

export interface RenderResult {
    readonly files: RenderedFile[];
}

export interface RenderOptions {
    /** Where templates come from (built-in folder, user folders, or an in-memory map in tests). */
    readonly templates: TemplateLoader;
    /** Resolves a secret by name (BGP passwords). Never called for anything else. */
    readonly secrets?: (name: string) => string | undefined;
    /** Collected WireGuard public keys, by host name. */
    readonly publicKeys?: (host: string) => string | undefined;
    /**
     * Preview mode: unknown public keys become a commented placeholder line, unresolved secrets a comment
     * saying so. Nothing is ever invented: the preview is not deployable, and says why.
     */
    readonly allowMissingKeys?: boolean;
    /** Render only these kinds. */
    readonly only?: readonly RenderKind[];
    /** Render only files of these hosts (cluster manifests are kept when no host filter is given). */
    readonly hosts?: readonly string[];
    /** kube-vip image tag (default {@link DEFAULT_KUBE_VIP_IMAGE}). */
    readonly kubeVipImage?: string;
    /**
     * The cluster is being bootstrapped with `kubeadm init`: the first control-plane node's kube-vip mounts
     * super-admin.conf (kubeadm >= 1.29 binds admin.conf to a group that exists only later).
     */
    readonly bootstrap?: boolean;
    /** Namespace of the PrometheusRule manifests (default `monitoring`). */
    readonly monitoringNamespace?: string;
}

/** Pinned: the `bgp_peers` format and the health-check env vars below need kube-vip >= v1.2.2. */
export const DEFAULT_KUBE_VIP_IMAGE = 'ghcr.io/kube-vip/kube-vip:v1.2.3';

/** A model that cannot be rendered (missing value, unresolved secret or key); names the element at fault. */
export class RenderError extends Error {
    constructor(
        message: string,
        readonly origin?: RenderOrigin
    ) {
        super(origin ? `${origin.element} (line ${origin.line}): ${message}` : message);
        this.name = 'RenderError';
    }
}

/** Several render problems at once, so a user sees them all in one run. */
export class RenderErrors extends Error {
    constructor(readonly errors: readonly Error[]) {
        super(errors.map((error) => error.message).join('\n'));
        this.name = 'RenderErrors';
    }
}

/** Everything a single renderer needs besides the model. */
export interface RenderContext {
    readonly options: RenderOptions;
    /** Renders a template file with prepared view data; `file` (`host:path`) is named when a value is refused. */
    renderTemplate(name: string, view: object, file?: string): string;
}

