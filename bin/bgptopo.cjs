#!/usr/bin/env node
// The `bgptopo` command: runs the bundled CLI in out/cli/main.cjs (produced by `npm run build`).
'use strict';
const path = require('node:path');
const fs = require('node:fs');

const bundle = path.join(__dirname, '..', 'out', 'cli', 'main.cjs');
if (!fs.existsSync(bundle)) {
    process.stderr.write(`bgptopo: ${bundle} is missing; run \`npm run build\` first.\n`);
    process.exit(2);
}
require(bundle);
