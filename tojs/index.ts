// The JS tier: where the engine can compile JS at run time, a module's functions are translated
// to JS (function.ts, instance.ts) and calls from outside the interpreter run them directly,
// while fuel, suspension, JSPI and the embedded API keep using the interpreter. Kept outside
// core/, which has no eval. A target turns it on with useJsTier(true) (targets/node.ts); it stays
// off where `new Function` is forbidden or the engine does not keep NaN bits through JS values.
import { setInstanceHook } from '../core/runtime/instantiate';
import { compileInstance } from './instance';

/** Whether new instances get the JS tier (true only if this engine can run it exactly). */
export function useJsTier(on: boolean): boolean {
  const ok = on && jsTierWorks();
  setInstanceHook(ok ? compileInstance : null);
  return ok;
}

let works: boolean | null = null;

/**
 * Whether `new Function` works here (a content security policy may forbid it), and whether JS
 * numbers keep a signalling NaN's bits through a DataView, a Float64Array, a variable and a
 * call, as the tier's values need (function.ts). V8 does, with its JIT and with `--jitless`
 * (Node 20); an engine that quiets signalling NaNs in its values keeps the interpreter.
 */
function jsTierWorks(): boolean {
  if (works !== null) return works;
  try {
    const probe = new Function('DV', 'DB', 'DI',
      'function id(x) { var y = x; return y; }\n' +
      'DV.setInt32(0, 1, true); DV.setInt32(4, 0x7ff00000, true);\n' +
      'var a = id(DV.getFloat64(0, true)); DB[0] = a;\n' +
      'var ok = DI[0] === 1 && DI[1] === 0x7ff00000;\n' +
      'DI[0] = 5; DI[1] = -1048576; DV.setFloat64(8, id(DB[0]), true);\n' +
      'return ok && DV.getInt32(8, true) === 5 && DV.getInt32(12, true) === -1048576;');
    const db = new Float64Array(1);
    let ok = true;
    for (let i = 0; i < 3 && ok; i++) ok = probe(new DataView(new ArrayBuffer(16)), db, new Int32Array(db.buffer)) === true;
    works = ok;
  } catch (e) {
    works = false;
  }
  return works;
}
