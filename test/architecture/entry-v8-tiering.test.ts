/**
 * The language server and the CLI set V8's tiering (src/node/node-v8-tiering.ts) before any other module of
 * theirs is evaluated: it must be the first import of each entry, and first in each bundle's evaluated code.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { ensureBundles, ROOT } from '../cli/built-bundles.js';

const ENTRIES = [
    { source: 'src/language-server/main.ts', bundle: 'out/language-server/main.cjs' },
    { source: 'src/cli/main.ts', bundle: 'out/cli/main.cjs' }
];

describe('V8 tiering is set first', () => {
    test.each(ENTRIES)('$source imports node-v8-tiering before anything else', ({ source }) => {
        const imports = [...readFileSync(join(ROOT, source), 'utf8').matchAll(/^import\s[^;]*?['"]([^'"]+)['"];?$/gms)].map((match) => match[1]);
        expect(imports[0]).toBe('../node/node-v8-tiering.js');
    });

    test.each(ENTRIES)('$bundle sets the flag before any module outside a lazy wrapper runs', async ({ bundle }) => {
        await ensureBundles();
        const text = readFileSync(join(ROOT, bundle), 'utf8');
        const flag = text.indexOf('setFlagsFromString)(`--interrupt-budget=');
        expect(flag).toBeGreaterThan(0);
        // esbuild marks each module with a `// path` comment; CommonJS packages are wrapped in __commonJS
        // (evaluated on first require), ES modules are not. No ES module may come before the flag.
        const before = [...text.slice(0, flag).matchAll(/^\/\/ (\S+\.(?:m?js|ts))\n(var \w+ = __commonJS|var init_\w+ = __esm)?/gm)];
        const eager = before.filter((match) => match[2] === undefined).map((match) => match[1]);
        expect(eager.filter((path) => path !== 'src/node/node-v8-tiering.ts')).toEqual([]);
    });
});
