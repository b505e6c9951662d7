/**
 * Fuzzes the language pipeline: mutants of the examples and of a generated 100-node topology go through
 * parse → link → validate → lowering (the real services, one instance per shard, documents deleted after
 * use). Nothing may throw, no validation check may throw ("An error occurred …" diagnostics), and nothing
 * may be logged as an error. The documents are split over worker threads (one per core, at most 2) so
 * 10,000 of them fit the CI budget.
 *
 * Reproduce a run with FUZZ_SEED=<seed> (printed); scale it with FUZZ_COUNT=<documents>,
 * FUZZ_WORKERS=<threads> (0 runs in-process).
 */
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { generateTopology } from '../../bench/topology-generator.js';
import { generateRackTopology } from '../../bench/topology-generator-racks.js';
import { bundleForWorker, PROJECT_ROOT } from './fuzz-bundle.js';
import { runCampaign, type CampaignPlan, type CampaignResult, type FuzzFailure, type FuzzSource } from './fuzz-campaign.js';
import { FuzzPipeline } from './fuzz-harness.js';

const SEED = Number(process.env.FUZZ_SEED ?? 20240601) >>> 0;
const TOTAL = Number(process.env.FUZZ_COUNT ?? 10_000);
const WORKERS = Number(process.env.FUZZ_WORKERS ?? Math.min(2, availableParallelism()));
/** Share of the documents mutated from the 100-node topology (each costs about 5x an example's mutant). */
const GENERATED_SHARE = 0.05;

function plannedSources(): FuzzSource[] {
    // The v1 examples and the v2 ones (examples/v2: the new syntax, parts not built yet included).
    const folder = join(PROJECT_ROOT, 'examples');
    const examples = [
        ...readdirSync(folder).filter((file) => file.endsWith('.bgptopo')),
        ...readdirSync(join(folder, 'v2')).filter((file) => file.endsWith('.bgptopo')).map((file) => join('v2', file))
    ].sort();
    const generated = Math.round(TOTAL * GENERATED_SHARE);
    const rest = TOTAL - generated;
    const sources: FuzzSource[] = examples.map((file, index) => ({
        name: file,
        text: readFileSync(join(folder, file), 'utf8'),
        count: Math.floor(rest / examples.length) + (index < rest % examples.length ? 1 : 0)
    }));
    // The generated share: half the v1 synthetic site, half rack topologies with varied v2 groups, selectors and options.
    const racks = Math.floor(generated / 2);
    sources.push({ name: 'generated-100-nodes', text: generateTopology({ nodes: 100, seed: SEED }).text, count: generated - racks });
    sources.push({ name: 'generated-racks', text: generateRackTopology({ racks: 6, nodesPerRack: 4, clusters: 2, seed: SEED, vary: true }).text, count: racks });
    return sources;
}

async function runSharded(sources: FuzzSource[]): Promise<CampaignResult[]> {
    if (WORKERS <= 0) {
        return [await runCampaign({ seed: SEED, sources, shard: 0, shards: 1 })];
    }
    const script = await bundleForWorker(join(import.meta.dirname, 'fuzz-worker.ts'));
    try {
        return await Promise.all(
            Array.from({ length: WORKERS }, (_, shard) => {
                const plan: CampaignPlan = { seed: SEED, sources, shard, shards: WORKERS };
                return new Promise<CampaignResult>((resolve, reject) => {
                    const worker = new Worker(script, { workerData: plan });
                    worker.once('message', (message: { ok: boolean; result?: CampaignResult; error?: string }) => {
                        void worker.terminate();
                        if (message.ok) {
                            resolve(message.result!);
                        } else {
                            reject(new Error(`fuzz shard ${shard} failed: ${message.error}`));
                        }
                    });
                    worker.once('error', reject);
                    worker.once('exit', (code) => reject(new Error(`fuzz shard ${shard} exited with ${code} before reporting`)));
                });
            })
        );
    } finally {
        rmSync(script, { force: true });
    }
}

describe(`language fuzz (FUZZ_SEED=${SEED}, ${TOTAL} documents, ${WORKERS || 'no'} workers)`, () => {
    const sources = plannedSources();
    let results: CampaignResult[] = [];
    let wallSeconds = 0;
    let cpuSeconds = 0;

    test('the keyword list comes from the grammar and the unmutated sources run clean', async () => {
        const pipeline = new FuzzPipeline();
        expect(pipeline.keywords()).toEqual(expect.arrayContaining(['peers', 'control-plane', '{', '}', 'kube-vip', '->']));
        for (const source of sources) {
            expect((await pipeline.run(source.text)).problems, source.name).toEqual([]);
        }
        expect(pipeline.heldDocuments()).toBe(0);
    });

    beforeAll(async () => {
        const started = performance.now();
        const cpuStart = process.cpuUsage();
        results = await runSharded(sources);
        wallSeconds = (performance.now() - started) / 1000;
        const cpu = process.cpuUsage(cpuStart);
        cpuSeconds = (cpu.user + cpu.system) / 1e6;
    }, 180_000);

    test(`all ${TOTAL} mutants ran and every shard released its documents`, () => {
        expect(results.reduce((sum, result) => sum + result.documents, 0)).toBe(TOTAL);
        expect(results.map((result) => result.heldDocuments)).toEqual(results.map(() => 0));
        // Memory stays flat: what a shard still holds after its last document is noise, not a leak.
        for (const result of results) {
            expect(result.heapUsedEndMb - result.heapUsedStartMb).toBeLessThan(25);
        }
        // The mutants must exercise the validators, not just the parser's error recovery.
        expect(results.reduce((sum, result) => sum + result.diagnostics, 0)).toBeGreaterThan(TOTAL);
    });

    test('no exception escapes, no check throws, nothing is logged as an error', () => {
        const failures = results.flatMap((result) => result.failures);
        expect(failures.map(describeFailure)).toEqual([]);
        expect(results.reduce((sum, result) => sum + result.failingDocuments, 0)).toBe(0);
    });

    afterAll(() => {
        if (results.length === 0) {
            return;
        }
        const documents = results.reduce((sum, result) => sum + result.documents, 0);
        const pipelineMs = results.reduce((sum, result) => sum + result.pipelineMs, 0);
        const slowest = results.map((result) => result.slowest).reduce((a, b) => (b.ms > a.ms ? b : a));
        console.log(
            [
                `language fuzz: seed ${SEED} (reproduce with FUZZ_SEED=${SEED} npx vitest run test/fuzz/language-fuzz.test.ts)`,
                `  documents: ${documents} in ${results.length} shard(s); diagnostics produced: ${results.reduce((s, r) => s + r.diagnostics, 0)}; failing documents: ${results.reduce((s, r) => s + r.failingDocuments, 0)}`,
                `  time: wall ${wallSeconds.toFixed(1)} s, CPU ${cpuSeconds.toFixed(1)} s (all shards), pipeline ${(pipelineMs / 1000).toFixed(1)} s summed over shards, mean ${(pipelineMs / Math.max(1, documents)).toFixed(2)} ms/document`,
                `  slowest document: ${slowest.ms.toFixed(1)} ms, ${slowest.chars} chars (${slowest.source} #${slowest.index})`,
                `  live heap per shard after GC (warmed up → end): ${results.map((r) => `${r.heapUsedStartMb.toFixed(0)} → ${r.heapUsedEndMb.toFixed(0)} MB`).join(', ')}`
            ].join('\n')
        );
    });
});

function describeFailure(failure: FuzzFailure): string {
    const problems = failure.problems.map((problem) => `${problem.kind}: ${problem.message}\n${problem.stack ?? ''}`).join('\n');
    return `FUZZ_SEED=${SEED} ${failure.source} #${failure.index} [${failure.operators.join(', ')}]\n${problems}\n--- minimal input ---\n${failure.minimal}\n---`;
}
