/**
 * The extension's TopologyServer carries the contents of a host-scoped file list to the preview that follows
 * it: opening a preview costs one request to the language server, not two. The real server answers (the
 * bundled one, over stdio); the test counts the requests the TopologyServer sends it.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node.js';
import { DidChangeTextDocumentNotification, DidOpenTextDocumentNotification } from 'vscode-languageserver-protocol/node.js';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { TopologyServer } from '../../src/extension/topology-server.js';
import { ensureBundles, LANGUAGE_SERVER_BUNDLE, ROOT } from '../cli/built-bundles.js';
import { startLspServer, type LspServerProcess } from '../lsp-protocol/lsp-client-process.js';

const WAIT_MS = 20_000;
const PATH = join(ROOT, 'examples', 'seed-metallb-frr-ha-fixed.bgptopo');
const URI = new URL(`file://${PATH}`).href;
const FRR = '/etc/frr/frr.conf';

let workspace: string;
let server: LspServerProcess | undefined;
const sent: string[] = [];

/** The two members of a TextDocument the TopologyServer reads. */
function documentAt(version: number): vscode.TextDocument {
    return { uri: { toString: () => URI }, version } as unknown as vscode.TextDocument;
}

function topologyServer(): TopologyServer {
    const client = {
        sendRequest: (type: { method: string }, params: unknown) => {
            sent.push(type.method);
            return server!.connection.sendRequest(type as never, params);
        }
    } as unknown as LanguageClient;
    return new TopologyServer(() => Promise.resolve(client));
}

beforeAll(async () => {
    await ensureBundles();
    workspace = mkdtempSync(join(tmpdir(), 'bgptopo-topology-server-'));
    server = await startLspServer(LANGUAGE_SERVER_BUNDLE, workspace, WAIT_MS);
    await server.connection.sendNotification(DidOpenTextDocumentNotification.type, {
        textDocument: { uri: URI, languageId: 'bgptopo', version: 1, text: readFileSync(PATH, 'utf8') }
    });
});

afterAll(() => {
    server?.kill();
    rmSync(workspace, { recursive: true, force: true });
});

describe('TopologyServer', () => {
    test("a host's file list carries the content its preview then shows, in one request", async () => {
        const topology = topologyServer();
        sent.length = 0;
        const files = await topology.previewFiles(documentAt(1), [], 'r1');
        expect(files.files.map((file) => file.path)).toContain(FRR);
        const frr = await topology.previewFile(documentAt(1), [], 'r1', FRR);
        expect(frr.content).toMatch(/^router bgp 65000$/m);
        expect(sent).toEqual(['bgptopo/previewFiles']);
    });

    test('another host, other template folders or another version ask the server again', async () => {
        const topology = topologyServer();
        await topology.previewFiles(documentAt(1), [], 'r1');
        sent.length = 0;
        const other = await topology.previewFile(documentAt(1), [], 'r2', FRR);
        await topology.previewFile(documentAt(1), ['/nonexistent-templates'], 'r1', FRR);
        expect(sent).toEqual(['bgptopo/previewFile', 'bgptopo/previewFile']);
        expect(other.content).toMatch(/^! rendered by bgptopo from router r2 /m);
        // A later version was never carried: asked for, and what was carried is dropped.
        await server!.connection.sendNotification(DidChangeTextDocumentNotification.type, {
            textDocument: { uri: URI, version: 2 },
            contentChanges: [{ text: readFileSync(PATH, 'utf8').replace(/asn 65000/g, 'asn 65100') }]
        });
        sent.length = 0;
        const edited = await topology.previewFile(documentAt(2), [], 'r1', FRR);
        expect(edited.content).toMatch(/^router bgp 65100$/m);
        await topology.previewFile(documentAt(1), [], 'r1', FRR);
        expect(sent).toEqual(['bgptopo/previewFile', 'bgptopo/previewFile']);
    });
});
