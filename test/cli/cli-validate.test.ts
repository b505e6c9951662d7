/** `bgptopo validate`, run as a process from the built bundle: exit codes, text and JSON output. */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { readExpectMarkers } from '../support/expect-markers.js';
import { ensureBundles, ROOT } from './built-bundles.js';
import { runBgptopo } from './run-cli.js';

const FLAWED = 'examples/seed-kubevip-cilium.bgptopo';
const FIXED = 'examples/seed-kubevip-cilium-fixed.bgptopo';
const EXAMPLES = [FLAWED, FIXED, 'examples/seed-metallb-frr-ha.bgptopo', 'examples/seed-metallb-frr-ha-fixed.bgptopo'];

interface JsonDiagnostic {
    code: string;
    severity: string;
    message: string;
    range: { start: { line: number; character: number }; end: { line: number; character: number } };
}
interface JsonReport {
    files: Array<{ path: string; diagnostics: JsonDiagnostic[] }>;
}

let scratch: string;

beforeAll(async () => {
    await ensureBundles();
    scratch = mkdtempSync(join(tmpdir(), 'bgptopo-cli-'));
    // Two files: b refers to a router only a declares (files do not see each other's names).
    writeFileSync(join(scratch, 'a.bgptopo'), 'topology a\nnetwork fabric 10.0.0.0/16\nrouter r1 { asn 65000 address 10.0.0.1 upstream 10.0.0.254 remote-as 65100 }\n');
    writeFileSync(
        join(scratch, 'b.bgptopo'),
        [
            'topology b',
            'network fabric 10.0.0.0/16',
            'router r2 { asn 65000 address 10.0.0.2 upstream 10.0.0.254 remote-as 65100 }',
            'cluster c {',
            '  metallb {',
            '    asn 65001  pool lb',
            '    peers r1',
            '  }',
            '  node n1 control-plane { address 10.0.0.5 }',
            '  node n2 control-plane { address 10.0.0.6 }',
            '  node n3 control-plane { address 10.0.0.7 }',
            '}',
            'network lb 198.51.100.0/24 { role loadbalancer }',
            ''
        ].join('\n')
    );
    // Only a warning (one control-plane node): still exit 0.
    writeFileSync(
        join(scratch, 'warning-only.bgptopo'),
        'topology w\nnetwork pods 10.244.0.0/16 { role pod }\ncluster prod {\n  pod-network pods\n  node cp1 control-plane { address 10.0.1.5 }\n}\n'
    );
    writeFileSync(join(scratch, 'broken.bgptopo'), 'topology s\nrouter ( {\n');
    writeFileSync(join(scratch, 'notes.txt'), 'topology t\n');
});

afterAll(() => {
    rmSync(scratch, { recursive: true, force: true });
});

describe('exit codes', () => {
    test('0 for a file without errors', async () => {
        const run = await runBgptopo(['validate', FIXED]);
        expect(run.stderr).toBe('');
        expect(run.code).toBe(0);
    });

    test('0 when there are warnings but no errors', async () => {
        const run = await runBgptopo(['validate', 'warning-only.bgptopo'], { cwd: scratch });
        expect(run.stdout).toContain('warning control-plane-count');
        expect(run.code).toBe(0);
    });

    test('1 for a file with errors', async () => {
        const run = await runBgptopo(['validate', FLAWED]);
        expect(run.code).toBe(1);
        expect(run.stderr).toBe('');
    });

    test('1 when any of several files has errors', async () => {
        const run = await runBgptopo(['validate', FIXED, FLAWED]);
        expect(run.code).toBe(1);
    });

    test.each([
        [['validate', 'examples/no-such-file.bgptopo'], /no-such-file\.bgptopo: no such file/],
        [['validate', 'examples'], /examples: not a file \(a directory\)/],
        [['validate', 'package.json'], /package\.json: not a bgptopo file/],
        [['validate', FIXED, '--bogus'], /Unknown option '--bogus'/],
        [['validate', FIXED, '--format', 'xml'], /unknown format 'xml'/],
        [['validate', FIXED, '--format'], /--format/],
        [['validate'], /no file given/],
        [['frobnicate'], /unknown command 'frobnicate'/],
        [['--frobnicate'], /unknown option '--frobnicate'/],
        [[], /Usage: bgptopo <command>/]
    ])('2 and a message on stderr for %j', async (args, message) => {
        const run = await runBgptopo(args);
        expect(run.code).toBe(2);
        expect(run.stderr).toMatch(message);
        expect(run.stdout).toBe('');
    });

    test('a missing file among good ones fails the whole run before any output', async () => {
        const run = await runBgptopo(['validate', FIXED, 'missing-1.bgptopo', 'missing-2.bgptopo']);
        expect(run.code).toBe(2);
        expect(run.stderr).toContain('missing-1.bgptopo: no such file');
        expect(run.stderr).toContain('missing-2.bgptopo: no such file');
        expect(run.stdout).toBe('');
    });
});

describe('help and version', () => {
    test('--help lists the commands and exits 0', async () => {
        const run = await runBgptopo(['--help']);
        expect(run.code).toBe(0);
        expect(run.stdout).toMatch(/^Usage: bgptopo <command>/);
        expect(run.stdout).toMatch(/^\s+validate FILE… \[--format text\|json\|sarif\]\s+\S/m);
    });

    test('validate --help shows the options', async () => {
        const run = await runBgptopo(['validate', '--help']);
        expect(run.code).toBe(0);
        expect(run.stdout).toMatch(/-f, --format text\|json\|sarif/);
    });

    test("--version prints package.json's version", async () => {
        const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
        const run = await runBgptopo(['--version']);
        expect(run.code).toBe(0);
        expect(run.stdout.trim()).toBe(version);
    });
});

describe('text format', () => {
    test('one `path:line:col: severity code: message` line per diagnostic, at the expect markers, and a summary', async () => {
        const run = await runBgptopo(['validate', FLAWED]);
        const lines = run.stdout.trimEnd().split('\n');
        const summary = lines.pop();
        expect(summary).toBe('2 errors, 1 warning, 0 infos in 1 file');

        const parsed = lines.map((line) => {
            const match = /^(.+?):(\d+):(\d+): (error|warning|info) ([a-z0-9-]+): (.+)$/.exec(line);
            expect(match, line).not.toBeNull();
            return { path: match![1], line: Number(match![2]), column: Number(match![3]), severity: match![4], code: match![5] };
        });
        expect(new Set(parsed.map((p) => p.path))).toEqual(new Set([FLAWED]));
        const markers = readExpectMarkers(readFileSync(join(ROOT, FLAWED), 'utf8')).markers;
        // 1-based for humans: marker line (0-based) + 1.
        expect(parsed.map((p) => `${p.line} ${p.code}`).sort()).toEqual(markers.map((m) => `${m.line + 1} ${m.code}`).sort());
        // session-collision goes on the `peers` reference: the column of `tor` on that line.
        const source = readFileSync(join(ROOT, FLAWED), 'utf8').split('\n');
        for (const p of parsed.filter((d) => d.code === 'session-collision')) {
            expect(source[p.line - 1].indexOf('tor') + 1).toBe(p.column);
        }
    });

    test('multi-line messages stay on one line', async () => {
        const run = await runBgptopo(['validate', 'broken.bgptopo'], { cwd: scratch });
        expect(run.code).toBe(1);
        const lines = run.stdout.trimEnd().split('\n');
        expect(lines.slice(0, -1).every((line) => line.startsWith('broken.bgptopo:'))).toBe(true);
        expect(lines.some((line) => / error syntax: /.test(line))).toBe(true);
    });
});

describe('json format', () => {
    test('exactly {files:[{path,diagnostics:[{code,severity,message,range}]}]} with 0-based positions at the markers', async () => {
        const run = await runBgptopo(['validate', '--format', 'json', ...EXAMPLES]);
        expect(run.code).toBe(1);
        const report = JSON.parse(run.stdout) as JsonReport;
        expect(Object.keys(report)).toEqual(['files']);
        expect(report.files.map((f) => f.path)).toEqual(EXAMPLES);

        for (const file of report.files) {
            expect(Object.keys(file)).toEqual(['path', 'diagnostics']);
            for (const d of file.diagnostics) {
                expect(Object.keys(d)).toEqual(['code', 'severity', 'message', 'range']);
                expect(['error', 'warning', 'info']).toContain(d.severity);
                expect(typeof d.message).toBe('string');
                expect(Object.keys(d.range)).toEqual(['start', 'end']);
                for (const position of [d.range.start, d.range.end]) {
                    expect(Object.keys(position)).toEqual(['line', 'character']);
                    expect(Number.isInteger(position.line) && position.line >= 0).toBe(true);
                    expect(Number.isInteger(position.character) && position.character >= 0).toBe(true);
                }
            }
            // Every error and warning sits on a marked line with its code, and every marker is met.
            const markers = readExpectMarkers(readFileSync(join(ROOT, file.path), 'utf8')).markers;
            const found = file.diagnostics.filter((d) => d.severity !== 'info').map((d) => `${d.range.start.line} ${d.code}`);
            expect([...new Set(found)].sort(), file.path).toEqual([...new Set(markers.map((m) => `${m.line} ${m.code}`))].sort());
        }
    });

    test('a file without diagnostics has an empty list; exit 0', async () => {
        const run = await runBgptopo(['validate', '-f', 'json', FIXED]);
        expect(run.code).toBe(0);
        expect(JSON.parse(run.stdout)).toEqual({ files: [{ path: FIXED, diagnostics: [] }] });
    });

    test('each file is its own document: names of one file are unknown in another', async () => {
        const run = await runBgptopo(['validate', '--format=json', 'a.bgptopo', 'b.bgptopo'], { cwd: scratch });
        expect(run.code).toBe(1);
        const report = JSON.parse(run.stdout) as JsonReport;
        expect(report.files[0]).toEqual({ path: 'a.bgptopo', diagnostics: [] });
        expect(report.files[1].path).toBe('b.bgptopo');
        expect(report.files[1].diagnostics.map((d) => [d.code, d.range.start])).toEqual([['unresolved-reference', { line: 6, character: 10 }]]);
    });

    test("Langium's parser diagnostics carry the stable code `syntax`", async () => {
        const run = await runBgptopo(['validate', '--format', 'json', 'broken.bgptopo'], { cwd: scratch });
        const codes = (JSON.parse(run.stdout) as JsonReport).files[0].diagnostics.map((d) => d.code);
        expect(codes).toContain('syntax');
        expect(codes.some((code) => code.endsWith('-error'))).toBe(false);
    });

    test('paths are relative to the working directory, absolute outside it; a file named twice is loaded once', async () => {
        const outside = join(scratch, 'a.bgptopo');
        const run = await runBgptopo(['validate', '--format', 'json', FIXED, outside, `./${FIXED}`]);
        expect(run.code).toBe(0);
        expect((JSON.parse(run.stdout) as JsonReport).files.map((f) => f.path)).toEqual([FIXED, outside]);
    });

    test('a file with another extension is refused', async () => {
        const run = await runBgptopo(['validate', 'notes.txt'], { cwd: scratch });
        expect(run.code).toBe(2);
        expect(run.stderr).toContain('notes.txt: not a bgptopo file (expected the extension .bgptopo)');
    });
});
