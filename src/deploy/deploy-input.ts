/**
 * What the deploy workflow needs from the topology, as plain data (JSON-safe, no AST nodes): the hosts and
 * how to reach them, the keepalived VIP groups that fix the deploy order, the WireGuard meshes whose keys
 * are collected on the hosts, the clusters and the Secrets their speakers name, and the host preparation
 * files (deploy-sysctl). Built by a pure function of the model wherever the document is parsed (the CLI;
 * the language server for the editor). The rendered files come separately: they depend on the WireGuard
 * public keys the workflow collects first (deploy-workflow.ts).
 */
import type { SpeakerKind, TopologyModel } from '../model/topology-model.js';
import { nodeMetadataObjects } from '../render/render-node-metadata.js';
import { secretNames } from '../render/render-secrets.js';
import type { DeployFile } from './deploy-file-kinds.js';
import { sysctlFile } from './deploy-sysctl.js';
import { hostTarget, type HostTarget } from './host-target.js';

/** The holders of one keepalived VIP: deployed one at a time, the highest priority last. */
export interface DeployVipGroup {
    readonly vip: string;
    readonly holders: readonly { readonly host: string; readonly priority: number }[];
}

export interface DeployMesh {
    readonly name: string;
    readonly members: readonly string[];
}

/** A node whose Kubernetes Node object nodes.yaml holds (labels, Calico's AS), with its line in the file. */
export interface DeployNodeObject {
    readonly node: string;
    readonly kubernetesName: string;
    /** 1-based line of the node's declaration. */
    readonly line: number;
}

export interface DeployCluster {
    readonly name: string;
    /** 1-based line of the cluster's declaration. */
    readonly line: number;
    /** The node manifests are applied through (the first control-plane node). */
    readonly controlPlane?: string;
    /** The Nodes clusters/<cluster>/nodes.yaml names: each must exist before a server-side apply (else it creates one). */
    readonly nodeObjects: readonly DeployNodeObject[];
    readonly speakers: readonly { readonly kind: SpeakerKind; readonly passwordSecret?: string }[];
}

export interface DeployInput {
    readonly topology: string;
    /** The topology document. */
    readonly uri: string;
    readonly hosts: readonly HostTarget[];
    readonly vipGroups: readonly DeployVipGroup[];
    readonly meshes: readonly DeployMesh[];
    readonly clusters: readonly DeployCluster[];
    /** Host preparation files (kernel settings), at most one per host. */
    readonly preparation: readonly DeployFile[];
    /** Every `password secret "NAME"` the topology names, sorted. */
    readonly secretNames: readonly string[];
    /** By router: the BGP sessions the sessions table expects on it (the speakers' source addresses); the health check waits for them. */
    readonly sessions: { readonly [router: string]: readonly string[] };
}

/** 1-based line of a declaration (0 when it has no text). */
function lineOf(node: { readonly $cstNode?: { readonly range: { readonly start: { readonly line: number } } } }): number {
    return node.$cstNode ? node.$cstNode.range.start.line + 1 : 0;
}

/** Keepalived's default VRRP priority. */
const DEFAULT_PRIORITY = 100;

export function deployInput(model: TopologyModel, uri: string): DeployInput {
    return {
        topology: model.name,
        uri,
        hosts: model.hosts.map(hostTarget),
        vipGroups: model.vips
            .filter((vip) => vip.mechanism === 'keepalived')
            .map((vip) => ({ vip: vip.name, holders: vip.holders.map((holder) => ({ host: holder.host.name, priority: holder.priority ?? DEFAULT_PRIORITY })) })),
        meshes: model.wireguards.map((mesh) => ({ name: mesh.name, members: mesh.members.map((member) => member.host.name) })),
        clusters: model.clusters.map((cluster) => ({
            name: cluster.name,
            line: lineOf(cluster.ast),
            controlPlane: cluster.nodes.find((node) => node.role === 'control-plane')?.name,
            nodeObjects: nodeMetadataObjects(cluster).map(({ metadata }) => {
                const node = cluster.nodes.find((candidate) => candidate.kubernetesName === metadata.name);
                return { node: node?.name ?? metadata.name, kubernetesName: metadata.name, line: lineOf(node?.ast ?? cluster.ast) };
            }),
            // One entry per secret a block or one of its peer groups names (LANGUAGE-V2 §2).
            speakers: cluster.speakers.flatMap((speaker) => {
                const names = [...new Set([speaker.passwordSecret, ...speaker.groups.map((group) => group.options.passwordSecret)].filter((name): name is string => !!name))];
                return names.length > 0 ? names.map((passwordSecret) => ({ kind: speaker.kind, passwordSecret })) : [{ kind: speaker.kind }];
            })
        })),
        preparation: model.hosts.flatMap((host) => sysctlFile(model, host) ?? []),
        secretNames: topologySecretNames(model),
        sessions: Object.fromEntries(model.hosts.filter((host) => host.kind === 'router').map((router) => [router.name, expectedSessions(model, router.name)]))
    };
}

/** The BGP sessions the sessions table expects on a router: the speakers' source addresses (none for other hosts). */
export function expectedSessions(model: TopologyModel, host: string): string[] {
    const router = model.hosts.find((candidate) => candidate.name === host);
    if (router?.kind !== 'router') {
        return [];
    }
    return [...new Set(router.sessions.flatMap((session) => (session.source && !session.noPath ? [session.source.address.text] : [])))];
}

/** The secret names a topology refers to, sorted, without duplicates (the renderers resolve the same names). */
export const topologySecretNames = secretNames;
