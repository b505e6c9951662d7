/**
 * Cluster manifests (MetalLB, Cilium, Calico, alert rules) and the password Secrets the speakers refer to
 * are applied with `kubectl apply --server-side` on one control-plane node of each cluster, after a
 * server-side dry run of the same input. Every manifest goes on stdin; nothing is written on the node, and
 * a Secret's password never reaches a command line, a message or a log. A server-side apply of nodes.yaml
 * would CREATE a Node that does not exist (a node's Kubernetes name written wrong), and its dry run accepts
 * that: the deploy first lists the cluster's Nodes (`kubectl get nodes -o name`) and refuses when one is missing.
 */
import type { RenderedFile } from '../render/render-types.js';
import { clusterSecrets } from './deploy-cluster-secrets.js';
import type { DeployCluster, DeployInput } from './deploy-input.js';
import { targetsByName, type HostConnect } from './host-target.js';
import type { ExecResult, SshSession } from './ssh-session.js';

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

/** A Node nodes.yaml names that the cluster lacks (or why the cluster's Nodes could not be listed), on its line. */
export interface MissingNode {
    readonly cluster: string;
    /** The bgptopo node, absent when the cluster's Nodes could not be listed at all. */
    readonly node?: string;
    readonly line: number;
    readonly message: string;
}

/**
 * The Nodes of each cluster's nodes.yaml that Kubernetes does not have, asked once per cluster through its first
 * control-plane node (`kubectl get nodes -o name`, argv quoted by the session). A cluster whose Nodes cannot be
 * listed is one finding on the cluster's line: its nodes cannot be confirmed.
 */
export async function missingNodes(
    input: Pick<DeployInput, 'clusters' | 'hosts'>,
    connect: HostConnect,
    options: { readonly timeoutMs?: number } = {}
): Promise<MissingNode[]> {
    const hosts = targetsByName(input.hosts);
    const findings: MissingNode[] = [];
    for (const cluster of input.clusters.filter((candidate) => candidate.nodeObjects.length > 0)) {
        const node = cluster.controlPlane ? hosts.get(cluster.controlPlane) : undefined;
        if (!node) {
            continue; // applyModelManifests reports a cluster without a control-plane node
        }
        const cannot = (why: string): MissingNode => ({
            cluster: cluster.name,
            line: cluster.line,
            message: `cluster ${cluster.name}: cannot list its Nodes through ${node.name} (${why}); nodes.yaml not applied, nothing was changed`
        });
        let listed: ExecResult;
        try {
            listed = await (await connect(node)).exec(['kubectl', '--kubeconfig', KUBECONFIG, 'get', 'nodes', '-o', 'name'], { sudo: true, timeoutMs: options.timeoutMs ?? 60_000 });
        } catch (error) {
            findings.push(cannot(error instanceof Error ? error.message : String(error)));
            continue;
        }
        if (listed.code !== 0) {
            findings.push(cannot(listed.stderr.trim().split('\n')[0] || `kubectl exit ${listed.code}`));
            continue;
        }
        findings.push(...absentNodes(cluster, node.name, listed.stdout));
    }
    return findings;
}

/** The cluster's node objects missing from `kubectl get nodes -o name` output (`node/NAME` lines). */
export function absentNodes(cluster: Pick<DeployCluster, 'name' | 'nodeObjects'>, via: string, listing: string): MissingNode[] {
    const existing = new Set(listing.split('\n').map((line) => line.trim().replace(/^node\//, '')).filter((name) => name !== ''));
    const shown = existing.size === 0 ? 'none' : [...existing].slice(0, 8).join(', ') + (existing.size > 8 ? ', …' : '');
    return cluster.nodeObjects
        .filter((object) => !existing.has(object.kubernetesName))
        .map((object) => ({
            cluster: cluster.name,
            node: object.node,
            line: object.line,
            message: `node ${object.node}: cluster ${cluster.name} has no Node named "${object.kubernetesName}" (Nodes listed through ${via}: ${shown}); applying its labels would create a Node that does not exist. Give the node its Kubernetes name (\`hostname "…"\`); nothing was changed`
        }));
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
