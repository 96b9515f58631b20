// A table instance: a JS array of references (null, a FuncInst, or any JS value for externref).
// Bounds checks and traps are the interpreter's; the JS Table object is core/api/table.ts.

export class TableInst {
  /** ValType.FuncRef or ValType.ExternRef. */
  elemType: number;
  elements: any[];
  /** Declared maximum, -1 when none. */
  max: number;
  /** The JS API object (WebAssembly.Memory/Table/Global) for this instance, made once on demand. */
  jsWrapper: any;
  /** The embedder's size limit for this table (-1: none besides the one passed to grow). */
  limit: number;

  constructor(elemType: number, initial: number, max: number, init: any, limit?: number) {
    this.elemType = elemType;
    this.max = max;
    this.limit = limit === undefined ? -1 : limit;
    this.elements = [];
    this.jsWrapper = null;
    for (let i = 0; i < initial; i++) this.elements.push(init);
  }

  /** Grows by `delta` elements set to `init`; returns the old length, or -1 (table unchanged). */
  grow(delta: number, init: any, limit: number): number {
    const old = this.elements.length;
    const next = old + delta;
    let cap = this.max >= 0 && this.max < limit ? this.max : limit;
    if (this.limit >= 0 && this.limit < cap) cap = this.limit;
    if (next > cap || next > 0xffffffff) return -1;
    for (let i = 0; i < delta; i++) this.elements.push(init);
    return old;
  }
}
