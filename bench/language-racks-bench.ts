/**
 * Rack benchmark (issue 15, LANGUAGE-V2 §1, §2, §6, §12): the rack mode of the generator — 40 racks × 25 nodes
 * (1,000) and 200 racks × 25 (5,000), a ToR pair and an AS per rack, one peer group per rack selecting its nodes
 * by label, IPv4 + IPv6 on every fourth rack. Figures: full build of both sizes and their CPU-time ratio, edit →
 * diagnostics on 1,000 nodes through the built language server, and the sessions table of 5,000 nodes.
 * Run with `node bench/run-all.mjs racks`.
 *
 * Environment: BENCH_RUNS (timed runs per size, default 7, at least 5), BENCH_SERVER_CPU_PROF=<dir> (CPU
 * profile of the language server).
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { formatSessionsText } from '../src/cli/cli-sessions.js';
import { sessionTable } from '../src/model/index.js';
import { lowerTopology } from '../src/model/topology-lowering.js';
import { median, p95, round, type BenchFigure, type BenchReport } from './bench-report.js';
import { BuildTimer, type BuildSample } from './language-build-timing.js';
import { locateServer, LspSession, projectRoot, serverNodeArgs, timeEdits } from './language-lsp-session.js';
import { generateRackTopology } from './topology-generator-racks.js';

const PROJECT_ROOT = projectRoot(import.meta.dirname);
const RUNS = Math.max(5, Number(process.env.BENCH_RUNS ?? 7));
const NODES_PER_RACK = 25;
const SIZES = [40, 200] as const; // racks: 1,000 and 5,000 nodes
const LSP_ROUNDS = 20;
const TABLE_RUNS = 15;

const TARGET_RATIO = 6;
const TARGET_EDIT_MS = 100;
const TARGET_TABLE_MS = 50;

export default async function racksBench(): Promise<BenchReport> {
    const figures: BenchFigure[] = [];
    const findings: string[] = [];
    const details: Record<string, unknown> = {};
    const generated = new Map(SIZES.map((racks) => [racks, generateRackTopology({ racks, nodesPerRack: NODES_PER_RACK })]));
    for (const [racks, topology] of generated) {
        findings.push(`${racks} racks × ${NODES_PER_RACK}: ${topology.nodes} nodes, ${topology.routers} routers, ${topology.groups} peer groups, ${topology.lines} lines, ${(topology.text.length / 1024).toFixed(0)} KiB`);
    }

    // Full builds (parse → link → validate), CPU time for the ratio.
    const timer = new BuildTimer();
    const cpuMedians = new Map<number, number>();
    for (const racks of SIZES) {
        const text = generated.get(racks)!.text;
        const nodes = racks * NODES_PER_RACK;
        for (let i = 0; i < (racks >= 200 ? 1 : 2); i++) {
            await timer.build(text);
        }
        const samples: BuildSample[] = [];
        for (let i = 0; i < RUNS; i++) {
            const { document: _document, ...sample } = await timer.build(text);
            if (sample.diagnostics !== 0) {
                throw new Error(`the ${nodes}-node rack topology produced ${sample.diagnostics} diagnostics; the benchmark needs a clean file`);
            }
            samples.push(sample);
        }
        const totals = samples.map((sample) => sample.totalMs);
        cpuMedians.set(racks, median(samples.map((sample) => sample.cpuMs)));
        figures.push(
            { name: `full build, ${fmt(nodes)} nodes in ${racks} racks (median of ${RUNS})`, value: round(median(totals)), unit: 'ms', note: `wall clock; min ${Math.min(...totals).toFixed(0)}` },
            { name: `full build CPU time, ${fmt(nodes)} nodes (median of ${RUNS})`, value: round(cpuMedians.get(racks)!), unit: 'ms' }
        );
        findings.push(
            `build phases, ${fmt(nodes)} nodes (median ms): parse ${median(samples.map((s) => s.parseMs)).toFixed(1)}, link ${median(samples.map((s) => s.linkMs)).toFixed(1)}, ` +
                `validate ${median(samples.map((s) => s.validateMs)).toFixed(1)}`
        );
        details[`build-${nodes}`] = { totalsMs: totals };
    }
    figures.push({
        name: 'scaling: build(5,000) / build(1,000), racks, CPU time',
        value: round(cpuMedians.get(200)! / cpuMedians.get(40)!, 2),
        unit: 'x',
        max: TARGET_RATIO
    });

    // The sessions table of 5,000 nodes, from a built document's model (what `bgptopo sessions` prints).
    const large = await timer.build(generated.get(200)!.text, true);
    const root = large.document.parseResult.value;
    // Each run lowers a fresh model (timed apart) and builds its table once, as `bgptopo sessions` does: nothing
    // the table may memoise per model carries over from one run to the next.
    const lowerSamples: number[] = [];
    const tableSamples: number[] = [];
    const tableCpu: number[] = [];
    const textSamples: number[] = [];
    let rows = sessionTable(lowerTopology(root));
    for (let i = 0; i < TABLE_RUNS + 2; i++) {
        const lowerStart = performance.now();
        const model = lowerTopology(root);
        const lowered = performance.now();
        const cpu = process.cpuUsage();
        const start = performance.now();
        rows = sessionTable(model);
        const tabled = performance.now();
        const used = process.cpuUsage(cpu);
        formatSessionsText(rows);
        const end = performance.now();
        if (i >= 2) {
            lowerSamples.push(lowered - lowerStart);
            tableSamples.push(tabled - start);
            tableCpu.push((used.user + used.system) / 1000);
            textSamples.push(end - start);
        }
    }
    await timer.release(large.document);
    figures.push(
        {
            name: `sessions table, 5,000 nodes (${fmt(rows.length)} rows; median of ${TABLE_RUNS})`,
            value: round(median(tableSamples)),
            unit: 'ms',
            max: TARGET_TABLE_MS,
            note: `wall clock; CPU time median ${round(median(tableCpu))} ms, min ${round(Math.min(...tableCpu))} ms`
        },
        { name: 'sessions table + text format, 5,000 nodes (`bgptopo sessions` after loading)', value: round(median(textSamples)), unit: 'ms' },
        { name: `lowering to the model with derived sessions, 5,000 nodes (median of ${TABLE_RUNS}; not in the table figure)`, value: round(median(lowerSamples)), unit: 'ms' },
        { name: `sessions table CPU time, 5,000 nodes (median of ${TABLE_RUNS})`, value: round(median(tableCpu)), unit: 'ms', note: 'user + system of the process; insensitive to other load' }
    );

    // Edit → diagnostics through the built language server, 1,000 nodes.
    const lsp = await measureEdits(generated.get(40)!.text);
    figures.push(
        { name: `LSP edit → diagnostics, 1,000 nodes in racks (median of ${lsp.edits.length})`, value: round(median(lsp.edits)), unit: 'ms', max: TARGET_EDIT_MS },
        { name: 'LSP edit → diagnostics, 1,000 nodes in racks (p95)', value: round(p95(lsp.edits)), unit: 'ms' },
        { name: 'language server CPU time per edit, 1,000 nodes in racks (median)', value: round(median(lsp.editCpu)), unit: 'ms', note: 'from /proc, 10 ms resolution' }
    );
    findings.push(`language server: ${lsp.server}`);
    details.lsp = lsp;
    return { title: 'Racks: peer groups per rack, an AS per rack, dual-stack groups (build, edit, sessions table)', figures, findings, details };
}

async function measureEdits(text: string): Promise<{ server: string; edits: number[]; editCpu: number[] }> {
    const bundle = await locateServer(PROJECT_ROOT);
    const session = await LspSession.start(bundle.path, pathToFileURL(PROJECT_ROOT).href, serverNodeArgs());
    try {
        // The block's `hold 90s`: every session's hold changes with each edit.
        const uri = pathToFileURL(join(PROJECT_ROOT, 'bench', 'output', 'generated-racks-1000.bgptopo')).href;
        const { edits, editCpu } = await timeEdits(session, uri, text, LSP_ROUNDS);
        return { server: bundle.description, edits, editCpu };
    } finally {
        await session.stop();
        bundle.dispose();
    }
}

function fmt(value: number): string {
    return value.toLocaleString('en-US');
}
