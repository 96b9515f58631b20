// WebAssembly.Table: a JS object over a TableInst (kept in `_tab`; the TableInst keeps its
// object in `jsWrapper`). Elements cross with ToJSValue/ToWebAssemblyValue: a funcref element is
// null or an exported wasm function, an externref element any JS value (null is the null
// reference; a missing value is undefined for externref, null for funcref).
// What it leaves to others: growing (TableInst.grow), the embedder's size limit (thread.limits).
import { ValType } from '../module';
import { rangeError } from '../errors';
import { TableInst } from '../runtime/table';
import { currentThread } from '../exec/thread';
import { isObject, toU32, typeFromName, Slots } from './values';
import { toJSValue, toWasmValue } from './func';

export class Table {
  _tab!: TableInst;

  constructor(descriptor: any, value?: any) {
    if (!isObject(descriptor)) throw new TypeError('WebAssembly.Table(): the descriptor must be an object');
    const elem = typeFromName(String(descriptor.element));
    if (elem !== ValType.FuncRef && elem !== ValType.ExternRef) {
      throw new TypeError('WebAssembly.Table(): "element" must be "anyfunc", "funcref" or "externref"');
    }
    let initialValue = descriptor.initial;
    if (initialValue === undefined) initialValue = descriptor.minimum;
    if (initialValue === undefined) throw new TypeError('WebAssembly.Table(): the descriptor needs "initial"');
    const initial = toU32(initialValue, 'WebAssembly.Table(): "initial"');
    const maximumValue = descriptor.maximum;
    const maximum = maximumValue === undefined ? -1 : toU32(maximumValue, 'WebAssembly.Table(): "maximum"');
    if (maximum >= 0 && initial > maximum) throw rangeError('WebAssembly.Table(): "initial" is above "maximum"');
    const limit = currentThread().limits.maxTableSize;
    if (initial > limit) throw rangeError('WebAssembly.Table(): "initial" is above the limit of ' + limit + ' elements');
    const init = elementValue(elem, value);
    const tab = new TableInst(elem, initial, maximum, init);
    this._tab = tab;
    tab.jsWrapper = this;
  }

  get length(): number {
    return thisTable(this)._tab.elements.length;
  }

  get(index: any): any {
    const tab = thisTable(this)._tab;
    const i = toU32(index, 'WebAssembly.Table.get(): index');
    if (i >= tab.elements.length) throw rangeError('WebAssembly.Table.get(): index ' + i + ' is out of bounds');
    return toJSValue(tab.elemType, noSlots(), 0, tab.elements[i]);
  }

  set(index: any, value?: any): void {
    const tab = thisTable(this)._tab;
    const i = toU32(index, 'WebAssembly.Table.set(): index');
    if (i >= tab.elements.length) throw rangeError('WebAssembly.Table.set(): index ' + i + ' is out of bounds');
    // Only a missing value gives the default here; an explicit undefined converts (as V8 does).
    tab.elements[i] = arguments.length < 2 ? elementValue(tab.elemType, undefined) : toWasmValue(value, tab.elemType, noSlots(), 0);
  }

  /** Grows by `delta` elements (set to `value`); returns the old length, RangeError when it cannot. */
  grow(delta: any, value?: any): number {
    const tab = thisTable(this)._tab;
    const d = toU32(delta, 'WebAssembly.Table.grow(): delta');
    const init = elementValue(tab.elemType, value);
    const old = tab.grow(d, init, currentThread().limits.maxTableSize);
    if (old < 0) throw rangeError('WebAssembly.Table.grow(): cannot grow the table by ' + d + ' elements');
    return old;
  }
}

/** The Table object of `tab` (made once). */
export function wrapTable(tab: TableInst): Table {
  if (tab.jsWrapper !== null) return tab.jsWrapper;
  const self: Table = Object.create(Table.prototype);
  self._tab = tab;
  tab.jsWrapper = self;
  return self;
}

/** ToWebAssemblyValue for an element; undefined (missing) gives DefaultValue. */
function elementValue(elem: number, value: any): any {
  if (value === undefined) return elem === ValType.ExternRef ? undefined : null;
  return toWasmValue(value, elem, noSlots(), 0);
}

/** Reference values need no slots; conversions of them never touch these. */
function noSlots(): Slots {
  return null as any as Slots;
}

function thisTable(self: any): Table {
  if (!(self instanceof Table) || !self._tab) throw new TypeError('not a WebAssembly.Table');
  return self;
}
