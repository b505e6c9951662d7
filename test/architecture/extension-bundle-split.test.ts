/**
 * The extension host compiles all of out/extension/main.cjs before it calls activate(). elkjs, which only the
 * diagram uses, is its own file (out/extension/elk.cjs, see esbuild.mjs) that main.cjs requires at the first
 * layout; ssh2 (out/extension/ssh2.cjs) is required when Deploy, Verify or Failover Test first runs, their
 * modules loaded by the command table at that moment. The packaged extension ships all three.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { describe, expect, test } from 'vitest';
import { ensureBundles, ROOT } from '../cli/built-bundles.js';

describe('what the bundles leave out', () => {
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

    test('main.cjs holds none of ssh2, and loading it requires neither ssh2.cjs nor the deploy workflow', async () => {
        await ensureBundles();
        const main = readFileSync(join(ROOT, 'out', 'extension', 'main.cjs'), 'utf8');
        expect(main).not.toMatch(/node_modules\/ssh2\//);
        const requires = [...main.matchAll(/^(\s*)\w+ = require\("\.\/ssh2\.cjs"\);$/gm)];
        expect(requires.length).toBeGreaterThan(0);
        // Inside esbuild's lazy module initialisers (indented), never at the bundle's top level.
        expect(requires.every((match) => match[1].length > 0)).toBe(true);
        // The deploy workflow's module is initialised lazily too: a top-level `init_…()` call would load it.
        const init = /var (init_deploy_workflow) = __esm\(/.exec(main)?.[1];
        expect(init).toBeDefined();
        expect(main).not.toMatch(new RegExp(`^${init}\\(\\);$`, 'm'));
    });

    test('loading main.cjs, as the extension host does before activate(), loads neither elk.cjs nor ssh2.cjs', async () => {
        await ensureBundles();
        const script = join(ROOT, 'test', 'support', 'extension-bundle-load.cjs');
        const { loaded } = JSON.parse(execFileSync(process.execPath, [script, join(ROOT, 'out', 'extension', 'main.cjs')], { encoding: 'utf8' })) as { loaded: string[] };
        expect(loaded.map((path) => path.split('/').slice(-2).join('/'))).toEqual(['extension/main.cjs']);
    });

    test('ssh2.cjs is ssh2: a client and key parsing', () => {
        const ssh2 = createRequire(import.meta.url)(join(ROOT, 'out', 'extension', 'ssh2.cjs')) as { Client: unknown; utils: { parseKey: (key: string) => unknown } };
        expect(typeof ssh2.Client).toBe('function');
        expect(ssh2.utils.parseKey('not a key')).toBeInstanceOf(Error);
    });

    test('the packaged extension ships elk.cjs and ssh2.cjs beside main.cjs', () => {
        const ignore = readFileSync(join(ROOT, '.vscodeignore'), 'utf8').split('\n');
        expect(ignore).toContain('!out/extension/*.cjs');
    });

    test("no bundle holds chokidar: nunjucks needs it only to watch template folders, and bgptopo's loader is its own", async () => {
        await ensureBundles();
        for (const bundle of ['extension/main.cjs', 'language-server/main.cjs', 'cli/main.cjs']) {
            expect(readFileSync(join(ROOT, 'out', bundle), 'utf8')).not.toMatch(/node_modules\/chokidar\//);
        }
        expect(readFileSync(join(ROOT, 'src', 'render', 'template-loader.ts'), 'utf8')).not.toMatch(/FileSystemLoader|watch:/);
    });
});
