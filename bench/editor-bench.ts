/**
 * Editor benchmark (issue "The editor"), measured in a real VS Code (code-server 4.100.3 via
 * test/editor-harness): extension activation (activate() start → language client ready, recorded by the
 * extension with performance.now()), and from opening the 1,000-node topology (bench/topology-generator.ts),
 * which is in the workspace when the editor starts as a user's file is, to its first diagnostics and to
 * the first preview text; for comparison, the same for a new file written into the workspace and opened
 * at once; the extension host's CPU per edit, and where it goes (bench/editor-profile-attribution.ts).
 * BENCH_RUNS code-server starts (default 3), each figure their median with the spread; the in-host part is
 * bench/editor-bench-suite/index.cjs. Run with `node bench/run-all.mjs editor`
 * after `npm run build`-level bundling (this bench bundles the extension itself).
 */
import { execFileSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { findCodeServer } from '../test/editor-harness/code-server-install.js';
import { runIntegrationSuite } from '../test/editor-harness/run-integration-suite.js';
import { bundleExtension, PROJECT_ROOT, scratchWorkspace } from '../test/editor/editor-build.js';
import { median, round, type BenchFigure, type BenchReport } from './bench-report.js';
import { attributeCpu, type CpuShares } from './editor-profile-attribution.js';
import { generateTopology } from './topology-generator.js';

const NODES = 1000;
/** Editor starts, each a cold open (BENCH_RUNS, default 3): one start alone is at the mercy of a busy machine. */
const RUNS = Math.max(1, Number(process.env.BENCH_RUNS ?? 3));
const BUNDLE_LOADS = 5;

/** Median ms of `require('out/extension/main.cjs')` in fresh Node processes (test/support/extension-bundle-load.cjs). */
function extensionBundleLoadMs(): number {
    const script = join(PROJECT_ROOT, 'test', 'support', 'extension-bundle-load.cjs');
    const bundle = join(PROJECT_ROOT, 'out', 'extension', 'main.cjs');
    const runs = Array.from({ length: BUNDLE_LOADS }, () => (JSON.parse(execFileSync(process.execPath, [script, bundle], { encoding: 'utf8' })) as { ms: number }).ms);
    return median(runs);
}

interface InHostFigures {
    activationMs: number;
    clientReadyMs: number;
    openMs: number;
    toDiagnosticsMs: number;
    toPreviewMs: number;
    edits: { count: number; cpuMsPerEdit: number; wallMsPerEdit: number };
    diagnostics: number;
    lines: number;
    newFile: { openMs: number; toDiagnosticsMs: number; toPreviewMs: number };
}

/** One editor start: the in-host figures, and where the extension host's CPU per edit went. */
interface EditorRun {
    readonly figures: InHostFigures;
    readonly shares: CpuShares;
    readonly totalMs: number;
}

export default async function main(): Promise<BenchReport> {
    if (!findCodeServer()) {
        throw new Error('code-server is not installed: run .ci/install-code-server.sh first');
    }
    await bundleExtension();
    const bundleLoadMs = extensionBundleLoadMs();
    const generated = generateTopology({ nodes: NODES });
    // As in render-bench: the generated keepalived VIPs need an interface to render.
    const text = generated.text.replace(/^defaults \{\n/m, 'defaults {\n  interface eth0\n');
    const previewHost = /^router (\S+)/m.exec(text)?.[1];
    if (!previewHost) {
        throw new Error('the generated topology has no router');
    }
    const runs: EditorRun[] = [];
    for (let i = 0; i < RUNS; i++) {
        runs.push(await editorRun(text, previewHost));
    }
    const figures = runs.map((run) => run.figures);
    /** The median of a figure over the editor starts, with its spread in the note. */
    const spread = (name: string, pick: (run: InHostFigures) => number, max?: number): BenchFigure => {
        const values = figures.map(pick);
        return {
            name: `${name} (median of ${RUNS})`,
            value: round(median(values)),
            unit: 'ms',
            ...(max === undefined ? {} : { max }),
            note: `min ${round(Math.min(...values), 0)}, max ${round(Math.max(...values), 0)}`
        };
    };
    const editsProfiled = runs.reduce((sum, run) => sum + run.figures.edits.count, 0);
    const perEdit = (pick: (shares: CpuShares) => number): number => round(runs.reduce((sum, run) => sum + pick(run.shares), 0) / editsProfiled);
    const first = figures[0];
    return {
        title: `Editor (code-server 4.100.3, ${NODES}-node topology, ${first.lines} lines, ${RUNS} editor starts)`,
        figures: [
            spread('activation: time in activate()', (run) => run.activationMs, 300),
            { name: `loading out/extension/main.cjs before activate() (Node, outside the editor; median of ${BUNDLE_LOADS})`, value: round(bundleLoadMs), unit: 'ms' },
            spread('activate() start → language client ready (server process up)', (run) => run.clientReadyMs),
            spread('open 1,000-node file → first diagnostics', (run) => run.toDiagnosticsMs, 800),
            spread('open 1,000-node file → first preview text', (run) => run.toPreviewMs, 1200),
            spread('extension-host CPU per edit (preview open, until preview and diagnostics follow)', (run) => run.edits.cpuMsPerEdit),
            { name: "  of which bgptopo's own code (src/; profiled, self time)", value: perEdit((shares) => shares.bgptopo), unit: 'ms' },
            { name: '  of which the language client (vscode-languageclient, -jsonrpc, protocol types)', value: perEdit((shares) => shares.languageClient), unit: 'ms' },
            { name: "  of which VS Code's extension host and Node (RPC to the window, IPC, GC)", value: perEdit((shares) => shares.vscodeAndNode), unit: 'ms' },
            { name: '  of which other packages of the bundle', value: perEdit((shares) => shares.otherPackages), unit: 'ms' },
            { name: "  of which this bench's waiting loop and the profiler", value: perEdit((shares) => shares.bench), unit: 'ms' },
            spread('edit → preview and diagnostics updated (wall, incl. preview debounce)', (run) => run.edits.wallMsPerEdit),
            spread('a new 1,000-node file, written then opened → first diagnostics', (run) => run.newFile.toDiagnosticsMs),
            spread('a new 1,000-node file, written then opened → first preview text', (run) => run.newFile.toPreviewMs)
        ],
        findings: [
            `${first.diagnostics} diagnostic(s) on the generated file; opening and showing it took ${round(median(figures.map((run) => run.openMs)))} ms (the new file: ${round(median(figures.map((run) => run.newFile.openMs)))} ms), medians`,
            `each editor start (server start, browser, suite): ${runs.map((run) => round(run.totalMs / 1000)).join(', ')} s`,
            'the "of which" lines are the main thread, profiled over the same edits run again; the process CPU above also counts worker threads (concurrent GC and compilation, compression of the messages to the window)'
        ],
        details: { runs }
    };
}

/** Starts an editor on a workspace holding the generated file and runs the in-host suite once. */
async function editorRun(text: string, previewHost: string): Promise<EditorRun> {
    const scratch = scratchWorkspace('bgptopo-editor-bench-');
    try {
        writeFileSync(join(scratch.workspace, 'bench.json'), JSON.stringify({ text, previewHost }));
        writeFileSync(join(scratch.workspace, 'bench-1000.bgptopo'), text);
        const lines: string[] = [];
        const result = await runIntegrationSuite({
            extensionDevelopmentPath: PROJECT_ROOT,
            extensionTestsPath: join(PROJECT_ROOT, 'bench', 'editor-bench-suite', 'index.cjs'),
            workspaceFolder: scratch.workspace,
            timeoutMs: 240_000,
            onLog: (line) => lines.push(line)
        });
        const marker = lines.find((line) => line.startsWith('BGPTOPO_BENCH '));
        if (result.exitCode !== 0 || !marker) {
            throw new Error(`the in-host bench failed (exit ${result.exitCode}):\n${lines.slice(-30).join('\n')}`);
        }
        return {
            figures: JSON.parse(marker.slice('BGPTOPO_BENCH '.length)) as InHostFigures,
            // The same edits again under the profiler (the CPU figure is measured without it).
            shares: attributeCpu(join(scratch.workspace, 'edits.cpuprofile'), join(PROJECT_ROOT, 'out', 'extension', 'main.cjs')),
            totalMs: result.timings.totalMs
        };
    } finally {
        rmSync(scratch.root, { recursive: true, force: true });
    }
}
