// Entry point of dist/node/polyfill.{mjs,cjs} (package export "picowasm/polyfill"): the Node
// entry's names, plus `globalThis.WebAssembly` set to picowasm's namespace only where the host
// has none (locked-down browsers and engines without WebAssembly; never over a native one).
// The bundle imports ./picowasm.mjs / ./picowasm.cjs rather than carrying a second copy of core.
// What it leaves to others: everything (targets/node.ts).
import { WebAssembly } from './node';

declare const globalThis: any;

/** Whether this module installed picowasm as the global WebAssembly (false: one was there). */
export const installed: boolean = typeof globalThis !== 'undefined' && typeof globalThis.WebAssembly === 'undefined';
if (installed) {
  Object.defineProperty(globalThis, 'WebAssembly', { value: WebAssembly, writable: true, configurable: true, enumerable: false });
}

export * from './node';
