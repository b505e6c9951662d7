/**
 * A fuzz campaign: the planned documents (source × index, each with its own PRNG seed) of one shard, run
 * through {@link FuzzPipeline}. Failures are minimised before they are reported. The campaign runs the same
 * in-process or in a worker thread (see fuzz-worker.ts).
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { FuzzPipeline, type PipelineProblem } from './fuzz-harness.js';
import { minimise } from './fuzz-minimise.js';
import { mutate } from './fuzz-mutations.js';

export interface FuzzSource {
    readonly name: string;
    readonly text: string;
    /** How many mutants of this source the whole campaign runs (over all shards). */
    readonly count: number;
}

export interface CampaignPlan {
    readonly seed: number;
    readonly sources: readonly FuzzSource[];
    readonly shard: number;
    readonly shards: number;
    /** Stop minimising after this many failures per source (each costs hundreds of runs). */
    readonly maxMinimisedPerSource?: number;
}

export interface FuzzFailure {
    readonly source: string;
    readonly index: number;
    readonly operators: string[];
    readonly problems: PipelineProblem[];
    readonly minimal: string;
}

export interface CampaignResult {
    readonly documents: number;
    readonly pipelineMs: number;
    readonly diagnostics: number;
    readonly slowest: { readonly ms: number; readonly chars: number; readonly source: string; readonly index: number };
    readonly failures: FuzzFailure[];
    readonly failingDocuments: number;
    readonly heldDocuments: number;
    /** Live heap (after a full GC) once warmed up, and after the last document. */
    readonly heapUsedStartMb: number;
    readonly heapUsedEndMb: number;
}

/** One PRNG stream per (seed, source, document), so any single document is reproducible on its own. */
export function documentSeed(seed: number, sourceIndex: number, index: number): number {
    return (Math.imul(seed ^ 0x9e3779b9, 31) + Math.imul(sourceIndex + 1, 0x85ebca6b) + Math.imul(index + 1, 0xc2b2ae35)) >>> 0;
}

export async function runCampaign(plan: CampaignPlan): Promise<CampaignResult> {
    const pipeline = new FuzzPipeline();
    const keywords = pipeline.keywords();
    const failures: FuzzFailure[] = [];
    let documents = 0;
    let pipelineMs = 0;
    let diagnostics = 0;
    let failingDocuments = 0;
    let slowest = { ms: 0, chars: 0, source: '', index: 0 };
    // Warm the JIT on the unmutated sources first, so the slowest document is not merely the first one.
    for (const source of plan.sources) {
        await pipeline.run(source.text);
    }
    const heapUsedStartMb = settledHeapMb();
    for (const [sourceIndex, source] of plan.sources.entries()) {
        let minimised = 0;
        for (let index = plan.shard; index < source.count; index += plan.shards) {
            const mutant = mutate(source.text, documentSeed(plan.seed, sourceIndex, index), keywords);
            const result = await pipeline.run(mutant.text);
            documents++;
            pipelineMs += result.milliseconds;
            diagnostics += result.diagnostics;
            if (result.milliseconds > slowest.ms) {
                slowest = { ms: result.milliseconds, chars: mutant.text.length, source: source.name, index };
            }
            if (result.problems.length === 0) {
                continue;
            }
            failingDocuments++;
            if (minimised >= (plan.maxMinimisedPerSource ?? 3)) {
                continue;
            }
            minimised++;
            const signature = result.problems[0].message.slice(0, 80);
            const minimal = await minimise(mutant.text, async (candidate) =>
                (await pipeline.run(candidate)).problems.some((problem) => problem.message.slice(0, 80) === signature)
            );
            failures.push({ source: source.name, index, operators: mutant.operators, problems: result.problems, minimal });
        }
    }
    return {
        documents,
        pipelineMs,
        diagnostics,
        slowest,
        failures,
        failingDocuments,
        heldDocuments: pipeline.heldDocuments(),
        heapUsedStartMb,
        heapUsedEndMb: settledHeapMb()
    };
}

/** Heap in use after a full collection, so start and end compare live memory rather than garbage. */
function settledHeapMb(): number {
    const gc = exposedGc();
    gc?.();
    gc?.();
    return process.memoryUsage().heapUsed / 1e6;
}

let gcFunction: (() => void) | null | undefined;

/** `gc` without restarting Node with --expose-gc: enable the flag, then fetch it from a fresh context. */
function exposedGc(): (() => void) | undefined {
    if (gcFunction === undefined) {
        try {
            setFlagsFromString('--expose-gc');
            gcFunction = runInNewContext('gc') as () => void;
        } catch {
            gcFunction = null;
        }
    }
    return gcFunction ?? undefined;
}
