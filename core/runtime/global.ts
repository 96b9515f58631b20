// A global instance: its type and its value, kept as raw bits (two 32-bit words, see
// ARCHITECTURE.md) or as a reference. Shared by every instance that imports it.

export class GlobalInst {
  type: number;      // ValType
  mutable: boolean;
  /** Raw bits of a numeric value: [low word, high word]. */
  bits: Int32Array;
  /** The value of a reference-typed global (null is the null reference). */
  ref: any;
  /** The JS API object (WebAssembly.Memory/Table/Global) for this instance, made once on demand. */
  jsWrapper: any;

  constructor(type: number, mutable: boolean) {
    this.type = type;
    this.mutable = mutable;
    this.bits = new Int32Array(2);
    this.ref = null;
    this.jsWrapper = null;
  }
}
