/**
 * In-process measurements of the language pipeline on one services instance: a full build of a fresh
 * document (parse → index → scopes → link → validate) split by phase, the cost of each validation concern,
 * and the memory a built document holds.
 */
import { AstUtils, DocumentState, EmptyFileSystem, URI, type LangiumDocument, type ValidationAcceptor } from 'langium';
import { createBgptopoServices } from '../src/language-server/bgptopo-module.js';
import { BgptopoTopologyCache } from '../src/language-server/bgptopo-topology-cache.js';
import type { Topology } from '../src/language/generated/ast.js';
import { AddressingValidator } from '../src/language-server/validation/addressing-validator.js';
import { DeclarationValidator } from '../src/language-server/validation/declaration-validator.js';
import { OptionDuplicateValidator } from '../src/language-server/validation/option-duplicate-validator.js';
import { PeeringValidator } from '../src/language-server/validation/peering-validator.js';
import { RouterIdValidator } from '../src/language-server/validation/router-id-validator.js';
import { VrrpValidator } from '../src/language-server/validation/vrrp-validator.js';
import { WireGuardValidator } from '../src/language-server/validation/wireguard-validator.js';
import { lowerTopology } from '../src/model/topology-lowering.js';

export type Services = ReturnType<typeof createBgptopoServices>;

export interface BuildSample {
    readonly totalMs: number;
    /** CPU time of the process during the build (user + system, all threads incl. GC): robust to other load. */
    readonly cpuMs: number;
    /** Parsing happens when the document is created from text. */
    readonly parseMs: number;
    readonly indexMs: number;
    readonly scopesMs: number;
    readonly linkMs: number;
    readonly referencesMs: number;
    readonly validateMs: number;
    readonly diagnostics: number;
    /** Largest heapUsed seen at a phase boundary, in bytes. */
    readonly heapPeak: number;
}

const PHASES = [
    DocumentState.IndexedContent,
    DocumentState.ComputedScopes,
    DocumentState.Linked,
    DocumentState.IndexedReferences,
    DocumentState.Validated
] as const;

export class BuildTimer {
    readonly services: Services = createBgptopoServices(EmptyFileSystem);
    private counter = 0;
    private marks = new Map<DocumentState, number>();
    private heapPeak = 0;

    constructor() {
        for (const phase of PHASES) {
            this.services.shared.workspace.DocumentBuilder.onDocumentPhase(phase, () => {
                this.marks.set(phase, performance.now());
                this.heapPeak = Math.max(this.heapPeak, process.memoryUsage().heapUsed);
            });
        }
    }

    /** Build a fresh document from `text`; `keep` leaves it in the workspace (call {@link release} later). */
    async build(text: string, keep = false): Promise<BuildSample & { document: LangiumDocument<Topology> }> {
        const workspace = this.services.shared.workspace;
        const uri = URI.parse(`file:///bench/doc-${++this.counter}.bgptopo`);
        this.marks.clear();
        this.heapPeak = 0;
        const cpuStart = process.cpuUsage();
        const start = performance.now();
        const document = workspace.LangiumDocumentFactory.fromString<Topology>(text, uri);
        const parsed = performance.now();
        workspace.LangiumDocuments.addDocument(document);
        await workspace.DocumentBuilder.build([document], { validation: true });
        const end = performance.now();
        const cpu = process.cpuUsage(cpuStart);
        this.heapPeak = Math.max(this.heapPeak, process.memoryUsage().heapUsed);
        const at = (phase: DocumentState): number => this.marks.get(phase) ?? Number.NaN;
        const sample = {
            totalMs: end - start,
            cpuMs: (cpu.user + cpu.system) / 1000,
            parseMs: parsed - start,
            indexMs: at(DocumentState.IndexedContent) - parsed,
            scopesMs: at(DocumentState.ComputedScopes) - at(DocumentState.IndexedContent),
            linkMs: at(DocumentState.Linked) - at(DocumentState.ComputedScopes),
            referencesMs: at(DocumentState.IndexedReferences) - at(DocumentState.Linked),
            validateMs: at(DocumentState.Validated) - at(DocumentState.IndexedReferences),
            diagnostics: document.diagnostics?.length ?? 0,
            heapPeak: this.heapPeak,
            document
        };
        if (!keep) {
            await this.release(document);
        }
        return sample;
    }

    async release(document: LangiumDocument): Promise<void> {
        await this.services.shared.workspace.DocumentBuilder.update([], [document.uri]);
    }
}

/** Milliseconds each validation concern takes on a built document, each run on a fresh model cache. */
export function profileChecks(root: Topology): Record<string, number> {
    const accept: ValidationAcceptor = () => undefined;
    const timed = (run: () => void): number => {
        const start = performance.now();
        run();
        return performance.now() - start;
    };
    const { shared } = createBgptopoServices(EmptyFileSystem);
    const fresh = (): BgptopoTopologyCache => {
        const cache = new BgptopoTopologyCache({ shared });
        cache.get(root);
        return cache;
    };
    const declarations = new DeclarationValidator();
    const optionsOnce = new OptionDuplicateValidator();
    const nodes = [...AstUtils.streamAst(root)];
    return {
        'lowering (topology model)': timed(() => lowerTopology(root)),
        'names (declarations)': timed(() => declarations.checkNames(root, accept)),
        'option-duplicate (every AST node)': timed(() => nodes.forEach((node) => optionsOnce.checkOptionsOnce(node, accept))),
        'addressing (whole file)': ((cache) => timed(() => new AddressingValidator(cache).checkTopology(root, accept)))(fresh()),
        'router-ids (whole file)': ((cache) => timed(() => new RouterIdValidator(cache).checkTopology(root, accept)))(fresh()),
        'peering (whole file)': ((cache) => timed(() => new PeeringValidator(cache).checkTopology(root, accept)))(fresh()),
        'vrrp (whole file)': ((cache) => timed(() => new VrrpValidator(cache).checkTopology(root, accept)))(fresh()),
        'wireguard (whole file)': ((cache) => timed(() => new WireGuardValidator(cache).checkTopology(root, accept)))(fresh())
    };
}

export function astNodeCount(root: Topology): number {
    let count = 0;
    for (const _node of AstUtils.streamAst(root)) {
        count++;
    }
    return count;
}
