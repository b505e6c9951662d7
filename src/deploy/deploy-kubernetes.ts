/**
 * Cluster manifests (MetalLB, Cilium, Calico, alert rules) and the password Secrets the speakers refer to
 * are applied with `kubectl apply --server-side` on one control-plane node of each cluster, after a
 * server-side dry run of the same input. Every manifest goes on stdin; nothing is written on the node, and
 * a Secret's password never reaches a command line, a message or a log.
 */
import type { RenderedFile } from '../render/render-types.js';
import { clusterSecrets } from './deploy-cluster-secrets.js';
import type { DeployInput } from './deploy-input.js';
import { targetsByName, type HostConnect } from './host-target.js';
import type { SshSession } from './ssh-session.js';

export interface ManifestResult {
    readonly cluster: string;
    readonly path: string;
    readonly node?: string;
    readonly ok: boolean;
    readonly message: string;
}

/** What kubectl gets: a rendered manifest, or a Secret built at deploy time (`secret` = its password). */
export interface ClusterManifest {
    readonly path: string;
    readonly content: string;
    readonly secret?: string;
}

const KUBECONFIG = '/etc/kubernetes/admin.conf';

export function clusterFiles(files: readonly RenderedFile[]): RenderedFile[] {
    return files.filter((file) => file.cluster && !file.host);
}

/**
 * Apply `manifests` on `session` (a control-plane node): a server-side dry run of every manifest first;
 * only when the API server accepted all of them, the real apply, in order, stopping at the first failure.
 */
export async function applyClusterManifests(
    cluster: { readonly name: string },
    node: string,
    session: SshSession,
    manifests: readonly ClusterManifest[],
    options: { readonly dryRunOnly?: boolean; readonly timeoutMs?: number } = {}
): Promise<ManifestResult[]> {
    const base = ['kubectl', '--kubeconfig', KUBECONFIG, 'apply', '--server-side', '--field-manager=bgptopo', '-f', '-'];
    const secrets = manifests.flatMap((manifest) => (manifest.secret ? [manifest.secret] : []));
    const exec = (argv: string[], manifest: ClusterManifest) => session.exec(argv, { sudo: true, stdin: manifest.content, timeoutMs: options.timeoutMs ?? 60_000 });
    const output = (result: { stdout: string; stderr: string }, prefer: 'stdout' | 'stderr') =>
        scrub(((prefer === 'stderr' ? result.stderr || result.stdout : result.stdout) ?? '').trim(), secrets);
    const results: ManifestResult[] = [];
    for (const manifest of manifests) {
        const dryRun = await exec([...base, '--dry-run=server'], manifest);
        if (dryRun.code !== 0) {
            results.push({ cluster: cluster.name, path: manifest.path, node, ok: false, message: `dry run rejected: ${output(dryRun, 'stderr')}` });
            return results;
        }
        results.push({ cluster: cluster.name, path: manifest.path, node, ok: true, message: 'dry run accepted' });
    }
    if (options.dryRunOnly) {
        return results;
    }
    results.length = 0;
    for (const manifest of manifests) {
        const applied = await exec(base, manifest);
        results.push({
            cluster: cluster.name,
            path: manifest.path,
            node,
            ok: applied.code === 0,
            message: applied.code === 0 ? output(applied, 'stdout') || 'applied' : `apply failed: ${output(applied, 'stderr')}`
        });
        if (applied.code !== 0) {
            break;
        }
    }
    return results;
}

export interface ModelManifestsResult {
    readonly results: ManifestResult[];
    /** Clusters that could not be handled at all (no control-plane node, unreachable, missing secrets). */
    readonly problems: string[];
    readonly ok: boolean;
}

/**
 * Every cluster's password Secrets and rendered manifests through its first control-plane node: a
 * server-side dry run of all of them, then (unless `dryRunOnly`) the real server-side apply.
 */
export async function applyModelManifests(
    input: Pick<DeployInput, 'clusters' | 'hosts'>,
    files: readonly RenderedFile[],
    resolveSecret: (name: string) => string | undefined,
    connect: HostConnect,
    options: { readonly dryRunOnly: boolean; readonly timeoutMs?: number }
): Promise<ModelManifestsResult> {
    const results: ManifestResult[] = [];
    const problems: string[] = [];
    const hosts = targetsByName(input.hosts);
    for (const cluster of input.clusters) {
        const rendered = clusterFiles(files).filter((file) => file.cluster === cluster.name);
        if (rendered.length === 0) {
            continue;
        }
        const { secrets, missing } = clusterSecrets(cluster, resolveSecret);
        if (missing.length > 0) {
            problems.push(`cluster ${cluster.name}: secret(s) ${missing.join(', ')} not set; no manifest applied`);
            continue;
        }
        const node = cluster.controlPlane ? hosts.get(cluster.controlPlane) : undefined;
        if (!node) {
            problems.push(`cluster ${cluster.name}: no control-plane node to apply ${rendered.length} manifest(s) through`);
            continue;
        }
        try {
            // Secrets first: the peers that name them find them at once.
            results.push(...(await applyClusterManifests(cluster, node.name, await connect(node), [...secrets, ...rendered], options)));
        } catch (error) {
            problems.push(`cluster ${cluster.name}: manifests not applied: ${error instanceof Error ? error.message : String(error)}`);
        }
    }
    return { results, problems, ok: problems.length === 0 && results.every((result) => result.ok) };
}

/** Tool output with every password (and its base64 form) replaced. */
function scrub(text: string, secrets: readonly string[]): string {
    let clean = text;
    for (const secret of secrets) {
        for (const form of [secret, Buffer.from(secret, 'utf8').toString('base64')]) {
            clean = clean.split(form).join('<redacted>');
        }
    }
    return clean;
}
