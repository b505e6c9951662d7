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

/** The two members of a TextDocument the TopologyServer reads; a new object is a document opened again. */
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
    test("a host's file list carries the content its preview then shows, in one request, once", async () => {
        const topology = topologyServer();
        const document = documentAt(1);
        sent.length = 0;
        const files = await topology.previewFiles(document, [], 'r1');
        expect(files.files.map((file) => file.path)).toContain(FRR);
        const frr = await topology.previewFile(document, [], 'r1', FRR);
        expect(frr.content).toMatch(/^router bgp 65000$/m);
        expect(sent).toEqual(['bgptopo/previewFiles']);
        // A refresh of the same preview asks the server.
        await topology.previewFile(document, [], 'r1', FRR);
        expect(sent).toEqual(['bgptopo/previewFiles', 'bgptopo/previewFile']);
    });

    test('another host, other template folders, the document opened again or another version ask the server again', async () => {
        const topology = topologyServer();
        const document = documentAt(1);
        const askAfterCarrying = async (ask: () => Promise<unknown>) => {
            await topology.previewFiles(document, [], 'r1');
            sent.length = 0;
            await ask();
            return [...sent];
        };
        let other: { content?: string } = {};
        expect(await askAfterCarrying(async () => (other = await topology.previewFile(document, [], 'r2', FRR)))).toEqual(['bgptopo/previewFile']);
        expect(other.content).toMatch(/^! rendered by bgptopo from router r2 /m);
        expect(await askAfterCarrying(() => topology.previewFile(document, ['/nonexistent-templates'], 'r1', FRR))).toEqual(['bgptopo/previewFile']);
        // Closed and opened again: version 1 again, but a new document object, perhaps with other text.
        expect(await askAfterCarrying(() => topology.previewFile(documentAt(1), [], 'r1', FRR))).toEqual(['bgptopo/previewFile']);
        // Edited: the same document at a later version, which was never carried.
        await server!.connection.sendNotification(DidChangeTextDocumentNotification.type, {
            textDocument: { uri: URI, version: 2 },
            contentChanges: [{ text: readFileSync(PATH, 'utf8').replace(/asn 65000/g, 'asn 65100') }]
        });
        const living = { uri: { toString: () => URI }, version: 1 };
        await topology.previewFiles(living as unknown as vscode.TextDocument, [], 'r1');
        living.version = 2;
        sent.length = 0;
        const edited = await topology.previewFile(living as unknown as vscode.TextDocument, [], 'r1', FRR);
        expect(sent).toEqual(['bgptopo/previewFile']);
        expect(edited.content).toMatch(/^router bgp 65100$/m);
    });
});
