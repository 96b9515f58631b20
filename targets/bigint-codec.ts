// The BigInt i64 codec shared by the device and ES5 entries (targets/es5.ts, targets/moddable.ts):
// i64 crosses the JS API as BigInt, as the WebAssembly JS API specifies, on engines that have
// BigInt. The global object is found with `typeof` tests only, so this file loads on ES5
// engines without `globalThis` (Duktape, old browsers) and simply installs nothing there.
// targets/node.ts keeps its own copy of the same codec. What it leaves to others: the codec hook
// itself (core/api/values.ts); engines without BigInt keep the core's { lo, hi } pair.
import { setI64Codec } from '../core/index';

declare const globalThis: any;
declare const self: any;
declare const window: any;
declare const global: any;

/** The engine's global object, or null where none of the usual names reaches it. */
export function hostGlobal(): any {
  if (typeof globalThis !== 'undefined') return globalThis;
  if (typeof self !== 'undefined') return self;
  if (typeof window !== 'undefined') return window;
  if (typeof global !== 'undefined') return global;
  return null;
}

/** Installs the BigInt codec when the engine has BigInt; returns whether it did. */
export function installBigIntCodec(): boolean {
  const g = hostGlobal();
  const Big: any = g !== null ? g.BigInt : undefined;
  if (typeof Big !== 'function' || typeof Big.asUintN !== 'function') return false;
  const two32 = Big(4294967296);
  const codec = {
    toJS(lo: number, hi: number): any {
      return Big(hi) * two32 + Big(lo >>> 0);
    },
    fromJS(value: any, out: Int32Array): void {
      // ToBigInt64: numbers and undefined are TypeErrors; booleans and strings convert.
      if (typeof value === 'number' || value === undefined || value === null || typeof value === 'symbol') {
        throw new TypeError('Cannot convert ' + String(value) + ' to a BigInt');
      }
      // asUintN applies ToBigInt itself: an object whose valueOf gives a number is a TypeError
      // too (Big(value) would convert it)
      const v = Big.asUintN(64, value);
      out[0] = Number(v % two32) | 0;
      out[1] = Number(v / two32) | 0;
    },
  };
  // Frozen so that Moddable's preload can keep it in flash (and nobody can patch it).
  if (typeof Object.freeze === 'function') Object.freeze(codec);
  setI64Codec(codec);
  return true;
}
