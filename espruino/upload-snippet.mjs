#!/usr/bin/env node
// Prints Espruino code that writes a file into Storage in chunks small enough for a board's RAM:
//   node espruino/upload-snippet.mjs <file> <storage-name> [chunk-bytes] > upload.js
// Paste or send upload.js from the Espruino Web IDE (or `espruino upload.js` with the
// npm `espruino` CLI). Storage names are at most 28 characters (8 before firmware 2v05).
import * as fs from 'node:fs';

const [file, name, chunkArg] = process.argv.slice(2);
if (!file || !name) {
  console.error('usage: node espruino/upload-snippet.mjs <file> <storage-name> [chunk-bytes]');
  process.exit(2);
}
if (name.length > 28) {
  console.error(`storage name "${name}" is longer than 28 characters`);
  process.exit(2);
}
const data = fs.readFileSync(file);
const chunk = Number(chunkArg) || 2048;
const out = [`// ${data.length} bytes of ${file.split('/').pop()} into Storage file ${JSON.stringify(name)}`];
out.push(`require("Storage").erase(${JSON.stringify(name)});`);
for (let at = 0; at < data.length; at += chunk) {
  const part = data.subarray(at, Math.min(at + chunk, data.length)).toString('base64');
  // The first write gives the total size; later ones fill in at their offsets.
  const tail = at === 0 ? `, 0, ${data.length}` : `, ${at}`;
  out.push(`require("Storage").write(${JSON.stringify(name)}, atob("${part}")${tail});`);
}
out.push(`print(${JSON.stringify(name)} + ": " + require("Storage").read(${JSON.stringify(name)}).length + " bytes");`);
console.log(out.join('\n'));
