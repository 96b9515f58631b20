// WebAssembly.Global: a JS object over a GlobalInst (kept in `_glob`; the GlobalInst keeps its
// object in `jsWrapper`). The value is kept as raw bits in GlobalInst.bits; float views over
// those two words (`_slots`) do the f32/f64 conversions.
// What it leaves to others: value conversions (func.ts, values.ts).
import { ValType } from '../module';
import { GlobalInst } from '../runtime/global';
import { defaultValue, isObject, typeFromName, Slots } from './values';
import { toJSValue, toWasmValue } from './func';

export class Global {
  _glob!: GlobalInst;
  _slots!: Slots;

  constructor(descriptor: any, value?: any) {
    if (!isObject(descriptor)) throw new TypeError('WebAssembly.Global(): the descriptor must be an object');
    const mutable = !!descriptor.mutable;
    const type = typeFromName(String(descriptor.value));
    if (type < 0) throw new TypeError('WebAssembly.Global(): "value" must be a value type name');
    const g = new GlobalInst(type, mutable);
    attach(this, g);
    const slots = this._slots;
    g.ref = value === undefined ? defaultValue(type, slots, 0) : toWasmValue(value, type, slots, 0);
  }

  get value(): any {
    return getGlobal(thisGlobal(this));
  }

  set value(v: any) {
    const self = thisGlobal(this);
    if (!self._glob.mutable) throw new TypeError('WebAssembly.Global: cannot set the value of an immutable global');
    setGlobal(self, v);
  }

  valueOf(): any {
    return getGlobal(thisGlobal(this));
  }
}

/** The Global object of `g` (made once). */
export function wrapGlobal(g: GlobalInst): Global {
  if (g.jsWrapper !== null) return g.jsWrapper;
  const self: Global = Object.create(Global.prototype);
  attach(self, g);
  return self;
}

/** Makes a new immutable GlobalInst of `type` holding ToWebAssemblyValue(value). */
export function constGlobal(type: number, value: any): GlobalInst {
  const self = wrapGlobal(new GlobalInst(type, false));
  setGlobal(self, value);
  return self._glob;
}

function getGlobal(self: Global): any {
  const g = self._glob;
  return toJSValue(g.type, self._slots, 0, g.ref);
}

function setGlobal(self: Global, value: any): void {
  const g = self._glob;
  const ref = toWasmValue(value, g.type, self._slots, 0);
  if (g.type === ValType.FuncRef || g.type === ValType.ExternRef) g.ref = ref;
}

function attach(self: Global, g: GlobalInst): void {
  const bits = g.bits;
  self._glob = g;
  self._slots = {
    s32: bits,
    f32: new Float32Array(bits.buffer, bits.byteOffset, 2),
    f64: new Float64Array(bits.buffer, bits.byteOffset, 1),
  };
  g.jsWrapper = self;
}

function thisGlobal(self: any): Global {
  if (!(self instanceof Global) || !self._glob) throw new TypeError('not a WebAssembly.Global');
  return self;
}
