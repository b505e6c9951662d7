// Entry of the lab-backed in-host suite (Verify and a Deploy plan against real hosts in network
// namespaces). Driven by test/editor/editor-lab.test.ts, which builds the lab and the workspace.
'use strict';
const path = require('node:path');
const { runMochaSuite } = require(path.join(__dirname, '..', '..', 'editor-harness', 'in-host', 'mocha-runner.cjs'));

module.exports.run = () => runMochaSuite(__dirname, { timeout: 60000 });
