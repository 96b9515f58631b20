// A memory instance: an ArrayBuffer with Uint8Array, Int32Array and DataView views, grown by
// replacing the buffer (the old one is detached where the engine can). Bounds checks are the
// interpreter's. The Int32Array view (`i32`, the buffer's whole 4-byte words) serves aligned
// 4- and 8-byte accesses without a DataView call, where the host is little-endian (`aligned`;
// every engine we target is).
// What it leaves to others: the JS Memory object (core/api/memory.ts) and the limits policy of
// the embedder (a page limit is passed to grow; the limits in effect at allocation are kept in
// limitPages and maxBytes).
//
// Byte limit (a deviation for devices with less RAM than a page, in the spirit of wasm3's memory
// limit): with maxBytes >= 0 the buffer holds min(pages * 64 KiB, maxBytes) bytes. memory.size
// still reports pages; accesses past the buffer trap as out of bounds, since the interpreter's
// bounds check is one comparison against the buffer's length.

export const PAGE_SIZE = 65536;
/** Whether typed arrays use little-endian byte order here, as wasm memory does. (A function, not a
 *  module-level constant: no typed arrays at module level, see test/unit/platform.test.ts.) */
function littleEndian(): boolean {
  return new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
}
/** The spec's maximum number of pages for a 32-bit memory. */
export const MAX_PAGES = 65536;

export class MemoryInst {
  buffer: ArrayBuffer;
  u8: Uint8Array;
  /** The buffer's whole 4-byte words (length byteLength >> 2). */
  i32: Int32Array;
  /** 0 where i32 reads memory in wasm byte order (little-endian hosts), -1 elsewhere: the
   *  interpreter uses i32 for an access at address ea when (ea & 3) === aligned. */
  aligned: number;
  view: DataView;
  /** Current size in pages. */
  pages: number;
  /** Declared maximum in pages, -1 when none. */
  max: number;
  /** Called after each successful grow (the JS API refreshes its buffer object here). */
  onGrow: ((mem: MemoryInst) => void) | null;
  /** The embedder's page limit for this memory (-1: none besides the one passed to grow). */
  limitPages: number;
  /** The embedder's byte limit for this memory's buffer (-1: none). */
  maxBytes: number;
  /** The JS API object (WebAssembly.Memory/Table/Global) for this instance, made once on demand. */
  jsWrapper: any;

  constructor(initialPages: number, max: number, limitPages?: number, maxBytes?: number) {
    this.pages = initialPages;
    this.max = max;
    this.limitPages = limitPages === undefined ? -1 : limitPages;
    this.maxBytes = maxBytes === undefined ? -1 : maxBytes;
    this.buffer = new ArrayBuffer(this.byteLengthFor(initialPages));
    this.u8 = new Uint8Array(this.buffer);
    this.i32 = new Int32Array(this.buffer, 0, this.buffer.byteLength >> 2);
    this.aligned = littleEndian() ? 0 : -1;
    this.view = new DataView(this.buffer);
    this.onGrow = null;
    this.jsWrapper = null;
  }

  /** The buffer size for `pages` pages: pages * 64 KiB, capped at maxBytes. */
  byteLengthFor(pages: number): number {
    const n = pages * PAGE_SIZE;
    return this.maxBytes >= 0 && n > this.maxBytes ? this.maxBytes : n;
  }

  /** Grows by `delta` pages; returns the old size in pages, or -1 (memory unchanged). */
  grow(delta: number, limitPages: number): number {
    const old = this.pages;
    const next = old + delta;
    let cap = this.max >= 0 && this.max < limitPages ? this.max : limitPages;
    if (this.limitPages >= 0 && this.limitPages < cap) cap = this.limitPages;
    if (next > cap || next > MAX_PAGES) return -1;
    if (delta === 0) return old;
    const bytes = this.byteLengthFor(next);
    if (bytes === this.buffer.byteLength) {
      this.pages = next;
      if (this.onGrow) this.onGrow(this);
      return old;
    }
    let buffer: ArrayBuffer;
    try {
      buffer = new ArrayBuffer(bytes);
    } catch (e) {
      return -1;
    }
    const u8 = new Uint8Array(buffer);
    u8.set(this.u8);
    this.buffer = buffer;
    this.u8 = u8;
    this.i32 = new Int32Array(buffer, 0, bytes >> 2);
    this.view = new DataView(buffer);
    this.pages = next;
    if (this.onGrow) this.onGrow(this);
    return old;
  }
}
