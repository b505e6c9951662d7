// Entry of the Workspace Trust suite, run twice by test/editor/editor-trust.test.ts: in a trusted folder and
// in Restricted Mode (the folder's `expected-trust` file says which).
'use strict';
const path = require('node:path');
const { runMochaSuite } = require(path.join(__dirname, '..', '..', 'editor-harness', 'in-host', 'mocha-runner.cjs'));

module.exports.run = () => runMochaSuite(__dirname, { timeout: 30000 });
