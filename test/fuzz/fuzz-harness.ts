/**
 * Runs one text through the real language pipeline (parse → index → link → validate, then lowering, the sessions
 * table and the hover of the first `peer` / `peers` line) on a single, reused services instance, and reports
 * anything that escaped: a thrown exception, a validation
 * check that threw (Langium turns it into an "An error occurred …" diagnostic), or an error Langium only
 * logged (a failure inside `validateAst` is caught and written to console.error, with no diagnostic).
 */
import { AstUtils, EmptyFileSystem, GrammarAST, URI, type LangiumDocument } from 'langium';
import { createBgptopoServices } from '../../src/language-server/bgptopo-module.js';
import type { Topology } from '../../src/language/generated/ast.js';
import { sessionTable } from '../../src/model/session-table.js';

export interface PipelineProblem {
    readonly kind: 'exception' | 'check-threw' | 'logged-error';
    readonly message: string;
    readonly stack?: string;
}

export interface PipelineResult {
    readonly problems: PipelineProblem[];
    readonly milliseconds: number;
    readonly diagnostics: number;
}

export class FuzzPipeline {
    readonly services = createBgptopoServices(EmptyFileSystem);
    private counter = 0;

    /** Grammar keywords (e.g. `peers`, `control-plane`, `{`) to splice into mutants. */
    keywords(): string[] {
        const found = new Set<string>();
        for (const node of AstUtils.streamAllContents(this.services.Bgptopo.Grammar)) {
            if (GrammarAST.isKeyword(node)) {
                found.add(node.value);
            }
        }
        return [...found].sort();
    }

    async run(text: string): Promise<PipelineResult> {
        const shared = this.services.shared;
        const uri = URI.parse(`file:///fuzz/doc-${++this.counter}.bgptopo`);
        const problems: PipelineProblem[] = [];
        const logged: unknown[][] = [];
        const originalError = console.error;
        console.error = (...args: unknown[]) => void logged.push(args);
        const started = performance.now();
        let document: LangiumDocument<Topology> | undefined;
        try {
            document = shared.workspace.LangiumDocumentFactory.fromString<Topology>(text, uri);
            shared.workspace.LangiumDocuments.addDocument(document);
            await shared.workspace.DocumentBuilder.build([document], { validation: true });
            const root = document.parseResult.value;
            if (root) {
                // What the editor and `bgptopo sessions` read: the sessions table, and the hover of a `peer` line.
                sessionTable(this.services.Bgptopo.topology.TopologyCache.get(root));
                const peer = text.search(/\bpeers? /);
                if (peer >= 0) {
                    await this.services.Bgptopo.lsp.HoverProvider?.getHoverContent(document, {
                        textDocument: { uri: uri.toString() },
                        position: document.textDocument.positionAt(peer)
                    });
                }
            }
        } catch (error) {
            problems.push({ kind: 'exception', message: messageOf(error), stack: (error as Error)?.stack });
        } finally {
            console.error = originalError;
        }
        const milliseconds = performance.now() - started;
        for (const diagnostic of document?.diagnostics ?? []) {
            if (diagnostic.message.includes('An error occurred')) {
                problems.push({ kind: 'check-threw', message: diagnostic.message });
            }
        }
        for (const args of logged) {
            const error = args.find((arg) => arg instanceof Error) as Error | undefined;
            problems.push({ kind: 'logged-error', message: args.map((arg) => messageOf(arg)).join(' '), stack: error?.stack });
        }
        const diagnostics = document?.diagnostics?.length ?? 0;
        // update() forgets the document everywhere: LangiumDocuments, the index and the builder's state.
        await shared.workspace.DocumentBuilder.update([], [uri]);
        return { problems, milliseconds, diagnostics };
    }

    /** How many documents the services still hold (should stay 0 between runs). */
    heldDocuments(): number {
        return this.services.shared.workspace.LangiumDocuments.all.count();
    }
}

function messageOf(value: unknown): string {
    if (value instanceof Error) {
        return value.message;
    }
    return typeof value === 'string' ? value : JSON.stringify(value);
}
