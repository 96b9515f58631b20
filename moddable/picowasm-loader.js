/*
 * picowasm on Moddable XS: load WebAssembly modules whose bytes stay in flash.
 *
 * `new Resource(path)` (resources listed in an app manifest's "data") and a Flash partition's
 * `map()` both return a read-only host buffer. This loader wraps that buffer in a Uint8Array
 * view and hands the view to picowasm, which keeps it (it never copies module bytes and never
 * writes to them), so a module costs RAM only for its compiled code and its instances.
 *
 * Time slicing: loading this module makes a zero-delay `Timer` the default yield function of
 * picowasm's `runSliced`, so a long wasm call can run in fuel slices with the XS event loop
 * running between them; `runInSlices` below is the helper for that (a Promise of the result,
 * or a callback). `start()` / `call.run(fuel)` from "picowasm" stay available for manual
 * stepping.
 *
 * Preloaded by moddable/manifest.json: this module only defines functions and sets the default
 * yield function (a JS function, frozen by preload); nothing here runs native code at build
 * time (Timer.set runs only when a sliced call yields). What it leaves to others: everything
 * else (the picowasm module, dist/moddable/picowasm.js).
 */
import { WebAssembly, runSliced, setDefaultYield } from "picowasm";
import Resource from "Resource";
import Timer from "timer";

/** The yield function of sliced calls: `next` runs from the event loop, after pending work. */
export function timerYield(next) {
	Timer.set(next, 0);
}

setDefaultYield(timerYield);

/**
 * Runs the exported wasm function `fn` with `args` in slices of `options.fuel` units (default
 * 2000: about that many loop iterations plus calls), yielding to the event loop through a
 * zero-delay Timer between slices. Returns a Promise of the result, or, with
 * `options.callback(error, result)`, undefined. A trap rejects (or calls back) with its
 * RuntimeError.
 */
export function runInSlices(fn, args, options) {
	const fuel = (options && (typeof options.fuel === "number")) ? options.fuel : 2000;
	const callback = (options && (typeof options.callback === "function")) ? options.callback : undefined;
	return runSliced(fn, args || [], { fuel, yield: timerYield, callback });
}

/** A Uint8Array view (no copy) of the resource `path`; throws Error when there is none. */
export function bytesFromResource(path) {
	if (!Resource.exists(path))
		throw new Error(`picowasm: no resource "${path}" (list it in the manifest's "data")`);
	return new Uint8Array(new Resource(path));
}

/**
 * A Uint8Array view (no copy) of `byteLength` bytes at `offset` in a Flash partition, e.g.
 * `new Flash("xs")` from the "flash" module (the partition is larger than the module, so the
 * length must be given).
 */
export function bytesFromFlash(flash, offset, byteLength) {
	if ((typeof byteLength !== "number") || (byteLength <= 0))
		throw new TypeError("picowasm: bytesFromFlash needs the module's byteLength");
	return new Uint8Array(flash.map(), offset, byteLength);
}

/** A compiled WebAssembly.Module from the resource `path` (CompileError when invalid). */
export function moduleFromResource(path) {
	return new WebAssembly.Module(bytesFromResource(path));
}

/** A WebAssembly.Instance of the resource `path` with `imports` (LinkError, RuntimeError). */
export function instantiateResource(path, imports) {
	return new WebAssembly.Instance(moduleFromResource(path), imports);
}

/** A WebAssembly.Instance of the module stored at `offset` in a Flash partition. */
export function instantiateFlash(flash, offset, byteLength, imports) {
	return new WebAssembly.Instance(new WebAssembly.Module(bytesFromFlash(flash, offset, byteLength)), imports);
}
