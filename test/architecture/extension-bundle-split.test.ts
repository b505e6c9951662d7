/**
 * The extension host compiles all of out/extension/main.cjs before it calls activate(). elkjs, which only the
 * diagram uses, is its own file (out/extension/elk.cjs, see esbuild.mjs) that main.cjs requires at the first
 * layout; the packaged extension ships both.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { describe, expect, test } from 'vitest';
import { ensureBundles, ROOT } from '../cli/built-bundles.js';

describe('the extension bundle leaves elkjs out', () => {
    test('main.cjs holds none of elkjs and requires ./elk.cjs only where the diagram is laid out', async () => {
        await ensureBundles();
        const main = readFileSync(join(ROOT, 'out', 'extension', 'main.cjs'), 'utf8');
        expect(main).not.toContain('node_modules/elkjs/lib/elk.bundled.js');
        const requires = [...main.matchAll(/require\("\.\/elk\.cjs"\)/g)];
        expect(requires).toHaveLength(1);
        // Inside a function (the first layout), not at the bundle's top level.
        const line = main.slice(main.lastIndexOf('\n', requires[0].index) + 1, requires[0].index);
        expect(line).toMatch(/^\s+/);
    });

    test('elk.cjs lays out a graph', async () => {
        await ensureBundles();
        const ELK = createRequire(import.meta.url)(join(ROOT, 'out', 'extension', 'elk.cjs')) as new () => {
            layout(graph: object): Promise<{ children: { id: string; y: number }[] }>;
        };
        const laid = await new ELK().layout({
            id: 'root',
            layoutOptions: { 'elk.algorithm': 'layered', 'elk.direction': 'DOWN' },
            children: [
                { id: 'a', width: 10, height: 10 },
                { id: 'b', width: 10, height: 10 }
            ],
            edges: [{ id: 'e', sources: ['a'], targets: ['b'] }]
        });
        const y = Object.fromEntries(laid.children.map((child) => [child.id, child.y]));
        expect(y.b).toBeGreaterThan(y.a);
    });

    test('the packaged extension ships elk.cjs beside main.cjs', () => {
        const ignore = readFileSync(join(ROOT, '.vscodeignore'), 'utf8').split('\n');
        expect(ignore).toContain('!out/extension/*.cjs');
    });
});
