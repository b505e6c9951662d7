/**
 * Cold start of the language server (issue 13's editor targets, without the editor): a fresh server process is
 * spawned, initialized, given the 1,000-node topology (bench/topology-generator.ts, as the editor bench opens it)
 * and asked for the first preview of a router's files, as the editor's preview does. Per run: spawn →
 * initialize answered, didOpen → first diagnostics, spawn → first diagnostics, and spawn → first preview text;
 * the server's CPU time until its first diagnostics. Run with `node bench/run-all.mjs cold`.
 *
 * Environment: BENCH_RUNS (cold starts per server, default 7, at least 3); BENCH_SERVER=<bundle> (default
 * out/language-server/main.cjs); BENCH_SERVER_BASELINE=<bundle>: a second build measured in alternating runs
 * (e.g. main's), reported beside the first; BENCH_SERVER_NODE_ARGS / BENCH_SERVER_CPU_PROF as in the language
 * benchmark.
 */
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { PreviewFileRequest, PreviewFilesRequest } from '../src/protocol/bgptopo-protocol.js';
import { median, round, type BenchFigure, type BenchReport } from './bench-report.js';
import { locateServer, LspSession, projectRoot, serverNodeArgs } from './language-lsp-session.js';
import { generateTopology } from './topology-generator.js';

const PROJECT_ROOT = projectRoot(import.meta.dirname);
const RUNS = Math.max(3, Number(process.env.BENCH_RUNS ?? 7));
const NODES = 1000;
const TARGET_DIAGNOSTICS_MS = 800;
const TARGET_PREVIEW_MS = 1200;

interface ColdRun {
    readonly initializeMs: number;
    readonly openToDiagnosticsMs: number;
    readonly toDiagnosticsMs: number;
    readonly toPreviewMs: number;
    readonly serverCpuMs?: number;
    readonly load: number;
}

export default async function coldBench(): Promise<BenchReport> {
    // As the editor bench: the generated keepalived VIPs need an interface to render.
    const text = generateTopology({ nodes: NODES }).text.replace(/^defaults \{\n/m, 'defaults {\n  interface eth0\n');
    const host = /^router (\S+)/m.exec(text)?.[1];
    if (!host) {
        throw new Error('the generated topology has no router');
    }
    const current = await locateServer(PROJECT_ROOT);
    const servers = [{ label: '', bundle: current }];
    const baselinePath = process.env.BENCH_SERVER_BASELINE;
    if (baselinePath) {
        servers.push({ label: ' (baseline)', bundle: { path: baselinePath, description: `${baselinePath} (BENCH_SERVER_BASELINE)`, dispose: () => undefined } });
    }
    const runs = new Map(servers.map((server) => [server.label, [] as ColdRun[]]));
    try {
        // One unmeasured start each: the files are in the page cache afterwards, as for an editor started before.
        for (const server of servers) {
            await coldStart(server.bundle.path, text, host);
        }
        for (let i = 0; i < RUNS; i++) {
            for (const server of servers) {
                runs.get(server.label)!.push(await coldStart(server.bundle.path, text, host));
            }
        }
    } finally {
        servers.forEach((server) => server.bundle.dispose());
    }
    const figures: BenchFigure[] = [];
    for (const server of servers) {
        const samples = runs.get(server.label)!;
        const of = (pick: (run: ColdRun) => number | undefined): number[] => samples.map(pick).filter((value): value is number => value !== undefined);
        const spread = (values: number[]): string => `min ${Math.min(...values).toFixed(0)}, max ${Math.max(...values).toFixed(0)}`;
        figures.push(
            { name: `spawn → initialize answered${server.label} (median of ${RUNS})`, value: round(median(of((run) => run.initializeMs))), unit: 'ms', note: spread(of((run) => run.initializeMs)) },
            { name: `didOpen → first diagnostics, ${NODES} nodes${server.label}`, value: round(median(of((run) => run.openToDiagnosticsMs))), unit: 'ms', note: spread(of((run) => run.openToDiagnosticsMs)) },
            {
                name: `spawn → first diagnostics, ${NODES} nodes${server.label}`,
                value: round(median(of((run) => run.toDiagnosticsMs))),
                unit: 'ms',
                max: TARGET_DIAGNOSTICS_MS,
                note: spread(of((run) => run.toDiagnosticsMs))
            },
            {
                name: `spawn → first preview text (${host})${server.label}`,
                value: round(median(of((run) => run.toPreviewMs))),
                unit: 'ms',
                max: TARGET_PREVIEW_MS,
                note: spread(of((run) => run.toPreviewMs))
            },
            { name: `server CPU time until first diagnostics${server.label}`, value: round(median(of((run) => run.serverCpuMs))), unit: 'ms', note: 'from /proc, 10 ms resolution' }
        );
    }
    const loads = [...runs.values()].flat().map((run) => run.load);
    return {
        title: `Language server cold start (${NODES}-node topology: spawn → diagnostics → preview)`,
        figures,
        findings: [
            ...servers.map((server) => `server${server.label}: ${server.bundle.description}`),
            `load average (1 min) during the runs: ${Math.min(...loads).toFixed(2)}–${Math.max(...loads).toFixed(2)}`,
            'the editor bench adds to these the extension host (client start, document sync) and VS Code (50 ms diagnostics event debounce)'
        ],
        details: Object.fromEntries(runs)
    };
}

async function coldStart(serverPath: string, text: string, host: string): Promise<ColdRun> {
    const load = loadavg()[0];
    const started = performance.now();
    const session = await LspSession.start(serverPath, pathToFileURL(PROJECT_ROOT).href, serverNodeArgs());
    try {
        const initialized = performance.now();
        const uri = pathToFileURL(join(PROJECT_ROOT, 'bench', 'output', `cold-${NODES}.bgptopo`)).href;
        const opened = await session.open(uri, text);
        const diagnosed = performance.now();
        const serverCpuMs = session.cpuMs();
        if (opened.diagnostics.length !== 0) {
            throw new Error(`the server reported ${opened.diagnostics.length} diagnostics on the generated file: ${opened.diagnostics[0].message}`);
        }
        const params = { uri, version: 1, templateDirs: [] };
        const { files } = await session.request(PreviewFilesRequest, { ...params, host });
        if (files.length === 0) {
            throw new Error(`no preview files for ${host}`);
        }
        const { content } = await session.request(PreviewFileRequest, { ...params, host, path: files[0].path });
        if (!content) {
            throw new Error(`no preview text for ${host}: ${files[0].path}`);
        }
        const previewed = performance.now();
        return {
            initializeMs: initialized - started,
            openToDiagnosticsMs: opened.ms,
            toDiagnosticsMs: diagnosed - started,
            toPreviewMs: previewed - started,
            serverCpuMs,
            load
        };
    } finally {
        await session.stop();
    }
}
