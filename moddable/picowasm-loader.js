/*
 * picowasm on Moddable XS: load WebAssembly modules whose bytes stay in flash.
 *
 * `new Resource(path)` (resources listed in an app manifest's "data") and a Flash partition's
 * `map()` both return a read-only host buffer. This loader wraps that buffer in a Uint8Array
 * view and hands the view to picowasm, which keeps it (it never copies module bytes and never
 * writes to them), so a module costs RAM only for its compiled code and its instances.
 *
 * Preloaded by moddable/manifest.json: this module only defines functions (nothing here runs
 * native code at build time).
 *
 * Not here yet (a later issue): fuel / time slicing, so a long-running wasm call blocks the
 * XS event loop until it returns; run long work in a Worker if that matters. What it leaves to
 * others: everything else (the picowasm module, dist/moddable/picowasm.js).
 */
import { WebAssembly } from "picowasm";
import Resource from "Resource";

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
