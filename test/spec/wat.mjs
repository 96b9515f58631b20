// Module text → binary, through the npm `wabt` package's public API only.
//
// `parseWat` already resolves names (an undefined `$name` is a parse error) and `toBinary` does not
// need `validate()`, which we never call: validation is the engine's job, and modules that the
// script expects to be invalid must reach the engine unchanged. `resolveNames()` is called anyway
// (it is idempotent and cheap) so that a future wabt that stops resolving in parseWat still
// produces correct indices. wabt is initialised once per process.

import wabtInit from 'wabt';

/** The Wasm 2.0 features beyond the MVP (SIMD is not part of picowasm's scope). */
const FEATURES = {
  mutable_globals: true,
  sat_float_to_int: true,
  sign_extension: true,
  multi_value: true,
  bulk_memory: true,
  reference_types: true,
};

/** @type {Promise<any> | null} */
let wabtPromise = null;

/** @returns {Promise<any>} the initialised wabt module (cached) */
export function getWabt() {
  if (!wabtPromise) wabtPromise = wabtInit();
  return wabtPromise;
}

/** Thrown when wabt cannot turn a module's text into binary; the message is wabt's, shortened. */
export class WatError extends Error {}

/**
 * Converts module text (a full `(module ...)` or bare module fields) to a binary.
 * @param {Uint8Array} text the text's bytes
 * @returns {Promise<Uint8Array>}
 */
export async function watToBinary(text) {
  const wabt = await getWabt();
  let mod;
  try {
    // wabt reads the whole underlying ArrayBuffer, so pass a copy that starts at offset 0.
    mod = wabt.parseWat('module.wat', new Uint8Array(text), FEATURES);
    mod.resolveNames();
    return mod.toBinary({}).buffer.slice();
  } catch (e) {
    throw new WatError(shortWabtMessage(e));
  } finally {
    if (mod) mod.destroy();
  }
}

/**
 * wabt's messages look like "parseWat failed:\nmodule.wat:1:28: error: unexpected token ..." with
 * a source excerpt; keep the first "error: ..." text without position, so equal causes group.
 * @param {unknown} e
 */
function shortWabtMessage(e) {
  const msg = e instanceof Error ? e.message : String(e);
  const m = /error: ([^\n]*)/.exec(msg);
  return m ? m[1].trim() : msg.split('\n')[0];
}
