/**
 * YAML helpers for the manifest checker: split a multi-document stream while remembering where each
 * document starts, and find the line of a field path inside a document (js-yaml keeps no positions).
 */
import { load } from 'js-yaml';

export interface YamlDocument {
    /** 0-based ordinal among the non-empty documents. */
    index: number;
    /** 1-based line of the document's first line in the whole stream. */
    startLine: number;
    lines: string[];
    value?: unknown;
    /** Set when the document is not valid YAML. */
    parseError?: { line: number; message: string };
}

/** A field path: object keys and array indices, as in `spec.bgpInstances[0].peers`. */
export type FieldPath = ReadonlyArray<string | number>;

export function splitYamlDocuments(text: string): YamlDocument[] {
    const all = text.split(/\r?\n/);
    const chunks: { startLine: number; lines: string[] }[] = [];
    let current = { startLine: 1, lines: [] as string[] };
    all.forEach((line, i) => {
        if (/^---(\s|$)/.test(line) || /^\.\.\.\s*$/.test(line)) {
            chunks.push(current);
            current = { startLine: i + 2, lines: [] };
            const rest = line.replace(/^---\s*/, '');
            if (line.startsWith('---') && rest !== '') {
                current = { startLine: i + 1, lines: [rest] };
            }
        } else {
            current.lines.push(line);
        }
    });
    chunks.push(current);
    const docs: YamlDocument[] = [];
    for (const chunk of chunks) {
        if (chunk.lines.every((l) => l.trim() === '' || l.trim().startsWith('#') || l.startsWith('%'))) {
            continue;
        }
        const doc: YamlDocument = { index: docs.length, startLine: chunk.startLine, lines: chunk.lines };
        try {
            doc.value = load(chunk.lines.join('\n'));
        } catch (err) {
            const mark = (err as { mark?: { line?: number } }).mark;
            const reason = (err as { reason?: string }).reason ?? (err as Error).message;
            doc.parseError = { line: chunk.startLine + (mark?.line ?? 0), message: reason };
        }
        if (doc.value === null || doc.value === undefined) {
            if (!doc.parseError) {
                continue;
            }
        }
        docs.push(doc);
    }
    return docs;
}

export function formatPath(path: FieldPath): string {
    return path.reduce<string>(
        (acc, seg) => (typeof seg === 'number' ? `${acc}[${seg}]` : acc === '' ? seg : `${acc}.${seg}`),
        '',
    ) || '<root>';
}

const indentOf = (line: string) => line.length - line.trimStart().length;
const isContent = (line: string) => line.trim() !== '' && !line.trim().startsWith('#');

function escapeRegExp(text: string): string {
    return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Best-effort 1-based line of `path` in `doc` (block-style YAML as renderers emit it). Stops at the
 * deepest segment it can find; flow-style parents (`{a: 1}`) resolve to the parent's line.
 */
export function locatePath(doc: YamlDocument, path: FieldPath): number {
    const lines = doc.lines;
    let cursor = lines.findIndex(isContent);
    if (cursor < 0) {
        return doc.startLine;
    }
    let parentIndent = -1;
    /** The key may sit on the cursor line itself: at the start, and on a list item's dash line. */
    let includeCursor = true;
    for (const seg of path) {
        if (typeof seg === 'string') {
            const key = new RegExp(`^(\\s*(?:-\\s+)*)(["']?)${escapeRegExp(seg)}\\2\\s*:(\\s|$)`);
            let found = -1;
            for (let i = includeCursor ? cursor : cursor + 1; i < lines.length; i++) {
                const m = key.exec(lines[i]);
                if (m && m[1].length > parentIndent) {
                    found = i;
                    parentIndent = m[1].length;
                    break;
                }
                if (i > cursor && isContent(lines[i]) && indentOf(lines[i]) <= parentIndent) {
                    break;
                }
            }
            if (found < 0) {
                break; // e.g. flow style: keep the parent's line
            }
            cursor = found;
        } else {
            let dashColumn = -1;
            let count = -1;
            let found = -1;
            for (let i = cursor + 1; i < lines.length; i++) {
                if (!isContent(lines[i])) {
                    continue;
                }
                const m = /^(\s*)-(\s|$)/.exec(lines[i]);
                const indent = indentOf(lines[i]);
                if (dashColumn < 0) {
                    if (!m || m[1].length < parentIndent) {
                        break;
                    }
                    dashColumn = m[1].length;
                }
                if (indent < dashColumn || (indent === dashColumn && !m)) {
                    break;
                }
                if (m && m[1].length === dashColumn && ++count === seg) {
                    found = i;
                    break;
                }
            }
            if (found < 0) {
                break;
            }
            cursor = found;
            parentIndent = dashColumn;
        }
        includeCursor = typeof seg === 'number';
    }
    return doc.startLine + cursor;
}
