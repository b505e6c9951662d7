// A suite that never settles: proves the harness's overall timeout and its cleanup.
'use strict';

module.exports.run = () => new Promise(() => undefined);
