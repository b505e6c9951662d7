// Bundles the three runnable entries of bgptopo into out/ as CommonJS for Node 20:
//   out/extension/main.cjs        VS Code client (the `vscode` module is provided by the editor)
//   out/extension/elk.cjs         elkjs, which the client requires when it first lays out the diagram
//   out/extension/ssh2.cjs        ssh2, which the client requires when Deploy, Verify or Failover Test first runs
//   out/language-server/main.cjs  Langium language server (started by the client, or with --stdio)
//   out/cli/main.cjs              the `bgptopo` command line (bin/bgptopo.cjs requires it)
//   out/webview/diagram.js        the topology diagram's webview script (browser, IIFE)
//
// Usage: node esbuild.mjs [--minify] [--watch]
//
// The sources are ESM; bundling them to CJS leaves `import.meta` empty, so `import.meta.url`,
// `import.meta.dirname` and `import.meta.filename` are rewritten to values computed from the bundle's own
// `__filename` (a banner defines them). None of langium 4.1's own modules use `import.meta` today; the
// rewrite keeps project code that does (e.g. locating templates) working inside the bundles.
import { readFileSync } from 'node:fs';
import * as esbuild from 'esbuild';
import { rawTextPlugin } from './scripts/esbuild-raw-text.mjs';

const args = new Set(process.argv.slice(2));
const minify = args.has('--minify');
const watch = args.has('--watch');

const { version } = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8'));

const importMetaBanner = [
    "const __bgptopo_import_meta_url = require('node:url').pathToFileURL(__filename).href;",
    'const __bgptopo_import_meta_filename = __filename;',
    'const __bgptopo_import_meta_dirname = __dirname;'
].join('\n');

/** @type {import('esbuild').BuildOptions} */
const common = {
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    outExtension: { '.js': '.cjs' },
    sourcemap: true,
    sourcesContent: false,
    minify,
    // keepNames is off: its __name() wrappers cost ~25% of the server's CPU per edit in Langium's parser.
    keepNames: false,
    logLevel: 'warning',
    banner: { js: importMetaBanner },
    define: {
        'import.meta.url': '__bgptopo_import_meta_url',
        'import.meta.filename': '__bgptopo_import_meta_filename',
        'import.meta.dirname': '__bgptopo_import_meta_dirname',
        // Read by src/cli/cli-version.ts.
        BGPTOPO_BUILD_VERSION: JSON.stringify(version)
    },
    // Prefer the ESM builds of dual packages (langium, vscode-uri) so tree-shaking works.
    mainFields: ['module', 'main'],
    // `import text from './x.sh?raw'`: host-side shell files as text (src/deploy/host/).
    plugins: [rawTextPlugin],
    // nunjucks requires chokidar only for `watch: true` (inside a try), which bgptopo never sets: left out, it is
    // ~180 KB less for every process to compile at start.
    external: ['chokidar']
};

/**
 * elkjs (3.3 MB, the diagram's layout) is a file of its own, out/extension/elk.cjs, required on the first
 * layout: inside main.cjs the extension host compiled it at every activation (about half of the bundle's
 * load time) though only the diagram uses it. ssh2 likewise (out/extension/ssh2.cjs): the command table
 * imports Deploy, Verify and Failover Test when first run, and only their modules reach ssh2.
 */
const loadedOnFirstUse = {
    name: 'bgptopo-loaded-on-first-use',
    setup(build) {
        build.onResolve({ filter: /^elkjs\/lib\/elk\.bundled\.js$/ }, () => ({ path: './elk.cjs', external: true }));
        build.onResolve({ filter: /^ssh2$/ }, () => ({ path: './ssh2.cjs', external: true }));
    }
};

const entries = [
    // ssh2's native helpers (sshcrypto.node, cpu-features) are optional: left external, their require fails
    // inside the bundle and ssh2 falls back to its pure JavaScript crypto.
    // `import()` becomes require(): the extension host loads ./elk.cjs and ./ssh2.cjs as CommonJS beside main.cjs.
    {
        in: 'src/extension/main.ts',
        out: 'extension/main',
        external: ['vscode', '*.node'],
        plugins: [rawTextPlugin, loadedOnFirstUse],
        options: { supported: { 'dynamic-import': false } }
    },
    { in: 'node_modules/elkjs/lib/elk.bundled.js', out: 'extension/elk', external: [] },
    { in: 'node_modules/ssh2/lib/index.js', out: 'extension/ssh2', external: ['*.node'] },
    { in: 'src/language-server/main.ts', out: 'language-server/main', external: [] },
    { in: 'src/cli/main.ts', out: 'cli/main', external: ['*.node'] },
    // Runs in the webview (a browser page): no Node, no banner, one self-contained script.
    {
        in: 'src/extension/diagram/webview/diagram-webview.ts',
        out: 'webview/diagram',
        external: [],
        options: { platform: 'browser', format: 'iife', target: 'es2022', outExtension: { '.js': '.js' }, banner: {}, define: {} }
    }
];

const contexts = await Promise.all(
    entries.map((entry) =>
        esbuild.context({
            ...common,
            entryPoints: [{ in: entry.in, out: entry.out }],
            outdir: 'out',
            external: [...common.external, ...entry.external],
            ...(entry.plugins ? { plugins: entry.plugins } : {}),
            ...entry.options
        })
    )
);

if (watch) {
    await Promise.all(contexts.map((context) => context.watch()));
    console.log('esbuild: watching for changes');
} else {
    const started = Date.now();
    try {
        await Promise.all(contexts.map((context) => context.rebuild()));
    } finally {
        await Promise.all(contexts.map((context) => context.dispose()));
    }
    console.log(`esbuild: bundled ${entries.map((e) => `out/${e.out}${e.options?.outExtension ? '.js' : '.cjs'}`).join(', ')} in ${Date.now() - started} ms${minify ? ' (minified)' : ''}`);
}
