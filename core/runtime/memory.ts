// A memory instance: an ArrayBuffer with Uint8Array and DataView views, grown by replacing the
// buffer (the old one is detached where the engine can). Bounds checks are the interpreter's.
// What it leaves to others: the JS Memory object (core/api/memory.ts) and the limits policy of
// the embedder (maxPages is passed in).

export const PAGE_SIZE = 65536;
/** The spec's maximum number of pages for a 32-bit memory. */
export const MAX_PAGES = 65536;

export class MemoryInst {
  buffer: ArrayBuffer;
  u8: Uint8Array;
  view: DataView;
  /** Current size in pages. */
  pages: number;
  /** Declared maximum in pages, -1 when none. */
  max: number;
  /** Called after each successful grow (the JS API refreshes its buffer object here). */
  onGrow: ((mem: MemoryInst) => void) | null;
  /** The JS API object (WebAssembly.Memory/Table/Global) for this instance, made once on demand. */
  jsWrapper: any;

  constructor(initialPages: number, max: number) {
    this.pages = initialPages;
    this.max = max;
    this.buffer = new ArrayBuffer(initialPages * PAGE_SIZE);
    this.u8 = new Uint8Array(this.buffer);
    this.view = new DataView(this.buffer);
    this.onGrow = null;
    this.jsWrapper = null;
  }

  /** Grows by `delta` pages; returns the old size in pages, or -1 (memory unchanged). */
  grow(delta: number, limitPages: number): number {
    const old = this.pages;
    const next = old + delta;
    const cap = this.max >= 0 && this.max < limitPages ? this.max : limitPages;
    if (next > cap || next > MAX_PAGES) return -1;
    if (delta === 0) return old;
    let buffer: ArrayBuffer;
    try {
      buffer = new ArrayBuffer(next * PAGE_SIZE);
    } catch (e) {
      return -1;
    }
    const u8 = new Uint8Array(buffer);
    u8.set(this.u8);
    this.buffer = buffer;
    this.u8 = u8;
    this.view = new DataView(buffer);
    this.pages = next;
    if (this.onGrow) this.onGrow(this);
    return old;
  }
}
