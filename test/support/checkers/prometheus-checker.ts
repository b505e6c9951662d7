/**
 * Checks Prometheus alerting/recording rules with `promtool check rules`: YAML structure, durations,
 * PromQL syntax, template syntax of labels/annotations. Accepts a plain rules file (`groups:`) or
 * PrometheusRule manifests (`kind: PrometheusRule`, as bgptopo renders them): then each document's
 * `spec` is checked as its own rules file, and promtool's line numbers refer to that re-serialised
 * spec, not to the manifest (messages name the document as "doc#N"). The manifest envelope itself
 * is checked by checkManifest. Not checked: that the metric names exist.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { dump, loadAll } from 'js-yaml';
import { type CheckResult, skippedResult, toolResult } from './check-result.js';
import { missingPrerequisites, outputLines, resolveTool, runTool, withTempDir } from './checker-tools.js';

export const PROMETHEUS_CHECKER_PREREQUISITES = ['promtool'] as const;

const TOOL = 'promtool check rules';

interface RulesFile {
    label: string;
    content: string;
}

/** Splits PrometheusRule manifests into per-document rules files; other text is used as is. */
export function rulesFilesOf(text: string): RulesFile[] {
    let docs: unknown[];
    try {
        docs = loadAll(text).filter((d) => d !== null && d !== undefined);
    } catch {
        return [{ label: 'rules', content: text }]; // promtool reports the YAML error itself
    }
    const isRule = (d: unknown): d is { spec?: unknown } =>
        typeof d === 'object' && d !== null && (d as { kind?: unknown }).kind === 'PrometheusRule';
    if (docs.length === 0 || !docs.every(isRule)) {
        return [{ label: 'rules', content: text }];
    }
    return docs.map((doc, index) => ({ label: `doc#${index}`, content: dump(doc.spec ?? {}) }));
}

export async function checkPrometheusRules(text: string, options: { timeoutMs?: number } = {}): Promise<CheckResult> {
    const missing = missingPrerequisites(PROMETHEUS_CHECKER_PREREQUISITES);
    if (missing.length > 0) {
        return skippedResult(TOOL, `not installed: ${missing.join(', ')} (Debian: prometheus)`);
    }
    return withTempDir('promtool', async (dir) => {
        const files = rulesFilesOf(text);
        const paths = await Promise.all(
            files.map(async (file, index) => {
                const path = join(dir, `rules-${index}.yaml`);
                await writeFile(path, file.content);
                return path;
            }),
        );
        const run = await runTool(resolveTool('promtool')!, ['check', 'rules', ...paths], { timeoutMs: options.timeoutMs });
        const rename = (line: string) =>
            paths.reduce((acc, path, index) => acc.split(path).join(files[index].label), line);
        const lines = outputLines(run.stdout + '\n' + run.stderr);
        const located = lines.filter((l) => paths.some((p) => l.startsWith(`${p}:`))).map(rename);
        const errors = [...(run.failure ? [run.failure] : [])];
        if (run.exitCode !== 0) {
            errors.push(...(located.length > 0 ? located : lines.filter((l) => !/^Checking /.test(l)).map(rename)));
        }
        const warnings = run.exitCode === 0 ? lines.filter((l) => /warn|duplicate/i.test(l)).map(rename) : [];
        return toolResult(TOOL, run, run.exitCode === 0 && errors.length === 0, errors, warnings);
    });
}
