'use strict';
const { runMochaSuite } = require('../../in-host/mocha-runner.cjs');

module.exports.run = () => runMochaSuite(__dirname);
