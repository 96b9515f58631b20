/*---
description: picowasm runs a module on XS; i64 crosses as BigInt, imports are called, memory is shared
flags: [module]
---*/

import { WebAssembly } from "picowasm";

// moddable/examples/hello/src/hello.wat
const hex = "0061736d0100000001140460027f7f0060000060017f017f60027e7e017e020d0103656e76057072696e7400000304030102030503010001072004066d656d6f727902000568656c6c6f000103666962000205616464363400030a400308004100411310000b2d01037f41012102024003402000450d01200120026a21032002210120032102200041016b21000c000b0b20010b0700200020017c0b0b19010041000b1368656c6c6f2066726f6d207069636f7761736d";
const bytes = new Uint8Array(hex.length / 2);
for (let i = 0; i < bytes.length; i++)
	bytes[i] = parseInt(hex.substr(i * 2, 2), 16);

assert(WebAssembly.validate(bytes), "validate");
const module = new WebAssembly.Module(bytes);
assert.sameValue(WebAssembly.Module.exports(module).length, 4, "four exports");

let printed = "";
let memory;
const instance = new WebAssembly.Instance(module, {
	env: {
		print(ptr, len) {
			const view = new Uint8Array(memory.buffer, ptr, len);
			for (let i = 0; i < len; i++)
				printed += String.fromCharCode(view[i]);
		}
	}
});
memory = instance.exports.memory;
assert(memory instanceof WebAssembly.Memory, "memory export");
instance.exports.hello();
assert.sameValue(printed, "hello from picowasm", "imported print");
assert.sameValue(instance.exports.fib(30), 832040, "fib(30)");
assert.sameValue(instance.exports.add64(1n << 40n, 5n), 1099511627781n, "i64 as BigInt");
assert.sameValue(instance.exports.add64(-1n, 1n), 0n, "i64 wraps");
assert.throws(TypeError, () => instance.exports.add64(1, 2), "numbers are not i64");
