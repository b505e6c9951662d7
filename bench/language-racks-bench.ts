/**
 * Rack benchmark (issue 15, LANGUAGE-V2 §1, §2, §6, §12; issue 17, §7): the rack mode of the generator — 40 racks
 * × 25 nodes (1,000) and 200 racks × 25 (5,000), a ToR pair and an AS per rack, one peer group per rack selecting
 * its nodes by label, IPv4 + IPv6 on every fourth rack — in two modes measured side by side: part 1's file, and
 * the same racks with part 3's announcements (`advertisements: true`: 10 more pools and 40 advertisements, see
 * bench/topology-generator-racks.ts). Figures per mode: full build of both sizes and their CPU-time ratio, edit →
 * diagnostics on 1,000 nodes through the built language server, and the sessions table of 5,000 nodes. The two
 * modes' runs alternate (build, table, edit), so both see the same load. Run with `node bench/run-all.mjs racks`.
 *
 * Environment: BENCH_RUNS (timed runs per size and mode, default 7, at least 5), BENCH_SERVER_CPU_PROF=<dir>
 * (CPU profile of the language server).
 */
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { formatSessionsText } from '../src/cli/cli-sessions.js';
import { sessionTable } from '../src/model/index.js';
import { lowerTopology } from '../src/model/topology-lowering.js';
import { median, p95, round, type BenchFigure, type BenchReport } from './bench-report.js';
import { BuildTimer, type BuildSample } from './language-build-timing.js';
import { locateServer, LspSession, projectRoot, serverNodeArgs, timeEditsInTurn } from './language-lsp-session.js';
import { generateRackTopology, type GeneratedRackTopology } from './topology-generator-racks.js';

const PROJECT_ROOT = projectRoot(import.meta.dirname);
const RUNS = Math.max(5, Number(process.env.BENCH_RUNS ?? 7));
const NODES_PER_RACK = 25;
const SIZES = [40, 200] as const; // racks: 1,000 and 5,000 nodes
const LSP_ROUNDS = 20;
const TABLE_RUNS = 15;

const TARGET_RATIO = 6;
const TARGET_EDIT_MS = 100;
const TARGET_TABLE_MS = 50;

interface Mode {
    readonly key: 'part1' | 'announce';
    /** Appended to the figure names of this mode (part 1's names stay as they were). */
    readonly suffix: string;
    readonly advertisements: boolean;
}

const MODES: readonly Mode[] = [
    { key: 'part1', suffix: '', advertisements: false },
    { key: 'announce', suffix: ' + 10 pools, 40 advertisements', advertisements: true }
];

/** One mode's medians, for the side-by-side findings. */
type Medians = Record<string, number>;

export default async function racksBench(): Promise<BenchReport> {
    const figures: BenchFigure[] = [];
    const findings: string[] = [`load average at start ${load()}`];
    const details: Record<string, unknown> = {};
    const generated = new Map<string, GeneratedRackTopology>();
    for (const mode of MODES) {
        for (const racks of SIZES) {
            const topology = generateRackTopology({ racks, nodesPerRack: NODES_PER_RACK, advertisements: mode.advertisements });
            generated.set(key(mode, racks), topology);
            findings.push(
                `${racks} racks × ${NODES_PER_RACK}${mode.suffix}: ${topology.nodes} nodes, ${topology.routers} routers, ${topology.groups} peer groups, ` +
                    `${topology.pools} added pools, ${topology.advertisements} advertisements, ${topology.lines} lines, ${(topology.text.length / 1024).toFixed(0)} KiB`
            );
        }
    }
    const medians = new Map<Mode, Medians>(MODES.map((mode) => [mode, {}]));

    // Full builds (parse → link → validate), CPU time for the ratio; the modes' runs alternate.
    const timer = new BuildTimer();
    for (const racks of SIZES) {
        const nodes = racks * NODES_PER_RACK;
        for (const mode of MODES) {
            for (let i = 0; i < (racks >= 200 ? 1 : 2); i++) {
                await timer.build(generated.get(key(mode, racks))!.text);
            }
        }
        const samples = new Map<Mode, BuildSample[]>(MODES.map((mode) => [mode, []]));
        for (let i = 0; i < RUNS; i++) {
            for (const mode of MODES) {
                const { document: _document, ...sample } = await timer.build(generated.get(key(mode, racks))!.text);
                if (sample.diagnostics !== 0) {
                    throw new Error(`the ${nodes}-node rack topology${mode.suffix} produced ${sample.diagnostics} diagnostics; the benchmark needs a clean file`);
                }
                samples.get(mode)!.push(sample);
            }
        }
        for (const mode of MODES) {
            const modeSamples = samples.get(mode)!;
            const totals = modeSamples.map((sample) => sample.totalMs);
            const m = medians.get(mode)!;
            m[`build ${nodes}`] = median(totals);
            m[`build CPU ${nodes}`] = median(modeSamples.map((sample) => sample.cpuMs));
            figures.push(
                { name: `full build, ${fmt(nodes)} nodes in ${racks} racks${mode.suffix} (median of ${RUNS})`, value: round(median(totals)), unit: 'ms', note: `wall clock; min ${Math.min(...totals).toFixed(0)}` },
                { name: `full build CPU time, ${fmt(nodes)} nodes${mode.suffix} (median of ${RUNS})`, value: round(m[`build CPU ${nodes}`]), unit: 'ms' }
            );
            findings.push(
                `build phases, ${fmt(nodes)} nodes${mode.suffix} (median ms): parse ${median(modeSamples.map((s) => s.parseMs)).toFixed(1)}, link ${median(modeSamples.map((s) => s.linkMs)).toFixed(1)}, ` +
                    `validate ${median(modeSamples.map((s) => s.validateMs)).toFixed(1)}`
            );
            details[`build-${nodes}-${mode.key}`] = { totalsMs: totals };
        }
    }
    for (const mode of MODES) {
        const m = medians.get(mode)!;
        m.ratio = m['build CPU 5000'] / m['build CPU 1000'];
        figures.push({ name: `scaling: build(5,000) / build(1,000), racks${mode.suffix}, CPU time`, value: round(m.ratio, 2), unit: 'x', max: TARGET_RATIO });
    }

    // The sessions table of 5,000 nodes, from a built document's model (what `bgptopo sessions` prints). Each run
    // lowers a fresh model (timed apart) and builds its table once, as `bgptopo sessions` does: nothing the table
    // may memoise per model carries over from one run to the next.
    const large = new Map<Mode, Awaited<ReturnType<BuildTimer['build']>>>();
    for (const mode of MODES) {
        large.set(mode, await timer.build(generated.get(key(mode, 200))!.text, true));
    }
    const table = new Map(MODES.map((mode) => [mode, { lower: [] as number[], table: [] as number[], cpu: [] as number[], text: [] as number[], rows: 0 }]));
    for (let i = 0; i < TABLE_RUNS + 2; i++) {
        for (const mode of MODES) {
            const root = large.get(mode)!.document.parseResult.value;
            const samples = table.get(mode)!;
            const lowerStart = performance.now();
            const model = lowerTopology(root);
            const lowered = performance.now();
            const cpu = process.cpuUsage();
            const start = performance.now();
            const rows = sessionTable(model);
            const tabled = performance.now();
            const used = process.cpuUsage(cpu);
            formatSessionsText(rows);
            const end = performance.now();
            samples.rows = rows.length;
            if (i >= 2) {
                samples.lower.push(lowered - lowerStart);
                samples.table.push(tabled - start);
                samples.cpu.push((used.user + used.system) / 1000);
                samples.text.push(end - start);
            }
        }
    }
    for (const mode of MODES) {
        await timer.release(large.get(mode)!.document);
        const samples = table.get(mode)!;
        const m = medians.get(mode)!;
        m.table = median(samples.table);
        m['table CPU'] = median(samples.cpu);
        m.lowering = median(samples.lower);
        figures.push(
            {
                name: `sessions table, 5,000 nodes${mode.suffix} (${fmt(samples.rows)} rows; median of ${TABLE_RUNS})`,
                value: round(m.table),
                unit: 'ms',
                max: TARGET_TABLE_MS,
                note: `wall clock; CPU time median ${round(m['table CPU'])} ms, min ${round(Math.min(...samples.cpu))} ms`
            },
            { name: `sessions table + text format, 5,000 nodes${mode.suffix} (\`bgptopo sessions\` after loading)`, value: round(median(samples.text)), unit: 'ms' },
            { name: `lowering to the model with derived sessions, 5,000 nodes${mode.suffix} (median of ${TABLE_RUNS}; not in the table figure)`, value: round(m.lowering), unit: 'ms' },
            { name: `sessions table CPU time, 5,000 nodes${mode.suffix} (median of ${TABLE_RUNS})`, value: round(m['table CPU']), unit: 'ms', note: 'user + system of the process; insensitive to other load' }
        );
    }

    // Edit → diagnostics through the built language server, 1,000 nodes: both modes' documents open in one
    // server, their edits alternating.
    const lsp = await measureEdits(MODES.map((mode) => generated.get(key(mode, 40))!.text));
    MODES.forEach((mode, index) => {
        const { edits, editCpu } = lsp.documents[index];
        const m = medians.get(mode)!;
        m.edit = median(edits);
        m['edit CPU'] = median(editCpu);
        figures.push(
            { name: `LSP edit → diagnostics, 1,000 nodes in racks${mode.suffix} (median of ${edits.length})`, value: round(m.edit), unit: 'ms', max: TARGET_EDIT_MS },
            { name: `LSP edit → diagnostics, 1,000 nodes in racks${mode.suffix} (p95)`, value: round(p95(edits)), unit: 'ms' },
            { name: `language server CPU time per edit, 1,000 nodes in racks${mode.suffix} (median)`, value: round(m['edit CPU']), unit: 'ms', note: 'from /proc, 10 ms resolution' }
        );
    });
    findings.push(`language server: ${lsp.server}`);
    details.lsp = lsp;

    const [part1, announce] = MODES.map((mode) => medians.get(mode)!);
    findings.push(
        'side by side (part 1 → + 10 pools, 40 advertisements; medians): ' +
            [
                ['build 1,000', 'build 1000', 'ms'],
                ['build 5,000', 'build 5000', 'ms'],
                ['build CPU 5,000', 'build CPU 5000', 'ms'],
                ['ratio', 'ratio', '×'],
                ['lowering 5,000', 'lowering', 'ms'],
                ['sessions table 5,000', 'table', 'ms'],
                ['edit → diagnostics 1,000', 'edit', 'ms'],
                ['server CPU per edit', 'edit CPU', 'ms']
            ]
                .map(([label, name, unit]) => `${label} ${part1[name].toFixed(unit === '×' ? 2 : 1)} → ${announce[name].toFixed(unit === '×' ? 2 : 1)} ${unit} (${signed(announce[name] / part1[name] - 1)})`)
                .join('; ')
    );
    findings.push(`load average at end ${load()}`);
    return { title: 'Racks: peer groups per rack, an AS per rack, dual-stack groups; and with pools and advertisements (build, edit, sessions table)', figures, findings, details };
}

/** Opens every text in one server, then times one-character edits of each in turn (see timeEditsInTurn). */
async function measureEdits(texts: readonly string[]): Promise<{ server: string; documents: Array<{ edits: number[]; editCpu: number[] }> }> {
    const bundle = await locateServer(PROJECT_ROOT);
    const session = await LspSession.start(bundle.path, pathToFileURL(PROJECT_ROOT).href, serverNodeArgs());
    try {
        // The block's `hold 90s`: every session of the block changes with each edit.
        const documents = texts.map((text, index) => ({ uri: pathToFileURL(join(PROJECT_ROOT, 'bench', 'output', `generated-racks-1000-${index}.bgptopo`)).href, text }));
        const timed = await timeEditsInTurn(session, documents, LSP_ROUNDS);
        return { server: bundle.description, documents: timed.map(({ edits, editCpu }) => ({ edits, editCpu })) };
    } finally {
        await session.stop();
        bundle.dispose();
    }
}

function key(mode: Mode, racks: number): string {
    return `${mode.key}-${racks}`;
}

function load(): string {
    return loadavg()
        .map((value) => value.toFixed(2))
        .join(' / ');
}

function signed(fraction: number): string {
    return `${fraction >= 0 ? '+' : ''}${(100 * fraction).toFixed(0)}%`;
}

function fmt(value: number): string {
    return value.toLocaleString('en-US');
}
