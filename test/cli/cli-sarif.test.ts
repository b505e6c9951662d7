/** `bgptopo validate --format sarif`, run from the built bundle: a valid SARIF 2.1.0 log that says what the JSON says. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { beforeAll, describe, expect, test } from 'vitest';
import { ALL_DIAGNOSTIC_CODES } from '../../src/language-server/validation/diagnostic-codes.js';
import { ensureBundles, ROOT } from './built-bundles.js';
import { runBgptopo } from './run-cli.js';

const FILES = ['examples/seed-kubevip-cilium.bgptopo', 'examples/seed-metallb-frr-ha.bgptopo', 'examples/seed-metallb-frr-ha-fixed.bgptopo'];

interface SarifRegion {
    startLine: number;
    startColumn: number;
    endLine: number;
    endColumn: number;
}
interface SarifResult {
    ruleId: string;
    ruleIndex: number;
    level: string;
    message: { text: string };
    locations: Array<{ physicalLocation: { artifactLocation: { uri: string; uriBaseId?: string; index?: number }; region: SarifRegion } }>;
}
interface SarifLog {
    $schema: string;
    version: string;
    runs: Array<{
        tool: { driver: { name: string; version: string; rules: Array<{ id: string; name: string; shortDescription: { text: string } }> } };
        originalUriBaseIds: Record<string, { uri: string }>;
        artifacts: Array<{ location: { uri: string } }>;
        results: SarifResult[];
    }>;
}
interface JsonReport {
    files: Array<{
        path: string;
        diagnostics: Array<{ code: string; severity: string; message: string; range: { start: { line: number; character: number }; end: { line: number; character: number } } }>;
    }>;
}

// ajv-formats is CommonJS: imported from ESM, its plugin is the module's `default` property.
const addFormats = addFormatsModule.default;

function compileSarifSchema() {
    const schema = JSON.parse(readFileSync(join(import.meta.dirname, 'sarif-2.1.0-essentials.schema.json'), 'utf8')) as object;
    const ajv = new Ajv({ allErrors: true, strict: true, strictRequired: false });
    addFormats(ajv);
    return ajv.compile(schema);
}

let sarif: SarifLog;
let json: JsonReport;
let exitCode: number | null;

beforeAll(async () => {
    await ensureBundles();
    const [sarifRun, jsonRun] = await Promise.all([runBgptopo(['validate', '--format', 'sarif', ...FILES]), runBgptopo(['validate', '--format', 'json', ...FILES])]);
    exitCode = sarifRun.code;
    sarif = JSON.parse(sarifRun.stdout) as SarifLog;
    json = JSON.parse(jsonRun.stdout) as JsonReport;
});

describe('SARIF 2.1.0 output', () => {
    test('exits like the other formats (1: the flawed examples have errors)', () => {
        expect(exitCode).toBe(1);
    });

    test('is valid against the essential SARIF 2.1.0 schema', () => {
        const validate = compileSarifSchema();
        const valid = validate(sarif);
        expect(validate.errors ?? []).toEqual([]);
        expect(valid).toBe(true);
    });

    test('the schema check is not vacuous: a 0 column or a misspelt property fails it', () => {
        const validate = compileSarifSchema();
        const broken = structuredClone(sarif);
        broken.runs[0].results[0].locations[0].physicalLocation.region.startColumn = 0;
        expect(validate(broken)).toBe(false);
        const misspelt = structuredClone(sarif) as unknown as { runs: Array<{ results: Array<Record<string, unknown>> }> };
        misspelt.runs[0].results[0].ruleID = 'x';
        expect(validate(misspelt)).toBe(false);
    });

    test('has $schema, version 2.1.0 and one run by the bgptopo driver', () => {
        expect(sarif.$schema).toMatch(/sarif.*2\.1\.0.*\.json$/);
        expect(sarif.version).toBe('2.1.0');
        expect(sarif.runs).toHaveLength(1);
        expect(sarif.runs[0].tool.driver.name).toBe('bgptopo');
    });

    test('lists every diagnostic code of the language as a rule with a short description', () => {
        const rules = sarif.runs[0].tool.driver.rules;
        expect(rules.map((r) => r.id).sort()).toEqual([...ALL_DIAGNOSTIC_CODES].sort());
        for (const rule of rules) {
            expect(rule.shortDescription.text.length, rule.id).toBeGreaterThan(10);
        }
    });

    test('has one result per diagnostic of the JSON output, with matching rule, level, message and 1-based region', () => {
        const run = sarif.runs[0];
        const expected = json.files.flatMap((file) =>
            file.diagnostics.map((d) => ({
                ruleId: d.code,
                level: { error: 'error', warning: 'warning', info: 'note' }[d.severity],
                text: d.message,
                uri: file.path,
                region: { startLine: d.range.start.line + 1, startColumn: d.range.start.character + 1, endLine: d.range.end.line + 1, endColumn: d.range.end.character + 1 }
            }))
        );
        expect(expected.length).toBeGreaterThan(5);
        const actual = run.results.map((r) => ({
            ruleId: r.ruleId,
            level: r.level,
            text: r.message.text,
            uri: r.locations[0].physicalLocation.artifactLocation.uri,
            region: r.locations[0].physicalLocation.region
        }));
        expect(actual).toEqual(expected);
        for (const result of run.results) {
            expect(run.tool.driver.rules[result.ruleIndex].id).toBe(result.ruleId);
            expect(result.locations[0].physicalLocation.artifactLocation.uriBaseId).toBe('%SRCROOT%');
        }
    });

    test('artifact URIs are relative to %SRCROOT%, the working directory', () => {
        const run = sarif.runs[0];
        expect(run.artifacts.map((a) => a.location.uri)).toEqual(FILES);
        const root = run.originalUriBaseIds['%SRCROOT%'].uri;
        expect(root).toBe(new URL(`file://${ROOT}/`).href);
        expect(new URL(FILES[0], root).pathname).toBe(join(ROOT, FILES[0]));
    });
});
