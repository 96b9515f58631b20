// The JS tier: where the engine can compile JS at run time, a module's functions are translated
// to JS (function.ts, instance.ts) and calls from JS run them directly, while fuel, suspension,
// JSPI and the embedded API keep using the interpreter. Kept outside core/, which has no eval.
// A target turns it on with useJsTier(true) (targets/node.ts).
import { setInstanceHook } from '../core/runtime/instantiate';
import { compileInstance } from './instance';

/** Whether new instances get the JS tier; false leaves every call to the interpreter. */
export function useJsTier(on: boolean): void {
  setInstanceHook(on && jsAvailable() ? compileInstance : null);
}

/** Whether `new Function` works here (a content security policy may forbid it). */
function jsAvailable(): boolean {
  try {
    return new Function('return 1')() === 1;
  } catch (e) {
    return false;
  }
}
