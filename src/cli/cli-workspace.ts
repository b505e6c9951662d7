/**
 * Loads `.bgptopo` files from disk into one Langium workspace and builds them (parse, link, validate with
 * every check category). Each file is its own document and sees only its own names. Failures come back as
 * a result value, never as an exit: the caller decides what a missing file means.
 */
import { readFile, stat } from 'node:fs/promises';
import { extname, isAbsolute, relative, resolve, sep } from 'node:path';
import type { LangiumDocument } from 'langium';
import { NodeFileSystem } from 'langium/node';
import { URI } from 'vscode-uri';
import { createBgptopoServices, type BgptopoServices } from '../language-server/bgptopo-module.js';
import type { Topology } from '../language/generated/ast.js';

export interface LoadedFile {
    /** Path relative to the working directory, `/`-separated; absolute when the file lies outside it. */
    readonly displayPath: string;
    readonly absolutePath: string;
    readonly document: LangiumDocument<Topology>;
}

export type LoadFailureKind = 'not-found' | 'not-a-file' | 'unreadable' | 'wrong-extension';

export interface LoadFailure {
    readonly kind: LoadFailureKind;
    readonly path: string;
    readonly message: string;
}

export type WorkspaceLoadResult =
    | { readonly ok: true; readonly files: readonly LoadedFile[]; readonly services: BgptopoServices }
    | { readonly ok: false; readonly failures: readonly LoadFailure[] };

export interface LoadOptions {
    /** Directory relative paths are resolved against. */
    readonly cwd: string;
    /** Services to load into; one fresh instance (from {@link createBgptopoServices}) when omitted. */
    readonly services?: BgptopoServices;
}

/**
 * Read every file first (all failures reported together), then parse and build them as one batch. The same
 * file named twice is loaded once.
 */
export async function loadTopologyFiles(paths: readonly string[], options: LoadOptions): Promise<WorkspaceLoadResult> {
    const services = options.services ?? createBgptopoServices(NodeFileSystem).Bgptopo;
    const extensions = services.LanguageMetaData.fileExtensions;
    const texts = new Map<string, { displayPath: string; text: string }>();
    const failures: LoadFailure[] = [];

    for (const path of paths) {
        const absolutePath = resolve(options.cwd, path);
        if (texts.has(absolutePath)) {
            continue;
        }
        const read = await readTopologyFile(path, absolutePath, extensions);
        if ('failure' in read) {
            failures.push(read.failure);
        } else {
            texts.set(absolutePath, { displayPath: displayPathOf(options.cwd, absolutePath), text: read.text });
        }
    }
    if (failures.length > 0) {
        return { ok: false, failures };
    }

    const shared = services.shared;
    const files: LoadedFile[] = [];
    for (const [absolutePath, { displayPath, text }] of texts) {
        const uri = URI.file(absolutePath);
        const document = shared.workspace.LangiumDocumentFactory.fromString<Topology>(text, uri);
        shared.workspace.LangiumDocuments.addDocument(document);
        files.push({ displayPath, absolutePath, document });
    }
    await shared.workspace.DocumentBuilder.build(
        files.map((file) => file.document),
        { validation: true }
    );
    return { ok: true, files, services };
}

async function readTopologyFile(
    path: string,
    absolutePath: string,
    extensions: readonly string[]
): Promise<{ text: string } | { failure: LoadFailure }> {
    const fail = (kind: LoadFailureKind, message: string) => ({ failure: { kind, path, message } });
    let stats;
    try {
        stats = await stat(absolutePath);
    } catch (error) {
        return codeOf(error) === 'ENOENT' || codeOf(error) === 'ENOTDIR'
            ? fail('not-found', `${path}: no such file`)
            : fail('unreadable', `${path}: cannot access (${messageOf(error)})`);
    }
    if (!stats.isFile()) {
        return fail('not-a-file', `${path}: not a file${stats.isDirectory() ? ' (a directory)' : ''}`);
    }
    if (!extensions.includes(extname(absolutePath))) {
        return fail('wrong-extension', `${path}: not a bgptopo file (expected the extension ${extensions.join(' or ')})`);
    }
    try {
        return { text: await readFile(absolutePath, 'utf8') };
    } catch (error) {
        return fail('unreadable', `${path}: cannot read (${messageOf(error)})`);
    }
}

function displayPathOf(cwd: string, absolutePath: string): string {
    const rel = relative(cwd, absolutePath);
    const outside = rel === '' || rel === '..' || rel.startsWith('..' + sep) || isAbsolute(rel);
    return (outside ? absolutePath : rel).split(sep).join('/');
}

function codeOf(error: unknown): string | undefined {
    return (error as NodeJS.ErrnoException | undefined)?.code;
}

function messageOf(error: unknown): string {
    const code = codeOf(error);
    return code ?? (error instanceof Error ? error.message : String(error));
}
