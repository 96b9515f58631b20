/*
 * picowasm hello example for Moddable XS: runs hello.wasm (built from src/hello.wat) straight
 * from flash. Build and run with `mcconfig -d -m -p esp32` (or `-p mac`/`lin`/`win` for the
 * simulator) in this directory; the output appears in xsbug:
 *   hello from picowasm
 *   fib(30) = 832040
 *   add64(2^40, 5) = 1099511627781
 */
import { instantiateResource } from "picowasm-loader";

export default function () {
	let memory;
	const imports = {
		env: {
			print(ptr, len) {
				const bytes = new Uint8Array(memory.buffer, ptr, len);
				let text = "";
				for (let i = 0; i < len; i++)
					text += String.fromCharCode(bytes[i]);
				trace(text, "\n");
			}
		}
	};
	const instance = instantiateResource("hello.wasm", imports);
	memory = instance.exports.memory;
	instance.exports.hello();
	trace(`fib(30) = ${instance.exports.fib(30)}\n`);
	// i64 crosses as BigInt on XS (setI64Codec(null) switches to { lo, hi } pairs).
	trace(`add64(2^40, 5) = ${instance.exports.add64(1n << 40n, 5n)}\n`);
}
