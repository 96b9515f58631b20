// The `spectest` host module that the testsuite's scripts import from, built with the engine's
// own WebAssembly namespace (so its memory, table and globals are that engine's objects).
// Contents follow the testsuite's conventions (the reference interpreter's spectest module):
// print functions that do nothing visible, four immutable globals of value 666 / 666.6, a table of
// 10 funcref (max 20) and a memory of 1 page (max 2). A fresh one is made for every script file.

/**
 * @param {any} WA the engine's WebAssembly namespace
 * @returns {Record<string, unknown>} the export object to put under `spectest` in import objects
 */
export function makeSpectest(WA) {
  const print = () => {};
  return {
    print,
    print_i32: (/** @type {unknown} */ _x) => {},
    print_i64: (/** @type {unknown} */ _x) => {},
    print_f32: (/** @type {unknown} */ _x) => {},
    print_f64: (/** @type {unknown} */ _x) => {},
    print_i32_f32: (/** @type {unknown} */ _x, /** @type {unknown} */ _y) => {},
    print_f64_f64: (/** @type {unknown} */ _x, /** @type {unknown} */ _y) => {},
    global_i32: new WA.Global({ value: 'i32', mutable: false }, 666),
    global_i64: new WA.Global({ value: 'i64', mutable: false }, BigInt(666)),
    global_f32: new WA.Global({ value: 'f32', mutable: false }, 666.6),
    global_f64: new WA.Global({ value: 'f64', mutable: false }, 666.6),
    table: new WA.Table({ element: 'anyfunc', initial: 10, maximum: 20 }),
    memory: new WA.Memory({ initial: 1, maximum: 2 }),
  };
}
