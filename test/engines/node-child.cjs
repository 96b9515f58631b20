// The Node --jitless side of test/engines/engines.mjs: loads the Node bundle as users do
// (dist/node/picowasm.cjs) into the global `picowasm`, defines the global `__nodePrint`, then runs
// each file named on the command line as a classic script in this global scope, in order.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const vm = require('node:vm');

globalThis.picowasm = require(path.join(__dirname, '..', '..', 'dist', 'node', 'picowasm.cjs'));
globalThis.__nodePrint = (s) => { process.stdout.write(s + '\n'); };
for (const file of process.argv.slice(2)) {
  vm.runInThisContext(fs.readFileSync(file, 'utf8'), { filename: file });
}
