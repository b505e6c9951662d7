#!/usr/bin/env node
// Runs the benchmarks: every bench/<name>-bench.ts, or those whose <name> contains one of the arguments
// (`node bench/run-all.mjs language render`).
//
// Convention for a benchmark file bench/<name>-bench.ts:
//   - a default-exported async function returning a BenchReport (bench/bench-report.ts): its figures are
//     printed as a table (value, target, pass/MISS) and the report is written to bench/output/<name>.json;
//   - or no default export: the module's top level is the benchmark and prints its own figures.
// Each benchmark is bundled with esbuild into out/bench/ (npm packages stay external) and run in its own
// Node process with --expose-gc, so memory figures of one do not include another's.
//
// Exit code: 1 if a benchmark failed to run. Missed targets are reported, not fatal (BENCH_STRICT=1 makes
// them fatal).
import { spawn } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { rawTextPlugin } from '../scripts/esbuild-raw-text.mjs';

const benchDir = dirname(fileURLToPath(import.meta.url));
const projectRoot = join(benchDir, '..');
const outDir = join(projectRoot, 'out', 'bench');
const resultDir = join(benchDir, 'output');

const filters = process.argv.slice(2).filter((arg) => !arg.startsWith('-'));

// Child mode: import one bundled benchmark, run it, write its report.
if (process.env.BGPTOPO_BENCH_CHILD) {
    const { module: modulePath, output } = JSON.parse(process.env.BGPTOPO_BENCH_CHILD);
    const mod = await import(pathToFileURL(modulePath).href);
    if (typeof mod.default === 'function') {
        const report = await mod.default();
        writeFileSync(output, JSON.stringify(report ?? null, null, 2));
    }
    process.exit(0);
}

const names = readdirSync(benchDir)
    .filter((file) => file.endsWith('-bench.ts'))
    .map((file) => file.slice(0, -'-bench.ts'.length))
    .filter((name) => filters.length === 0 || filters.some((filter) => name.includes(filter)))
    .sort();
if (names.length === 0) {
    console.error(`No benchmark matches ${filters.join(', ') || '(any)'} in ${benchDir}.`);
    process.exit(1);
}

mkdirSync(outDir, { recursive: true });
mkdirSync(resultDir, { recursive: true });
let failed = false;
let missed = 0;
for (const name of names) {
    const entry = join(benchDir, `${name}-bench.ts`);
    const bundled = join(outDir, `${name}-bench.mjs`);
    const output = join(resultDir, `${name}.json`);
    console.log(`\n=== ${name} (${entry})`);
    try {
        await build({
            entryPoints: [entry],
            outfile: bundled,
            bundle: true,
            packages: 'external',
            platform: 'node',
            target: 'node20',
            format: 'esm',
            sourcemap: 'inline',
            logLevel: 'warning',
            plugins: [rawTextPlugin]
        });
    } catch (error) {
        console.error(`bundling ${name} failed: ${error.message}`);
        failed = true;
        continue;
    }
    rmSync(output, { force: true });
    const started = Date.now();
    const code = await new Promise((resolve) => {
        const child = spawn(process.execPath, ['--expose-gc', '--enable-source-maps', fileURLToPath(import.meta.url)], {
            stdio: 'inherit',
            env: { ...process.env, BGPTOPO_BENCH_CHILD: JSON.stringify({ module: bundled, output }) }
        });
        child.on('exit', (exitCode, signal) => resolve(exitCode ?? (signal ? 128 : 1)));
    });
    if (code !== 0) {
        console.error(`benchmark ${name} failed (exit ${code})`);
        failed = true;
        continue;
    }
    let report = null;
    try {
        report = JSON.parse(readFileSync(output, 'utf8'));
    } catch {
        // A benchmark without a default export printed its own figures.
    }
    if (report?.figures) {
        missed += printReport(report);
        console.log(`(${((Date.now() - started) / 1000).toFixed(1)} s; JSON: ${output})`);
    }
}
process.exit(failed || (process.env.BENCH_STRICT === '1' && missed > 0) ? 1 : 0);

/** Print a report as a table; returns how many figures missed their target. */
function printReport(report) {
    console.log(`\n${report.title}`);
    const rows = report.figures.map((figure) => {
        const hasTarget = typeof figure.max === 'number';
        const pass = !hasTarget || figure.value <= figure.max;
        return [
            figure.name,
            `${formatNumber(figure.value)} ${figure.unit}`,
            hasTarget ? `≤ ${formatNumber(figure.max)} ${figure.unit}` : '',
            hasTarget ? (pass ? 'ok' : 'MISS') : '',
            figure.note ?? ''
        ];
    });
    const header = ['figure', 'value', 'target', '', 'note'];
    const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column].length)));
    const line = (cells) => cells.map((cell, column) => (column === 1 || column === 2 ? cell.padStart(widths[column]) : cell.padEnd(widths[column]))).join('  ').trimEnd();
    console.log(line(header));
    console.log(widths.map((width) => '-'.repeat(width)).join('  '));
    rows.forEach((row) => console.log(line(row)));
    for (const finding of report.findings ?? []) {
        console.log(`- ${finding}`);
    }
    return rows.filter((row) => row[3] === 'MISS').length;
}

function formatNumber(value) {
    return Number.isInteger(value) ? value.toLocaleString('en-US') : value.toLocaleString('en-US', { maximumFractionDigits: 2 });
}
