// Runs inside VS Code's extension host (CommonJS, loaded by require like @vscode/test-electron's suites).
// A suite's index.js does:   module.exports.run = () => runMochaSuite(__dirname);
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const Mocha = require('mocha'); // mocha@10: mocha 11+/12 cannot be require()d from here.

/**
 * Adds every *.test.js / *.test.cjs file of `testDir` (sorted) to a fresh mocha and runs it.
 * Resolves when all pass, rejects with the failure count otherwise: VS Code turns a rejection of
 * run() into a non-zero exit code of the extension host, which the harness receives.
 * @param {string} testDir
 * @param {Partial<Mocha.MochaOptions>} [options]
 * @returns {Promise<void>}
 */
function runMochaSuite(testDir, options = {}) {
    const mocha = new Mocha({ ui: 'bdd', color: false, reporter: 'spec', timeout: 20000, ...options });
    const files = fs
        .readdirSync(testDir)
        .filter((name) => name.endsWith('.test.js') || name.endsWith('.test.cjs'))
        .sort();
    if (files.length === 0) {
        return Promise.reject(new Error(`no *.test.js files in ${testDir}`));
    }
    for (const file of files) {
        mocha.addFile(path.join(testDir, file));
    }
    return new Promise((resolve, reject) => {
        mocha.run((failures) => {
            if (failures > 0) {
                reject(new Error(`${failures} test(s) failed`));
            } else {
                resolve();
            }
        });
    });
}

module.exports = { runMochaSuite };
