/**
 * What deploying each kind of rendered file means on a host: which service it belongs to, its owner and
 * mode, and which of the host's own tools checks it before it is moved into place.
 */
import type { RenderKind } from '../render/render-types.js';

export type ServiceName = 'frr' | 'keepalived' | 'haproxy' | 'wireguard' | 'kubelet';
export type CheckKind = 'frr' | 'keepalived' | 'haproxy' | 'wireguard' | 'shell' | 'none';

export interface FileKindSpec {
    readonly service: ServiceName;
    readonly owner: string;
    readonly mode: string;
    readonly check: CheckKind;
}

const SPECS: Partial<Record<RenderKind, FileKindSpec>> = {
    frr: { service: 'frr', owner: 'frr:frr', mode: '0640', check: 'frr' },
    'frr-daemons': { service: 'frr', owner: 'frr:frr', mode: '0640', check: 'shell' },
    keepalived: { service: 'keepalived', owner: 'root:root', mode: '0640', check: 'keepalived' },
    haproxy: { service: 'haproxy', owner: 'root:root', mode: '0644', check: 'haproxy' },
    wireguard: { service: 'wireguard', owner: 'root:root', mode: '0600', check: 'wireguard' },
    'kube-vip': { service: 'kubelet', owner: 'root:root', mode: '0600', check: 'none' }
};

/** The spec of a host file kind; undefined for cluster manifests (applied with kubectl instead). */
export function fileKindSpec(kind: RenderKind): FileKindSpec | undefined {
    return SPECS[kind];
}
