/**
 * Golden files: everything rendered from the fixed examples and the focused topologies, byte for byte,
 * under test/render/golden/<source>/ laid out as the CLI writes them (outputPath). Any difference fails;
 * `UPDATE_GOLDEN=1 npx vitest run test/render/render-golden.test.ts` rewrites them (review the diff!).
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { describe, expect, test } from 'vitest';
import { outputPath } from '../../src/render/output-paths.js';
import { testSecret } from './render-corpus.js';
import { BGP_FEATURES, DUAL_STACK, IPV6_FABRIC, NEIGHBORS_ARP_WG } from './focused-topologies.js';
import { exampleText, FIXED_EXAMPLES, renderText } from './render-fixtures.js';

const GOLDEN = join(import.meta.dirname, 'golden');
const UPDATE = process.env.UPDATE_GOLDEN === '1';

const SOURCES: ReadonlyArray<readonly [string, string]> = [
    ...FIXED_EXAMPLES.map((name) => [name, exampleText(name)] as const),
    ['bgp-features', BGP_FEATURES],
    ['neighbors-arp-wg', NEIGHBORS_ARP_WG],
    ['ipv6-fabric', IPV6_FABRIC],
    ['dual-stack', DUAL_STACK]
];

function listFiles(dir: string): string[] {
    if (!existsSync(dir)) {
        return [];
    }
    return readdirSync(dir, { recursive: true, withFileTypes: true })
        .filter((entry) => entry.isFile())
        .map((entry) => relative(dir, join(entry.parentPath, entry.name)))
        .sort();
}

describe.each(SOURCES)('golden files of %s', (source, text) => {
    test('match byte for byte', async () => {
        const dir = join(GOLDEN, source);
        const { files } = await renderText(text, { secrets: testSecret });
        const rendered = new Map(files.map((file) => [relative(dir, outputPath(dir, file)), file.content]));
        if (UPDATE) {
            rmSync(dir, { recursive: true, force: true });
            for (const [path, content] of rendered) {
                mkdirSync(dirname(join(dir, path)), { recursive: true });
                writeFileSync(join(dir, path), content);
            }
        }
        expect(listFiles(dir)).toEqual([...rendered.keys()].sort());
        for (const [path, content] of rendered) {
            expect(content, path).toBe(readFileSync(join(dir, path), 'utf8'));
        }
    });

    test('rendering twice gives the same bytes', async () => {
        const first = await renderText(text, { secrets: testSecret });
        const second = await renderText(text, { secrets: testSecret });
        expect(second.files).toEqual(first.files);
    });
});
