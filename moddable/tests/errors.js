/*---
description: picowasm's CompileError, RuntimeError and stack exhaustion on XS
flags: [module]
---*/

import { WebAssembly, getLimits, setLimits } from "picowasm";

function fromHex(hex) {
	const bytes = new Uint8Array(hex.length / 2);
	for (let i = 0; i < bytes.length; i++)
		bytes[i] = parseInt(hex.substr(i * 2, 2), 16);
	return bytes;
}

// (module (func (export "div") (param i32 i32) (result i32) (i32.div_s (local.get 0) (local.get 1)))
//         (func $r (export "rec") (call $r)))
const bytes = fromHex("0061736d01000000010a0260027f7f017f6000000303020001070d020364697600000372656300010a0e020700200020016d0b040010010b");
const { div, rec } = new WebAssembly.Instance(new WebAssembly.Module(bytes), {}).exports;

assert.sameValue(div(7, -2), -3, "div_s truncates");
assert.throws(WebAssembly.RuntimeError, () => div(1, 0), "divide by zero traps");
try {
	div(1, 0);
}
catch (e) {
	assert.sameValue(e.message.indexOf("integer divide by zero"), 0, "spec trap text");
	assert.sameValue(e.name, "RuntimeError", "name from the prototype");
}
// Unbounded recursion under a small call-depth limit (the default of 20000 frames would need
// more RAM than a small device has) ends with the runtime's own error, not an XS abort.
const saved = getLimits();
setLimits({ maxCallDepth: 200 });
try {
	assert.throws(Error, () => rec(), "call stack exhausted");
	try { rec(); } catch (e) { assert.sameValue(e.message.indexOf("call stack exhausted"), 0, "spec text"); }
}
finally {
	setLimits({ maxCallDepth: saved.maxCallDepth });
}

const broken = fromHex("0061736d02000000");
assert.sameValue(WebAssembly.validate(broken), false, "bad version");
assert.throws(WebAssembly.CompileError, () => new WebAssembly.Module(broken), "CompileError");
assert.throws(TypeError, () => new WebAssembly.Module("not bytes"), "TypeError for non-buffers");
