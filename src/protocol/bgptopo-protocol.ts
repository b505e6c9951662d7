/**
 * The custom requests between the VS Code extension and the language server, declared once and imported
 * by both sides (as vscode-yaml declares its protocol): the server builds each document once, for its
 * diagnostics, and answers from that build everything else the editor shows (previews, tree, diagram,
 * the host under the cursor, secret names, and the model the operational commands run on). The extension
 * host runs no Langium build of its own.
 *
 * Every request names the document and the version it is about; the server answers from that version (or a
 * newer one), waiting until it has validated it. Payloads are plain JSON.
 */
import { RequestType } from 'vscode-languageserver-protocol';
import type { EncodedTopologyModel } from '../model/topology-model-transport.js';
import type { HostKind, NodeRole, SpeakerKind, VipMechanism } from '../model/topology-model.js';
import type { RenderKind } from '../render/render-types.js';

/** The document a request is about, and the editor's version of it. */
export interface DocumentParams {
    readonly uri: string;
    readonly version: number;
}

/** Counts of the version the server answered from. */
export interface DocumentState {
    readonly version: number;
    readonly errorCount: number;
    readonly warningCount: number;
}

// --- Tree view ---------------------------------------------------------------------------------------

export interface OutlineHost {
    readonly name: string;
    readonly kind: HostKind;
    /** 0-based line of the declaration. */
    readonly line: number;
    readonly address?: string;
    readonly asn?: number;
    readonly role?: NodeRole;
}

export interface TopologyOutline {
    readonly name: string;
    readonly line: number;
    readonly routers: readonly OutlineHost[];
    readonly loadBalancers: readonly OutlineHost[];
    readonly vips: readonly {
        readonly name: string;
        readonly line: number;
        readonly address?: string;
        readonly mechanism?: VipMechanism;
        readonly holders: readonly { readonly host: OutlineHost; readonly priority?: number }[];
    }[];
    readonly clusters: readonly {
        readonly name: string;
        readonly line: number;
        readonly nodes: readonly OutlineHost[];
        readonly speakers: readonly { readonly kind: SpeakerKind; readonly asn?: number; readonly peers: readonly string[]; readonly line: number }[];
    }[];
    readonly wireguards: readonly { readonly name: string; readonly line: number; readonly members: number }[];
}

/** Undefined outline: the document could not be lowered to a model. */
export interface OutlineResult extends DocumentState {
    readonly outline?: TopologyOutline;
}

export const OutlineRequest = new RequestType<DocumentParams, OutlineResult, void>('bgptopo/outline');

// --- Diagram -----------------------------------------------------------------------------------------

export type DiagramElementKind = 'router' | 'loadbalancer' | 'node' | 'vip' | 'wireguard' | 'cluster';
export type DiagramEdgeKind = 'ebgp' | 'ibgp' | 'bgp' | 'holder' | 'wireguard';

/** A diagram node before layout. */
export interface GraphNode {
    readonly id: string;
    readonly kind: DiagramElementKind;
    readonly label: string;
    /** Second text line (ASN, address). */
    readonly detail?: string;
    /** 0-based line of the declaration in the topology file. */
    readonly line: number;
    /** Compound nodes (clusters) hold their nodes. */
    readonly children?: GraphNode[];
}

/** A diagram edge before layout. */
export interface GraphEdge {
    readonly id: string;
    readonly kind: DiagramEdgeKind;
    readonly source: string;
    readonly target: string;
    readonly label?: string;
    readonly line: number;
    /** The BGP session id (`cluster/speaker/node->router`) for session edges. */
    readonly sessionId?: string;
}

export interface TopologyGraph {
    readonly title: string;
    readonly nodes: GraphNode[];
    readonly edges: GraphEdge[];
}

export interface GraphResult extends DocumentState {
    readonly graph?: TopologyGraph;
}

export const GraphRequest = new RequestType<DocumentParams, GraphResult, void>('bgptopo/diagramGraph');

// --- Previews ----------------------------------------------------------------------------------------

export interface PreviewParams extends DocumentParams {
    /** Template folders searched before the built-in ones (absolute), from the editor's settings. */
    readonly templateDirs: readonly string[];
}

/** A rendered file, without its content unless it was asked for (`withContent`). */
export interface PreviewFileInfo {
    readonly host?: string;
    readonly cluster?: string;
    readonly kind: RenderKind;
    readonly path: string;
    readonly content?: string;
}

/**
 * The render a preview shows: of the requested version when it has no errors, else the last good render
 * of the document (`problem` says why it is not current). Previews never see secrets or WireGuard keys.
 */
export interface PreviewFilesResult extends DocumentState {
    readonly files: readonly PreviewFileInfo[];
    readonly problem?: string;
}

export interface PreviewFilesParams extends PreviewParams {
    /** Only this host's files; every file of the topology when undefined. */
    readonly host?: string;
    /**
     * With each file's content. The preview command asks so for one host, whose file it then opens at once: the
     * content comes with the list instead of in a second round trip to a server that may be busy by then.
     */
    readonly withContent?: boolean;
}

export const PreviewFilesRequest = new RequestType<PreviewFilesParams, PreviewFilesResult, void>('bgptopo/previewFiles');

export interface PreviewFileParams extends PreviewParams {
    /** Undefined for cluster manifests. */
    readonly host?: string;
    readonly path: string;
}

export interface PreviewFileResult extends DocumentState {
    /** Undefined when the (last good) render has no such file. */
    readonly content?: string;
    readonly problem?: string;
}

export const PreviewFileRequest = new RequestType<PreviewFileParams, PreviewFileResult, void>('bgptopo/previewFile');

// --- Commands ----------------------------------------------------------------------------------------

export interface HostAtParams extends DocumentParams {
    /** Offset in the document's text. */
    readonly offset: number;
}

export interface HostAtResult extends DocumentState {
    /** The host whose declaration contains the offset. */
    readonly host?: string;
}

export const HostAtRequest = new RequestType<HostAtParams, HostAtResult, void>('bgptopo/hostAt');

export interface SecretNamesResult extends DocumentState {
    /** The names of every `password secret "NAME"`, sorted. */
    readonly names: readonly string[];
}

export const SecretNamesRequest = new RequestType<DocumentParams, SecretNamesResult, void>('bgptopo/secretNames');

/** The whole lowered model, for the operational commands (render all, deploy, verify). */
export interface TopologyModelResult extends DocumentState {
    /** Undefined when the document could not be lowered. */
    readonly model?: EncodedTopologyModel;
}

export const TopologyModelRequest = new RequestType<DocumentParams, TopologyModelResult, void>('bgptopo/topologyModel');
