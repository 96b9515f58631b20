// The Node side of test/engines/engines.mjs (Node --jitless, and plain Node for the Espruino
// bundle): loads the Node bundle as users do (dist/node/picowasm.cjs) into the global `picowasm`
// unless given --no-bundle, defines the global `__nodePrint`, then runs
// each file named on the command line as a classic script in this global scope, in order.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const vm = require('node:vm');

// `--no-bundle` first: no bundle is loaded here (a prelude file defines `picowasm` itself, as
// the Espruino bundle's prelude does).
const noBundle = process.argv[2] === '--no-bundle';
if (!noBundle) globalThis.picowasm = require(path.join(__dirname, '..', '..', 'dist', 'node', 'picowasm.cjs'));
globalThis.__nodePrint = (s) => { process.stdout.write(s + '\n'); };
for (const file of process.argv.slice(noBundle ? 3 : 2)) {
  vm.runInThisContext(fs.readFileSync(file, 'utf8'), { filename: file });
}
