// Entry of the in-host integration suite (loaded by the extension host with require): runs every
// *.test.js beside it with mocha@10. Driven by test/editor/editor-integration.test.ts.
'use strict';
const path = require('node:path');
const { runMochaSuite } = require(path.join(__dirname, '..', '..', 'editor-harness', 'in-host', 'mocha-runner.cjs'));

module.exports.run = () => runMochaSuite(__dirname, { timeout: 30000 });
