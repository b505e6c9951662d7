/**
 * The bundled language server over a real LSP connection: a separate `node out/language-server/main.cjs
 * --stdio` process, driven by vscode-languageserver-protocol as an editor would. Diagnostics on open and
 * after an edit, completion of router names after `peers`, hover on an ASN, then shutdown and exit.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
    CompletionRequest,
    DidChangeTextDocumentNotification,
    DidCloseTextDocumentNotification,
    DidOpenTextDocumentNotification,
    DocumentSymbolRequest,
    FoldingRangeRequest,
    HoverRequest,
    TextDocumentSyncKind,
    type CompletionItem,
    type CompletionList,
    type Hover,
    type MarkupContent,
    type Position
} from 'vscode-languageserver-protocol/node.js';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { generateTopology } from '../../bench/topology-generator.js';
import { readExpectMarkers } from '../support/expect-markers.js';
import { ensureBundles, LANGUAGE_SERVER_BUNDLE, ROOT } from '../cli/built-bundles.js';
import { within } from '../cli/wait-for.js';
import { startLspServer, type LspServerProcess } from './lsp-client-process.js';

const WAIT_MS = 20_000;
const KUBEVIP = readExample('seed-kubevip-cilium.bgptopo');
const METALLB = readExample('seed-metallb-frr-ha.bgptopo');

let workspace: string;
let server: LspServerProcess | undefined;

function readExample(name: string): { uri: string; text: string } {
    const path = join(ROOT, 'examples', name);
    return { uri: new URL(`file://${path}`).href, text: readFileSync(path, 'utf8') };
}

function codeOf(diagnostic: { code?: number | string; data?: unknown }): string | undefined {
    return typeof diagnostic.code === 'string' ? diagnostic.code : (diagnostic.data as { code?: string } | undefined)?.code;
}

/** Position just after `needle` on the first line containing `lineNeedle`. */
function positionAfter(text: string, lineNeedle: string, needle: string): Position {
    const lines = text.split('\n');
    const line = lines.findIndex((l) => l.includes(lineNeedle));
    expect(line, `a line with ${lineNeedle}`).toBeGreaterThanOrEqual(0);
    return { line, character: lines[line].indexOf(needle) + needle.length };
}

function labels(result: CompletionItem[] | CompletionList | null): string[] {
    const items = Array.isArray(result) ? result : (result?.items ?? []);
    return items.map((item) => item.label);
}

beforeAll(async () => {
    await ensureBundles();
    // An empty workspace folder: the server indexes nothing but the documents the test opens.
    workspace = mkdtempSync(join(tmpdir(), 'bgptopo-lsp-'));
    server = await startLspServer(LANGUAGE_SERVER_BUNDLE, workspace, WAIT_MS);
});

afterAll(() => {
    server?.kill();
    rmSync(workspace, { recursive: true, force: true });
});

describe('bgptopo language server over stdio', () => {
    test('initialize announces incremental sync, completion and hover', () => {
        const capabilities = server!.initializeResult.capabilities;
        const sync = capabilities.textDocumentSync;
        expect(typeof sync === 'object' ? sync.change : sync).toBe(TextDocumentSyncKind.Incremental);
        expect(capabilities.completionProvider).toBeDefined();
        expect(capabilities.hoverProvider).toBeTruthy();
    });

    test('didOpen of a flawed example publishes exactly the codes of its expect markers', async () => {
        const lsp = server!;
        const before = lsp.published.length;
        await lsp.connection.sendNotification(DidOpenTextDocumentNotification.type, {
            textDocument: { uri: KUBEVIP.uri, languageId: 'bgptopo', version: 1, text: KUBEVIP.text }
        });
        const published = await lsp.nextDiagnostics(KUBEVIP.uri, { after: before, timeoutMs: WAIT_MS });
        const markers = readExpectMarkers(KUBEVIP.text).markers;
        const found = published.diagnostics.filter((d) => (d.severity ?? 1) <= 2).map((d) => `${d.range.start.line} ${codeOf(d)}`);
        expect(found.sort()).toEqual(markers.map((m) => `${m.line} ${m.code}`).sort());
    });

    test('didChange that adds a third control-plane node clears control-plane-count and keeps the rest', async () => {
        const lsp = server!;
        const before = lsp.published.length;
        // Insert a node line before the line of cp2 (an incremental edit, as an editor sends it).
        const at = positionAfter(KUBEVIP.text, 'node cp2', '');
        const insertion = '  node cp3 control-plane { address 10.0.1.7  pod-cidr 10.244.3.0/24 }\n';
        await lsp.connection.sendNotification(DidChangeTextDocumentNotification.type, {
            textDocument: { uri: KUBEVIP.uri, version: 2 },
            contentChanges: [{ range: { start: { line: at.line, character: 0 }, end: { line: at.line, character: 0 } }, text: insertion }]
        });
        const published = await lsp.nextDiagnostics(KUBEVIP.uri, { after: before, timeoutMs: WAIT_MS });
        const codes = published.diagnostics.map(codeOf);
        expect(codes).not.toContain('control-plane-count');
        expect(codes.filter((c) => c === 'session-collision')).toHaveLength(2);
    });

    test('completion after `peers ` offers the routers of the file and nothing else', async () => {
        const lsp = server!;
        const before = lsp.published.length;
        await lsp.connection.sendNotification(DidOpenTextDocumentNotification.type, {
            textDocument: { uri: METALLB.uri, languageId: 'bgptopo', version: 1, text: METALLB.text }
        });
        await lsp.nextDiagnostics(METALLB.uri, { after: before, timeoutMs: WAIT_MS });

        // Delete `r1, r2` after `peers `, as if the user were about to type the list.
        const start = positionAfter(METALLB.text, 'peers r1, r2', 'peers ');
        const end = positionAfter(METALLB.text, 'peers r1, r2', 'peers r1, r2');
        await lsp.connection.sendNotification(DidChangeTextDocumentNotification.type, {
            textDocument: { uri: METALLB.uri, version: 2 },
            contentChanges: [{ range: { start, end }, text: '' }]
        });
        const result = await within(
            lsp.connection.sendRequest(CompletionRequest.type, { textDocument: { uri: METALLB.uri }, position: start }),
            WAIT_MS,
            'the completion response'
        );
        const offered = labels(result);
        expect(offered).toEqual(expect.arrayContaining(['r1', 'r2']));
        for (const notARouter of ['lb1', 'lb2', 'cp1', 'w1', 'bgp-vip', 'api-vip', 'lb-pool', 'k8s']) {
            expect(offered).not.toContain(notARouter);
        }
    });

    test('completion after `peers ` in the kube-vip example offers tor', async () => {
        const lsp = server!;
        const position = positionAfter(KUBEVIP.text, 'peers tor', 'peers ');
        const result = await within(
            lsp.connection.sendRequest(CompletionRequest.type, { textDocument: { uri: KUBEVIP.uri }, position }),
            WAIT_MS,
            'the completion response'
        );
        // The edit above added one line before cp2, not before the kube-vip block: the position still holds.
        expect(labels(result)).toContain('tor');
    });

    test('hover on an ASN names its class', async () => {
        const lsp = server!;
        const position = positionAfter(METALLB.text, 'asn 65010', 'asn 6');
        const hover: Hover | null = await within(
            lsp.connection.sendRequest(HoverRequest.type, { textDocument: { uri: METALLB.uri }, position }),
            WAIT_MS,
            'the hover response'
        );
        expect(hover).not.toBeNull();
        const contents = hover!.contents as MarkupContent;
        expect(contents.kind).toBe('markdown');
        expect(contents.value).toContain('65010');
        expect(contents.value).toMatch(/private/i);
    });

    test('outline and folding asked for with the opening are answered after its first diagnostics, and completely', async () => {
        const lsp = server!;
        // Large enough that its first build yields between phases, where Langium would answer the views.
        const { text } = generateTopology({ nodes: 1000 });
        const uri = new URL(`file://${join(workspace, 'views-1000.bgptopo')}`).href;
        const before = lsp.published.length;
        const diagnosed = (): boolean => lsp.published.slice(before).some((p) => p.uri === uri);
        await lsp.connection.sendNotification(DidOpenTextDocumentNotification.type, {
            textDocument: { uri, languageId: 'bgptopo', version: 1, text }
        });
        // As an editor does: the views are requested at once, before any diagnostics came back.
        const [symbols, folding] = await within(
            Promise.all([
                lsp.connection.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri } }).then((result) => ({ result, diagnosedFirst: diagnosed() })),
                lsp.connection.sendRequest(FoldingRangeRequest.type, { textDocument: { uri } }).then((result) => ({ result, diagnosedFirst: diagnosed() }))
            ]),
            WAIT_MS,
            'the outline and folding responses'
        );
        expect(symbols.diagnosedFirst).toBe(true);
        expect(folding.diagnosedFirst).toBe(true);
        // The outline is hierarchical: the topology, its routers, clusters and nodes below it.
        type Symbol = { name: string; children?: Symbol[] };
        const names = (list: readonly Symbol[]): string[] => list.flatMap((symbol) => [symbol.name, ...names(symbol.children ?? [])]);
        expect(names((symbols.result ?? []) as Symbol[])).toEqual(expect.arrayContaining([/^router (\S+)/m.exec(text)![1], /^ {2}node (\S+)/m.exec(text)![1]]));
        expect(folding.result?.length).toBeGreaterThan(0);
        await lsp.connection.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri } });
    });

    test('shutdown and exit end the server process (exit code 0) and leave no process in its group', async () => {
        const lsp = server!;
        await lsp.connection.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri: METALLB.uri } });
        const code = await lsp.shutdown(WAIT_MS);
        expect(code, lsp.stderr()).toBe(0);
        // The server ran as the leader of its own process group: signal 0 to the group finds no one left.
        expect(() => process.kill(-lsp.child.pid!, 0)).toThrow(expect.objectContaining({ code: 'ESRCH' }));
    });
});
