/**
 * The lowered topology model of an open `.bgptopo` editor document, for the features that need the model
 * itself (preview, diagram, tree, CodeLens, deploy): the Langium services run here in the extension host,
 * built once per document version and shared by every feature.
 *
 * Why not a custom LSP request to the server: the features need the whole model with its AST nodes (to
 * find the host under the cursor, reveal declarations and place CodeLenses), which does not survive JSON
 * serialisation; the renderer runs where the templates and the user's template folder are; and the
 * language server stays a plain LSP server. The cost is a second parse of the text (about 0.3 s for a
 * 1,000-node file), done lazily, only when a feature asks, and at most once per version.
 */
import { DocumentState, EmptyFileSystem, URI, type LangiumDocument } from 'langium';
import * as vscode from 'vscode';
import { createBgptopoServices, type BgptopoServices } from '../language-server/bgptopo-module.js';
import type { Topology } from '../language/generated/ast.js';
import type { ModelHost, TopologyModel } from '../model/topology-model.js';

export interface TopologySnapshot {
    readonly uri: vscode.Uri;
    readonly version: number;
    readonly document: LangiumDocument<Topology>;
    /** Undefined only when lowering failed (a parse tree too broken to lower). */
    readonly model: TopologyModel | undefined;
    readonly errorCount: number;
    readonly warningCount: number;
    /** Parse + link + validate + lower, in ms. */
    readonly buildMs: number;
}

interface CacheEntry {
    readonly version: number;
    readonly snapshot: Promise<TopologySnapshot>;
}

export const BGPTOPO_LANGUAGE_ID = 'bgptopo';

export function isTopologyDocument(document: vscode.TextDocument): boolean {
    return document.languageId === BGPTOPO_LANGUAGE_ID && document.uri.scheme !== 'bgptopo-preview';
}

/** A token that is never cancelled but makes Langium's build interruptible (see build). */
const YIELDING = new vscode.CancellationTokenSource();

export class TopologyDocumentModel implements vscode.Disposable {
    private services: BgptopoServices | undefined;
    private readonly cache = new Map<string, CacheEntry>();
    /** Langium's builder is not re-entrant: builds run one after the other. */
    private queue: Promise<unknown> = Promise.resolve();
    private readonly disposables: vscode.Disposable[] = [];

    constructor() {
        this.disposables.push(
            vscode.workspace.onDidCloseTextDocument((document) => this.forget(document.uri))
        );
    }

    /** The snapshot of the document's current version (built on first request). */
    get(document: vscode.TextDocument): Promise<TopologySnapshot> {
        const key = document.uri.toString();
        const cached = this.cache.get(key);
        if (cached && cached.version === document.version) {
            return cached.snapshot;
        }
        const text = document.getText();
        const version = document.version;
        const snapshot = this.enqueue(() => this.build(document.uri, version, text));
        this.cache.set(key, { version, snapshot });
        snapshot.catch(() => this.cache.get(key)?.snapshot === snapshot && this.cache.delete(key));
        return snapshot;
    }

    /**
     * Create the services and build a tiny topology once, off the critical path (after activation), so the
     * first real preview does not also pay for service creation and a cold JIT.
     */
    prewarm(): Promise<void> {
        const uri = vscode.Uri.parse('bgptopo-prewarm:/prewarm.bgptopo');
        return this.enqueue(() => this.build(uri, 0, 'topology prewarm\nnetwork n 10.0.0.0/24\nrouter r { asn 65000 address 10.0.0.1 }\n')).then(
            () => this.forget(uri),
            () => this.forget(uri)
        );
    }

    dispose(): void {
        this.disposables.forEach((disposable) => disposable.dispose());
        this.cache.clear();
    }

    private forget(uri: vscode.Uri): void {
        const key = uri.toString();
        this.cache.delete(key);
        if (this.services) {
            const langiumUri = URI.parse(key);
            this.services.shared.workspace.LangiumDocuments.deleteDocument(langiumUri);
            this.services.shared.workspace.IndexManager.remove(langiumUri);
        }
    }

    private enqueue<T>(task: () => Promise<T>): Promise<T> {
        const run = this.queue.then(task, task);
        this.queue = run.catch(() => undefined);
        return run;
    }

    private async build(uri: vscode.Uri, version: number, text: string): Promise<TopologySnapshot> {
        const started = performance.now();
        this.services ??= createBgptopoServices(EmptyFileSystem).Bgptopo;
        const workspace = this.services.shared.workspace;
        const langiumUri = URI.parse(uri.toString());
        if (workspace.LangiumDocuments.hasDocument(langiumUri)) {
            workspace.LangiumDocuments.deleteDocument(langiumUri);
            workspace.IndexManager.remove(langiumUri);
        }
        const document = workspace.LangiumDocumentFactory.fromString<Topology>(text, langiumUri);
        workspace.LangiumDocuments.addDocument(document);
        // With a real token (never cancelled) Langium's build yields to the event loop every 10 ms: a
        // 1,000-node build takes hundreds of ms, and without the pauses it would hold up everything else in
        // the extension host, the language client's messages (the server's diagnostics) included.
        await workspace.DocumentBuilder.build([document], { validation: true }, YIELDING.token);
        let model: TopologyModel | undefined;
        if (document.state >= DocumentState.Linked) {
            try {
                model = this.services.topology.TopologyCache.forDocument(document);
            } catch {
                model = undefined;
            }
        }
        const diagnostics = document.diagnostics ?? [];
        return {
            uri,
            version,
            document,
            model,
            errorCount: diagnostics.filter((d) => d.severity === 1).length,
            warningCount: diagnostics.filter((d) => d.severity === 2).length,
            buildMs: performance.now() - started
        };
    }
}

/** The host whose declaration contains `offset`, if any. */
export function hostAtOffset(model: TopologyModel, offset: number): ModelHost | undefined {
    return model.hosts.find((host) => {
        const node = host.ast.$cstNode;
        return node !== undefined && node.offset <= offset && offset <= node.end;
    });
}

/** The 0-based line of an element's declaration (its AST node), or 0 when unknown. */
export function declarationLine(node: { $cstNode?: { range: { start: { line: number } } } } | undefined): number {
    return node?.$cstNode?.range.start.line ?? 0;
}
