// The spec harness's adapter for Node's own WebAssembly (V8): a reference to develop and check the
// harness against. Values cross as JS values (i64 as BigInt, floats as numbers through DataView),
// so NaN payloads that V8 does not keep through JS numbers can fail here; that is V8's JS API,
// not a harness bug. V8's trap messages are translated to the spec's wording where one V8 message
// means one spec message; where one V8 message covers two spec traps the more frequent is chosen
// (so a few assert_trap messages fail on this engine by design).

/** @typedef {import('../literals.mjs').RawValue} RawValue */

/** V8 trap message → the spec testsuite's wording. */
const TRAP_WORDING = {
  'unreachable': 'unreachable',
  'divide by zero': 'integer divide by zero',
  'remainder by zero': 'integer divide by zero',
  'divide result unrepresentable': 'integer overflow',
  'float unrepresentable in integer range': 'integer overflow', // NaN inputs: "invalid conversion to integer"
  'memory access out of bounds': 'out of bounds memory access',
  'table index is out of bounds': 'out of bounds table access', // call_indirect: "undefined element"
  'null function or function signature mismatch': 'uninitialized element', // or "indirect call type mismatch"
  'data segment is out of bounds': 'out of bounds memory access',
  'element segment out of bounds': 'out of bounds table access',
};

/**
 * @param {unknown} e
 * @returns {unknown} a RuntimeError with the spec's wording, or e unchanged
 */
function translate(e) {
  if (e instanceof WebAssembly.RuntimeError) {
    // Traps during instantiation read "WebAssembly.Instance(): data segment is out of bounds".
    const text = e.message.replace(/^WebAssembly\.\w+\(\): /, '');
    const spec = TRAP_WORDING[/** @type {keyof TRAP_WORDING} */ (text)];
    if (spec) return new WebAssembly.RuntimeError(spec);
  }
  return e;
}

/** WebAssembly.Instance whose start-function traps carry the spec's wording. */
class Instance extends WebAssembly.Instance {
  /** @param {WebAssembly.Module} module @param {any} [imports] */
  constructor(module, imports) {
    try {
      super(module, imports);
    } catch (e) {
      throw translate(e);
    }
  }
}

const scratch = new DataView(new ArrayBuffer(8));

/**
 * @param {RawValue} v
 * @returns {unknown} the JS value V8 expects for that wasm value
 */
function toJS(v) {
  switch (v.type) {
    case 'i32': return v.lo | 0;
    case 'i64': return BigInt.asIntN(64, (BigInt(v.hi) << 32n) | BigInt(v.lo >>> 0));
    case 'f32': scratch.setInt32(0, v.lo, true); return scratch.getFloat32(0, true);
    case 'f64': scratch.setInt32(0, v.lo, true); scratch.setInt32(4, v.hi, true); return scratch.getFloat64(0, true);
    default: return v.ref;
  }
}

/**
 * @param {unknown} x a JS value from V8
 * @param {RawValue['type'] | undefined} type the wasm type, or undefined to guess from x
 * @returns {RawValue}
 */
function fromJS(x, type) {
  if (type === undefined) {
    if (typeof x === 'bigint') type = 'i64';
    else if (typeof x === 'number') type = Number.isInteger(x) && (x | 0) === x && !Object.is(x, -0) ? 'i32' : 'f64';
    else if (typeof x === 'function') type = 'funcref';
    else type = 'externref';
  }
  switch (type) {
    case 'i32': return { type, lo: Number(x) | 0, hi: 0, ref: null };
    case 'i64': {
      const b = BigInt.asIntN(64, /** @type {bigint} */ (x));
      return { type, lo: Number(BigInt.asIntN(32, b)), hi: Number(BigInt.asIntN(32, b >> 32n)), ref: null };
    }
    case 'f32': scratch.setFloat32(0, Number(x), true); return { type, lo: scratch.getInt32(0, true), hi: 0, ref: null };
    case 'f64': scratch.setFloat64(0, Number(x), true); return { type, lo: scratch.getInt32(0, true), hi: scratch.getInt32(4, true), ref: null };
    default: return { type, lo: 0, hi: 0, ref: x === undefined ? null : x };
  }
}

export default {
  name: 'native',
  WebAssembly: { Module: WebAssembly.Module, Instance, Memory: WebAssembly.Memory, Table: WebAssembly.Table, Global: WebAssembly.Global, CompileError: WebAssembly.CompileError, LinkError: WebAssembly.LinkError, RuntimeError: WebAssembly.RuntimeError },

  /**
   * @param {Function} fn an exported function
   * @param {RawValue[]} args
   * @param {RawValue['type'][] | undefined} resultTypes
   * @returns {RawValue[]}
   */
  invokeRaw(fn, args, resultTypes) {
    let r;
    try {
      r = fn(...args.map(toJS));
    } catch (e) {
      throw translate(e);
    }
    if (resultTypes ? resultTypes.length === 0 : r === undefined) return [];
    if (resultTypes ? resultTypes.length > 1 : Array.isArray(r)) {
      const list = Array.from(/** @type {Iterable<unknown>} */ (r));
      return list.map((x, i) => fromJS(x, resultTypes ? resultTypes[i] : undefined));
    }
    return [fromJS(r, resultTypes ? resultTypes[0] : undefined)];
  },

  /**
   * @param {WebAssembly.Global} g
   * @param {RawValue['type'] | undefined} type
   * @returns {RawValue}
   */
  globalRaw(g, type) {
    return fromJS(g.value, type);
  },
};
