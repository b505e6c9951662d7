/**
 * The server side of the custom protocol (src/protocol/bgptopo-protocol.ts): each request is answered from
 * the document the server has built for its diagnostics, at the version the editor asks about or a newer
 * one, once it is validated. Nothing here builds a document; the model comes from the TopologyCache.
 */
import { DocumentState, URI, type LangiumDocument } from 'langium';
import { ResponseError, LSPErrorCodes, ErrorCodes, type CancellationToken, type Connection } from 'vscode-languageserver';
import { encodeTopologyModel } from '../../model/topology-model-transport.js';
import type { TopologyModel } from '../../model/topology-model.js';
import {
    GraphRequest,
    HostAtRequest,
    OutlineRequest,
    PreviewFileRequest,
    PreviewFilesRequest,
    SecretNamesRequest,
    TopologyModelRequest,
    type DocumentParams,
    type DocumentState as DocumentCounts
} from '../../protocol/bgptopo-protocol.js';
import { secretNames } from '../../render/render-secrets.js';
import type { BgptopoServices } from '../bgptopo-module.js';
import { PreviewRenders, type PreviewSource } from './preview-renders.js';
import { topologyGraph } from './topology-graph.js';
import { hostAtOffset, topologyOutline } from './topology-outline.js';

/** How long a request waits for its version to be validated before it fails. */
const VALIDATION_WAIT_MS = 60_000;

interface Answered {
    readonly document: LangiumDocument;
    readonly counts: DocumentCounts;
    /** The lowered model; undefined when the parse tree is too broken to lower. */
    readonly model: () => TopologyModel | undefined;
}

export function registerRequestHandlers(services: BgptopoServices, connection: Connection): void {
    const documents = services.shared.workspace.LangiumDocuments;
    const builder = services.shared.workspace.DocumentBuilder;
    const cache = services.topology.TopologyCache;
    const renders = new PreviewRenders();
    builder.onUpdate((_changed, deleted) => deleted.forEach((uri) => renders.forget(uri.toString())));

    /** Resolves at the next validation of `uri`, after `ms`, or on cancellation, whichever comes first. */
    const nextValidation = (uri: string, ms: number, token: CancellationToken): Promise<void> =>
        new Promise((resolve) => {
            const listeners = [
                builder.onDocumentPhase(DocumentState.Validated, (document) => {
                    if (document.uri.toString() === uri) {
                        done();
                    }
                }),
                token.onCancellationRequested(() => done())
            ];
            const timer = setTimeout(() => done(), ms);
            function done(): void {
                clearTimeout(timer);
                listeners.forEach((listener) => listener.dispose());
                resolve();
            }
        });

    const validated = async (params: DocumentParams, token: CancellationToken): Promise<Answered> => {
        const uri = URI.parse(params.uri);
        const key = uri.toString();
        const deadline = Date.now() + VALIDATION_WAIT_MS;
        for (;;) {
            const document = documents.hasDocument(uri) ? documents.getDocument(uri) : undefined;
            if (document && document.state >= DocumentState.Validated && document.textDocument.version >= params.version) {
                return answered(document);
            }
            if (token.isCancellationRequested) {
                throw new ResponseError(LSPErrorCodes.RequestCancelled, 'cancelled');
            }
            const remaining = deadline - Date.now();
            if (remaining <= 0) {
                throw new ResponseError(ErrorCodes.InternalError, `version ${params.version} of ${params.uri} was not validated within ${VALIDATION_WAIT_MS} ms`);
            }
            await nextValidation(key, remaining, token);
        }
    };

    const answered = (document: LangiumDocument): Answered => {
        const diagnostics = document.diagnostics ?? [];
        let lowered: { model: TopologyModel | undefined } | undefined;
        return {
            document,
            counts: {
                version: document.textDocument.version,
                errorCount: diagnostics.filter((d) => d.severity === 1).length,
                warningCount: diagnostics.filter((d) => d.severity === 2).length
            },
            model: () => {
                if (!lowered) {
                    try {
                        lowered = { model: cache.forDocument(document) };
                    } catch {
                        lowered = { model: undefined };
                    }
                }
                return lowered.model;
            }
        };
    };

    const previewSource = (answer: Answered): PreviewSource => ({
        uri: answer.document.uri.toString(),
        version: answer.counts.version,
        errorCount: answer.counts.errorCount,
        model: answer.model
    });

    connection.onRequest(OutlineRequest, async (params, token) => {
        const answer = await validated(params, token);
        const model = answer.model();
        return { ...answer.counts, outline: model ? topologyOutline(model) : undefined };
    });

    connection.onRequest(GraphRequest, async (params, token) => {
        const answer = await validated(params, token);
        const model = answer.model();
        return { ...answer.counts, graph: model ? topologyGraph(model) : undefined };
    });

    connection.onRequest(PreviewFilesRequest, async (params, token) => {
        const answer = await validated(params, token);
        const render = renders.render(previewSource(answer), params.templateDirs, params.host);
        return {
            ...answer.counts,
            files: render.files.map((file) => ({
                host: file.host,
                cluster: file.cluster,
                kind: file.kind,
                path: file.path,
                ...(params.withContent ? { content: file.content } : {})
            })),
            problem: render.problem
        };
    });

    connection.onRequest(PreviewFileRequest, async (params, token) => {
        const answer = await validated(params, token);
        const render = renders.render(previewSource(answer), params.templateDirs, params.host);
        const file = render.files.find((candidate) => candidate.path === params.path && candidate.host === (params.host ?? undefined));
        return { ...answer.counts, content: file?.content, problem: render.problem };
    });

    connection.onRequest(HostAtRequest, async (params, token) => {
        const answer = await validated(params, token);
        const model = answer.model();
        return { ...answer.counts, host: model ? hostAtOffset(model, params.offset)?.name : undefined };
    });

    connection.onRequest(SecretNamesRequest, async (params, token) => {
        const answer = await validated(params, token);
        const model = answer.model();
        return { ...answer.counts, names: model ? secretNames(model) : [] };
    });

    connection.onRequest(TopologyModelRequest, async (params, token) => {
        const answer = await validated(params, token);
        const model = answer.model();
        return { ...answer.counts, model: model ? encodeTopologyModel(model) : undefined };
    });
}
