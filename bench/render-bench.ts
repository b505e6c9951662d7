/**
 * Render benchmark (issue "Render every config"): time to render every file of the 1,000-node synthetic
 * topology (bench/topology-generator.ts) from its lowered model, median of BENCH_RUNS runs (default 9).
 * The parse/validate build and the lowering are measured separately and not part of the render figure.
 * Run with `node bench/run-all.mjs render`.
 */
import { createHash } from 'node:crypto';
import { DocumentState, EmptyFileSystem, URI } from 'langium';
import { createBgptopoServices } from '../src/language-server/bgptopo-module.js';
import type { Topology } from '../src/language/generated/ast.js';
import { lowerTopology } from '../src/model/topology-lowering.js';
import { renderTopology } from '../src/render/render-topology.js';
import { createTemplateLoader } from '../src/node/template-loader-fs.js';
import { median, round, type BenchReport } from './bench-report.js';
import { generateTopology } from './topology-generator.js';

const NODES = 1000;
const RUNS = Math.max(5, Number(process.env.BENCH_RUNS ?? 9));
const TARGET_RENDER_MS = 500;

function publicKey(host: string): string {
    return createHash('sha256').update(`bench:${host}`).digest('base64');
}

export default async function main(): Promise<BenchReport> {
    const generated = generateTopology({ nodes: NODES });
    // The generated keepalived gateway VIPs name no interface and the generator sets no `defaults interface`;
    // the validator accepts that (a gap, reported) but keepalived needs one, so the bench supplies it.
    const text = generated.text.replace(/^defaults \{\n/m, 'defaults {\n  interface eth0\n');
    if (text === generated.text) {
        throw new Error('the generated topology has no defaults block to add an interface to');
    }
    const services = createBgptopoServices(EmptyFileSystem);
    const workspace = services.shared.workspace;
    const buildStart = performance.now();
    const document = workspace.LangiumDocumentFactory.fromString<Topology>(text, URI.parse('file:///bench/render.bgptopo'));
    workspace.LangiumDocuments.addDocument(document);
    await workspace.DocumentBuilder.build([document], { validation: true });
    const buildMs = performance.now() - buildStart;
    if (document.state < DocumentState.Validated) {
        throw new Error('the generated topology did not build');
    }
    const errors = (document.diagnostics ?? []).filter((d) => d.severity === 1);
    if (errors.length > 0) {
        throw new Error(`the generated topology has ${errors.length} errors, e.g. ${errors[0].message}`);
    }
    const lowerStart = performance.now();
    const model = lowerTopology(document.parseResult.value);
    const lowerMs = performance.now() - lowerStart;

    const templates = createTemplateLoader();
    const options = { templates, secrets: (name: string) => `bench-${name}`, publicKeys: publicKey };
    const first = renderTopology(model, options); // warm-up: template compilation caches, JIT
    const samples: number[] = [];
    for (let run = 0; run < RUNS; run++) {
        const start = performance.now();
        renderTopology(model, options);
        samples.push(performance.now() - start);
    }
    const bytes = first.files.reduce((sum, file) => sum + file.content.length, 0);
    const byKind = new Map<string, number>();
    for (const file of first.files) {
        byKind.set(file.kind, (byKind.get(file.kind) ?? 0) + 1);
    }
    const renderMs = median(samples);
    const report: BenchReport = {
        title: `render everything, ${NODES}-node synthetic topology (${generated.clusters} clusters, ${generated.routers} routers)`,
        figures: [
            {
                name: `render all files, ${NODES} nodes (median of ${RUNS})`,
                value: round(renderMs),
                unit: 'ms',
                max: TARGET_RENDER_MS,
                note: `${first.files.length} files, ${round(bytes / 1024)} KiB; min ${round(Math.min(...samples))}, max ${round(Math.max(...samples))}`
            },
            { name: 'parse + validate (not in the render figure)', value: round(buildMs), unit: 'ms' },
            { name: 'lower to the model (not in the render figure)', value: round(lowerMs), unit: 'ms' }
        ],
        findings: [`files by kind: ${[...byKind].map(([kind, count]) => `${kind} ${count}`).join(', ')}`],
        details: { samples }
    };
    console.log(`render ${NODES} nodes: median ${round(renderMs)} ms over ${RUNS} runs (target <= ${TARGET_RENDER_MS} ms), ${first.files.length} files`);
    return report;
}
