/**
 * What the editor features know about an open `.bgptopo` document, asked of the language server through
 * the typed requests of src/protocol/bgptopo-protocol.ts. The server builds each document once (for its
 * diagnostics) and answers from that build; the extension host parses nothing. Every request names the
 * document's current version, and the server answers once it has validated that version.
 */
import type * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node.js';
import type { RequestType } from 'vscode-languageserver-protocol';
import { decodeTopologyModel } from '../model/topology-model-transport.js';
import type { TopologyModel } from '../model/topology-model.js';
import * as protocol from '../protocol/bgptopo-protocol.js';
import type { DocumentParams, DocumentState, GraphResult, OutlineResult, PreviewFileResult, PreviewFilesResult } from '../protocol/bgptopo-protocol.js';

/** The operational commands' view of a document: its lowered model (undefined when it does not lower). */
export interface TopologySnapshot extends DocumentState {
    readonly model: TopologyModel | undefined;
}

export class TopologyServer {
    /**
     * By open topology document, the last host-scoped file list with contents: the preview opened next is one of
     * those files, and its content provider takes it from here, once, instead of asking the server again. Keyed
     * by the document object, not its URI: a document closed and opened again starts at version 1 again, with
     * the text on disk, and is a new object.
     */
    private readonly carried = new WeakMap<vscode.TextDocument, { readonly key: string; readonly result: PreviewFilesResult }>();

    /** @param client resolves once the language client is running. */
    constructor(private readonly client: () => Promise<LanguageClient>) {}

    outline(document: vscode.TextDocument): Promise<OutlineResult> {
        return this.request(protocol.OutlineRequest, params(document));
    }

    graph(document: vscode.TextDocument): Promise<GraphResult> {
        return this.request(protocol.GraphRequest, params(document));
    }

    /**
     * The files of the whole topology without their content, or (`host`) of one host with their content, kept
     * for the {@link previewFile} of the same version that follows.
     */
    async previewFiles(document: vscode.TextDocument, templateDirs: readonly string[], host?: string): Promise<PreviewFilesResult> {
        const asked = params(document);
        const result = await this.request(protocol.PreviewFilesRequest, { ...asked, templateDirs, host, withContent: host !== undefined });
        if (host !== undefined) {
            this.carried.set(document, { key: carriedKey(asked.version, templateDirs, host), result });
        }
        return result;
    }

    async previewFile(document: vscode.TextDocument, templateDirs: readonly string[], host: string | undefined, path: string): Promise<PreviewFileResult> {
        const asked = params(document);
        const carried = this.carried.get(document);
        // Taken once: a later refresh of the preview asks the server, as for any other version.
        this.carried.delete(document);
        if (carried?.key === carriedKey(asked.version, templateDirs, host)) {
            const { files, problem, ...counts } = carried.result;
            const file = files.find((candidate) => candidate.path === path && candidate.host === host);
            if (file?.content !== undefined) {
                return { ...counts, content: file.content, problem };
            }
        }
        return this.request(protocol.PreviewFileRequest, { ...asked, templateDirs, host, path });
    }

    async hostAt(document: vscode.TextDocument, offset: number): Promise<string | undefined> {
        return (await this.request(protocol.HostAtRequest, { ...params(document), offset })).host;
    }

    async secretNames(document: vscode.TextDocument): Promise<readonly string[]> {
        return (await this.request(protocol.SecretNamesRequest, params(document))).names;
    }

    /** The whole model, for render all, deploy and verify (not for anything that runs per edit). */
    async get(document: vscode.TextDocument): Promise<TopologySnapshot> {
        const { model, ...counts } = await this.request(protocol.TopologyModelRequest, params(document));
        return { ...counts, model: model ? decodeTopologyModel(model) : undefined };
    }

    private async request<P, R>(type: RequestType<P, R, void>, parameters: P): Promise<R> {
        return (await this.client()).sendRequest(type, parameters);
    }
}

function carriedKey(version: number, templateDirs: readonly string[], host: string | undefined): string {
    return JSON.stringify([version, templateDirs, host ?? null]);
}

function params(document: vscode.TextDocument): DocumentParams {
    return { uri: document.uri.toString(), version: document.version };
}
