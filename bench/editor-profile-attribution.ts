/**
 * Where the extension host's CPU goes, from a V8 CPU profile of it (bench/editor-bench-suite records one over
 * the timed edits): each sample's own frame is attributed through out/extension/main.cjs's source map to
 * bgptopo's sources (src/), to the language client (vscode-languageclient, -jsonrpc, -languageserver-*), to
 * other packages of the bundle, or, outside the bundle, to VS Code's extension host and Node (RPC to the
 * window, IPC to the server, GC on the main thread). The suite's waiting loop and the inspector's own work are
 * a share of their own; idle time is none. A profile samples the main thread only: process.cpuUsage() also
 * counts V8's and libuv's worker threads (concurrent GC and compilation, the compression of the messages to
 * the window).
 */
import { readFileSync } from 'node:fs';
import { SourceMap, type SourceMapPayload } from 'node:module';

export interface CpuShares {
    /** Milliseconds of the main thread's self time per share. */
    readonly bgptopo: number;
    readonly languageClient: number;
    readonly otherPackages: number;
    readonly vscodeAndNode: number;
    /** The bench suite's own waiting loop and the profiler's inspector calls. */
    readonly bench: number;
}

interface ProfileNode {
    readonly id: number;
    readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number; readonly columnNumber: number };
}

interface CpuProfile {
    readonly nodes: readonly ProfileNode[];
    readonly samples: readonly number[];
    readonly timeDeltas: readonly number[];
}

const LANGUAGE_CLIENT = /node_modules\/vscode-(languageclient|jsonrpc|languageserver-protocol|languageserver-types)\//;
/** The bench's own work: the suite's waiting loop, the profiler's inspector calls. */
const BENCH = (frame: ProfileNode['callFrame']): boolean =>
    frame.url.endsWith('editor-bench-suite/index.cjs') || (frame.url === '' && frame.functionName === 'dispatch');

export function attributeCpu(profilePath: string, bundlePath: string): CpuShares {
    const profile = JSON.parse(readFileSync(profilePath, 'utf8')) as CpuProfile;
    const map = new SourceMap(JSON.parse(readFileSync(`${bundlePath}.map`, 'utf8')) as SourceMapPayload);
    const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
    const shares = { bgptopo: 0, languageClient: 0, otherPackages: 0, vscodeAndNode: 0, bench: 0 };
    profile.samples.forEach((id, index) => {
        const frame = nodes.get(id)?.callFrame;
        const ms = (profile.timeDeltas[index] ?? 0) / 1000;
        if (!frame || frame.functionName === '(idle)') {
            return;
        }
        if (BENCH(frame)) {
            shares.bench += ms;
            return;
        }
        if (!frame.url.endsWith('/out/extension/main.cjs')) {
            shares.vscodeAndNode += ms;
            return;
        }
        const source = (map.findEntry(frame.lineNumber, frame.columnNumber) as { originalSource?: string }).originalSource ?? '';
        if (LANGUAGE_CLIENT.test(source)) {
            shares.languageClient += ms;
        } else if (source.includes('node_modules/')) {
            shares.otherPackages += ms;
        } else {
            shares.bgptopo += ms;
        }
    });
    return shares;
}
