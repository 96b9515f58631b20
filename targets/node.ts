// Entry point of the Node bundle (dist/node): the core's public surface, with i64 values
// crossing the JS API as BigInt, as the WebAssembly JS API specifies. BigInt is reached through
// globalThis here, outside core/, so that core/ stays free of it. Also the default yield of
// runSliced (setImmediate).
import { setI64Codec, setDefaultYield, setLimits, setCopyModuleBytes } from '../core/index';
import { useJsTier } from '../tojs/index';
import { setTierOptions } from '../tojs/function';
import { installBufferTransfer } from './buffer-transfer';

declare const globalThis: any;
const Big: any = globalThis.BigInt;

if (typeof Big === 'function') {
  const two32 = Big(4294967296);
  setI64Codec({
    toJS(lo: number, hi: number): any {
      return Big(hi) * two32 + Big(lo >>> 0);
    },
    fromJS(value: any, out: Int32Array): void {
      // ToBigInt64: numbers and undefined are TypeErrors; booleans and strings convert.
      if (typeof value === 'number' || value === undefined || value === null || typeof value === 'symbol') {
        throw new TypeError('Cannot convert ' + String(value) + ' to a BigInt');
      }
      // asUintN applies ToBigInt itself: an object whose valueOf gives a number is a TypeError too
      const v = Big.asUintN(64, value);
      out[0] = Number(v % two32) | 0;
      out[1] = Number(v / two32) | 0;
    },
  });
}

// runSliced yields to the event loop with setImmediate (timers and I/O run between slices).
if (typeof globalThis.setImmediate === 'function') {
  setDefaultYield(function (next: () => void): void {
    globalThis.setImmediate(next);
  });
}

// V8 throws a catchable RangeError when its own stack runs out, so JS and wasm may call each
// other deeply here (the core's default of 8 levels is for XS, which aborts the machine instead).
setLimits({ maxReentryDepth: 1000 });
// WebAssembly.Module copies its bytes, as the JS API specifies (devices keep a view over flash).
setCopyModuleBytes(true);
// A grown memory's old buffer is detached, as the JS API specifies (Node 20 lacks transfer).
installBufferTransfer();

// V8 compiles JS at run time: calls from JS run the module's functions translated to JS (tojs/).
// PICOWASM_TIER=interp in the environment, or useJsTier(false), keeps them in the interpreter;
// PICOWASM_TIER_MAX=n keeps functions of more than n characters of JS there (default 100000;
// the differential fuzzer mixes the two with a small n).
declare const process: any;
const env = typeof process === 'object' && process !== null && process.env ? process.env : {};
useJsTier(env.PICOWASM_TIER !== 'interp');
if (typeof env.PICOWASM_TIER_MAX === 'string' && /^\d+$/.test(env.PICOWASM_TIER_MAX)) setTierOptions({ maxSource: +env.PICOWASM_TIER_MAX });

export * from '../core/index';
export { useJsTier };
