// esbuild plugin: `import text from './file.sh?raw'` gives the file's text as a string, the way Vite (and so
// vitest) reads the same import. Used by esbuild.mjs and bench/run-all.mjs so the bundles, the vsix, the
// benchmarks and the tests all get the same text; src/raw-text.d.ts types it for tsc.
import { resolve, dirname } from 'node:path';

export const rawTextPlugin = {
    name: 'bgptopo-raw-text',
    setup(build) {
        build.onResolve({ filter: /\?raw$/ }, (args) => ({
            path: resolve(dirname(args.importer), args.path.slice(0, -'?raw'.length)),
            namespace: 'bgptopo-raw-text'
        }));
        build.onLoad({ filter: /.*/, namespace: 'bgptopo-raw-text' }, async (args) => ({
            contents: await (await import('node:fs/promises')).readFile(args.path, 'utf8'),
            loader: 'text',
            watchFiles: [args.path]
        }));
    }
};
