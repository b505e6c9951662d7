/**
 * What deploying each kind of file means on a host: which service it belongs to, its owner and mode, and
 * which of the host's own tools checks it before it is moved into place. Besides the rendered kinds the
 * deployer adds one of its own, `sysctl` (see deploy-sysctl.ts).
 */
import type { RenderedFile, RenderKind } from '../render/render-types.js';

export type ServiceName = 'sysctl' | 'frr' | 'keepalived' | 'haproxy' | 'wireguard' | 'kubelet';
export type CheckKind = 'frr' | 'keepalived' | 'haproxy' | 'wireguard' | 'sysctl' | 'shell' | 'none';

/** The rendered kinds plus the host preparation files the deployer writes itself. */
export type DeployKind = RenderKind | 'sysctl';

/** A file to install on a host: a rendered file, or a host preparation file (same shape). */
export type DeployFile = Omit<RenderedFile, 'kind'> & { readonly kind: DeployKind };

export interface FileKindSpec {
    readonly service: ServiceName;
    readonly owner: string;
    readonly mode: string;
    readonly check: CheckKind;
    /** Characters that start a whole-line comment in this kind of file. */
    readonly comments: string;
}

const SPECS: Partial<Record<DeployKind, FileKindSpec>> = {
    frr: { service: 'frr', owner: 'frr:frr', mode: '0640', check: 'frr', comments: '!#' },
    'frr-daemons': { service: 'frr', owner: 'frr:frr', mode: '0640', check: 'shell', comments: '#' },
    keepalived: { service: 'keepalived', owner: 'root:root', mode: '0640', check: 'keepalived', comments: '#!' },
    haproxy: { service: 'haproxy', owner: 'root:root', mode: '0644', check: 'haproxy', comments: '#' },
    wireguard: { service: 'wireguard', owner: 'root:root', mode: '0600', check: 'wireguard', comments: '#' },
    'kube-vip': { service: 'kubelet', owner: 'root:root', mode: '0600', check: 'none', comments: '#' },
    sysctl: { service: 'sysctl', owner: 'root:root', mode: '0644', check: 'sysctl', comments: '#;' }
};

/** The spec of a host file kind; undefined for cluster manifests (applied with kubectl instead). */
export function fileKindSpec(kind: DeployKind): FileKindSpec | undefined {
    return SPECS[kind];
}

/**
 * The file without its whole-line comments (the generated header among them): two contents equal this way
 * mean the same thing to the service, so a deploy neither installs nor reloads for the difference.
 */
export function withoutComments(kind: DeployKind, content: string): string {
    const comments = SPECS[kind]?.comments;
    if (!comments) {
        return content;
    }
    return content
        .split('\n')
        .filter((line) => {
            const first = line.trimStart().charAt(0);
            return first === '' || !comments.includes(first);
        })
        .join('\n');
}
