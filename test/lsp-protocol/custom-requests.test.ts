/**
 * The custom requests of src/protocol/bgptopo-protocol.ts against the bundled server over stdio: each is
 * answered from the server's own build of the version the request names (a request sent right after an
 * edit sees the edit), previews keep the last good render while the text has errors, and the model the
 * operational commands get decodes into the same topology.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DidChangeTextDocumentNotification, DidOpenTextDocumentNotification } from 'vscode-languageserver-protocol/node.js';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { decodeTopologyModel } from '../../src/model/topology-model-transport.js';
import * as protocol from '../../src/protocol/bgptopo-protocol.js';
import { ensureBundles, LANGUAGE_SERVER_BUNDLE, ROOT } from '../cli/built-bundles.js';
import { within } from '../cli/wait-for.js';
import { startLspServer, type LspServerProcess } from './lsp-client-process.js';

const WAIT_MS = 20_000;
const PATH = join(ROOT, 'examples', 'seed-metallb-frr-ha-fixed.bgptopo');
const URI = new URL(`file://${PATH}`).href;
const TEXT = readFileSync(PATH, 'utf8');
const FRR = '/etc/frr/frr.conf';

let workspace: string;
let server: LspServerProcess | undefined;
let version = 1;

async function change(text: string): Promise<number> {
    version++;
    await server!.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri: URI, version }, contentChanges: [{ text }] });
    return version;
}

function request<P, R>(type: { method: string } & import('vscode-languageserver-protocol').RequestType<P, R, void>, params: P): Promise<R> {
    return within(server!.connection.sendRequest(type, params), WAIT_MS, type.method);
}

beforeAll(async () => {
    await ensureBundles();
    workspace = mkdtempSync(join(tmpdir(), 'bgptopo-lsp-requests-'));
    server = await startLspServer(LANGUAGE_SERVER_BUNDLE, workspace, WAIT_MS);
    await server.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri: URI, languageId: 'bgptopo', version, text: TEXT } });
});

afterAll(() => {
    server?.kill();
    rmSync(workspace, { recursive: true, force: true });
});

describe('custom requests of the bgptopo protocol', () => {
    test('a preview of one host lists its files and renders them without secrets', async () => {
        const files = await request(protocol.PreviewFilesRequest, { uri: URI, version, templateDirs: [], host: 'r1' });
        expect(files.errorCount).toBe(0);
        expect(files.files.map((file) => file.path)).toContain(FRR);
        expect(files.files.every((file) => file.host === 'r1')).toBe(true);
        const all = await request(protocol.PreviewFilesRequest, { uri: URI, version, templateDirs: [] });
        expect(new Set(all.files.map((file) => file.host)).size).toBeGreaterThan(2);
        expect(all.files.some((file) => file.cluster !== undefined)).toBe(true);
        const frr = await request(protocol.PreviewFileRequest, { uri: URI, version, templateDirs: [], host: 'r1', path: FRR });
        expect(frr.problem).toBeUndefined();
        expect(frr.content).toMatch(/^router bgp 65000$/m);
        expect(frr.content).toMatch(/^! rendered by bgptopo from router r1 \(line \d+\)$/m);
        // Contents only when asked for; then the same text the single-file request gives.
        expect(files.files.every((file) => file.content === undefined)).toBe(true);
        const withContent = await request(protocol.PreviewFilesRequest, { uri: URI, version, templateDirs: [], host: 'r1', withContent: true });
        expect(withContent.files.find((file) => file.path === FRR)?.content).toBe(frr.content);
        expect(withContent.files.every((file) => typeof file.content === 'string' && file.content.length > 0)).toBe(true);
    });

    test('a request sent right after an edit is answered from the edited version', async () => {
        const edited = await change(TEXT.replace(/asn 65000/g, 'asn 65100'));
        const frr = await request(protocol.PreviewFileRequest, { uri: URI, version: edited, templateDirs: [], host: 'r1', path: FRR });
        expect(frr.version).toBe(edited);
        expect(frr.content).toMatch(/^router bgp 65100$/m);
    });

    test('with errors the preview keeps the last good render and says why', async () => {
        const broken = await change(TEXT.replace(/asn 65000/g, 'asn 65100') + '\nrouter broken {\n  asn\n}\n');
        const frr = await request(protocol.PreviewFileRequest, { uri: URI, version: broken, templateDirs: [], host: 'r1', path: FRR });
        expect(frr.errorCount).toBeGreaterThan(0);
        expect(frr.problem).toMatch(/^topology has \d+ errors?$/);
        expect(frr.content).toMatch(/^router bgp 65100$/m);
        await change(TEXT);
    });

    test('outline, diagram graph and the host under the cursor come from the same build', async () => {
        const { outline } = await request(protocol.OutlineRequest, { uri: URI, version });
        const lines = TEXT.split('\n');
        expect(outline?.routers.map((router) => [router.name, router.asn, lines[router.line]?.startsWith(`router ${router.name} `)])).toEqual([
            ['r1', 65000, true],
            ['r2', 65000, true]
        ]);
        const { graph } = await request(protocol.GraphRequest, { uri: URI, version });
        expect(graph?.edges.filter((edge) => edge.sessionId !== undefined).length).toBeGreaterThan(0);
        expect(graph?.nodes.map((node) => node.id)).toContain('host:lb2');
        const offset = TEXT.indexOf('loadbalancer lb2') + 20;
        expect((await request(protocol.HostAtRequest, { uri: URI, version, offset })).host).toBe('lb2');
        expect((await request(protocol.HostAtRequest, { uri: URI, version, offset: 0 })).host).toBeUndefined();
    });

    test('secret names and the whole model for the operational commands', async () => {
        const { names } = await request(protocol.SecretNamesRequest, { uri: URI, version });
        expect(names).toEqual([...new Set([...TEXT.matchAll(/password secret "([^"]+)"/g)].map((match) => match[1]))].sort());
        const answer = await request(protocol.TopologyModelRequest, { uri: URI, version });
        const model = decodeTopologyModel(answer.model!);
        expect(model.routers.map((router) => router.name)).toEqual(['r1', 'r2']);
        expect(model.sessions.length).toBeGreaterThan(0);
        expect(model.sessions.every((session) => model.routers.includes(session.router))).toBe(true);
    });
});
