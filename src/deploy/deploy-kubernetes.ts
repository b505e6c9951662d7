/**
 * Cluster manifests (MetalLB, Cilium, Calico, alert rules) are applied with `kubectl apply --server-side`
 * on one control-plane node of the cluster, after a server-side dry run of the same input. The manifest
 * goes on stdin; nothing is written on the node.
 */
import type { ModelCluster } from '../model/topology-model.js';
import type { RenderedFile } from '../render/render-types.js';
import type { SshSession } from './ssh-session.js';

export interface ManifestResult {
    readonly cluster: string;
    readonly path: string;
    readonly node?: string;
    readonly ok: boolean;
    readonly message: string;
}

const KUBECONFIG = '/etc/kubernetes/admin.conf';

export function clusterFiles(files: readonly RenderedFile[]): RenderedFile[] {
    return files.filter((file) => file.cluster && !file.host);
}

/**
 * Apply the manifests of a cluster on `session` (a control-plane node): a server-side dry run of every
 * manifest first; only when the API server accepted all of them, the real apply, in order, stopping at the
 * first failure.
 */
export async function applyClusterManifests(
    cluster: ModelCluster,
    node: string,
    session: SshSession,
    files: readonly RenderedFile[],
    options: { readonly dryRunOnly?: boolean; readonly timeoutMs?: number } = {}
): Promise<ManifestResult[]> {
    const mine = files.filter((f) => f.cluster === cluster.name);
    const base = ['kubectl', '--kubeconfig', KUBECONFIG, 'apply', '--server-side', '--field-manager=bgptopo', '-f', '-'];
    const exec = (argv: string[], file: RenderedFile) => session.exec(argv, { sudo: true, stdin: file.content, timeoutMs: options.timeoutMs ?? 60_000 });
    const results: ManifestResult[] = [];
    for (const file of mine) {
        const dryRun = await exec([...base, '--dry-run=server'], file);
        if (dryRun.code !== 0) {
            results.push({ cluster: cluster.name, path: file.path, node, ok: false, message: `dry run rejected: ${(dryRun.stderr || dryRun.stdout).trim()}` });
            return results;
        }
        results.push({ cluster: cluster.name, path: file.path, node, ok: true, message: 'dry run accepted' });
    }
    if (options.dryRunOnly) {
        return results;
    }
    results.length = 0;
    for (const file of mine) {
        const applied = await exec(base, file);
        results.push({
            cluster: cluster.name,
            path: file.path,
            node,
            ok: applied.code === 0,
            message: applied.code === 0 ? applied.stdout.trim() || 'applied' : `apply failed: ${(applied.stderr || applied.stdout).trim()}`
        });
        if (applied.code !== 0) {
            break;
        }
    }
    return results;
}
