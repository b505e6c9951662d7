// Loads out/extension/main.cjs (the path in argv[2]) in plain Node, as VS Code's extension host does before it
// calls activate(), and prints `{ ms, loaded }`: the milliseconds `require` took, and every file it loaded. The
// `vscode` module is a stand-in: any member is a class or a callable that returns itself, enough for the
// bundle's top level (classes extending vscode.TreeItem, enums). Used by bench/editor-bench.ts and
// test/architecture/extension-bundle-split.test.ts.
'use strict';
const Module = require('node:module');

const callable = new Proxy(function () {}, {
    get: (_target, key) => (key === 'prototype' ? {} : typeof key === 'symbol' ? undefined : callable),
    construct: () => ({})
});
const vscode = Object.create(
    new Proxy({}, { get: (_target, key) => (typeof key === 'symbol' ? undefined : /^[A-Z]/.test(key) ? class {} : callable) })
);
const load = Module._load;
Module._load = function (request, ...rest) {
    return request === 'vscode' ? vscode : load.call(this, request, ...rest);
};
const started = performance.now();
require(process.argv[2]);
const ms = performance.now() - started;
process.stdout.write(`${JSON.stringify({ ms, loaded: Object.keys(require.cache).filter((path) => path !== __filename) })}\n`);
