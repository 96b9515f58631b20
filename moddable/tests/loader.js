/*---
description: picowasm-loader reads a module through a flash map() view without copying it
flags: [module]
---*/

import { bytesFromFlash, instantiateFlash } from "picowasm-loader";

// (module (func (export "div") ...) (func $r (export "rec") ...)), stored at offset 16 of a
// stand-in partition whose other bytes are erased flash (0xFF).
const hex = "0061736d01000000010a0260027f7f017f6000000303020001070d020364697600000372656300010a0e020700200020016d0b040010010b";
const partition = new Uint8Array(256);
partition.fill(0xFF);
for (let i = 0; i < hex.length / 2; i++)
	partition[16 + i] = parseInt(hex.substr(i * 2, 2), 16);
const flash = { map() { return partition.buffer; } };

const view = bytesFromFlash(flash, 16, hex.length / 2);
assert.sameValue(view.buffer, partition.buffer, "a view, not a copy");
assert.sameValue(view.byteOffset, 16, "at the module's offset");

const instance = instantiateFlash(flash, 16, hex.length / 2, {});
assert.sameValue(instance.exports.div(-9, 2), -4, "runs from the mapped bytes");
for (let i = 0; i < hex.length / 2; i++)
	assert.sameValue(partition[16 + i], parseInt(hex.substr(i * 2, 2), 16), "module bytes unchanged");
assert.throws(TypeError, () => bytesFromFlash(flash, 16), "byteLength required");
