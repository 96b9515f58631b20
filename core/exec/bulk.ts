// The bulk memory and table instructions of Wasm 2.0 (memory.fill/copy/init, table.fill/copy/
// init), called by the interpreter (interpreter.ts) with their operands already read as unsigned
// numbers. Each checks its bounds before writing anything (the 2.0 semantics: an out-of-range
// access traps with memory and tables unchanged, even when the length is 0) and returns a Trap
// code, 0 when it succeeded. What it leaves to others: reading operands, the simple one-element
// ops (table.get/set/size/grow, data.drop, elem.drop) and memory growth (interpreter.ts).
import { Trap } from '../errors';
import type { MemoryInst } from '../runtime/memory';
import type { TableInst } from '../runtime/table';
import type { ModuleInstance } from '../runtime/instance';

/**
 * Whether u8's views reach byte `end`: Espruino keeps a view's byte offset in 16 bits, so a
 * subarray past 65535 fails there (measured on Espruino 2v29). Probed on the array itself, and
 * only when it is that large: no allocation but one view.
 */
function viewsReach(u8: Uint8Array, end: number): boolean {
  if (end <= 65536) return true;
  try {
    return u8.subarray(65536, 65537).byteOffset === u8.byteOffset + 65536;
  } catch (e) {
    return false;
  }
}

/** memory.fill: sets n bytes at d to the low byte of val. */
export function memoryFill(mem: MemoryInst, d: number, val: number, n: number): number {
  const u8 = mem.u8;
  if (d + n > u8.length) return Trap.OutOfBoundsMemoryAccess;
  if (n === 0) return Trap.None;
  const byte = val & 0xff;
  if (typeof u8.fill === 'function') {
    u8.fill(byte, d, d + n);
  } else if (n > 16 && viewsReach(u8, d + n)) {
    // No fill (Duktape): the first bytes by hand, then the filled part copied after itself,
    // doubling, by set() (the ranges do not overlap).
    for (let i = d; i < d + 16; i++) u8[i] = byte;
    for (let done = 16; done < n; done += done) u8.set(u8.subarray(d, d + (done < n - done ? done : n - done)), d + done);
  } else {
    for (let i = d, end = d + n; i < end; i++) u8[i] = byte;
  }
  return Trap.None;
}

/** memory.copy: copies n bytes from s to d; overlapping ranges behave like memmove. */
export function memoryCopy(mem: MemoryInst, d: number, s: number, n: number): number {
  const u8 = mem.u8;
  const len = u8.length;
  if (s + n > len || d + n > len) return Trap.OutOfBoundsMemoryAccess;
  if (n === 0 || d === s) return Trap.None;
  if (typeof u8.copyWithin === 'function') {
    u8.copyWithin(d, s, s + n);
  } else if (n > 16 && (s + n <= d || d + n <= s) && viewsReach(u8, (s > d ? s : d) + n)) {
    // No copyWithin (Duktape): set() over a subarray when the ranges do not overlap (an
    // overlapping set() is specified to copy as if through a temporary, but engines that lack
    // copyWithin are not trusted to have done that).
    u8.set(u8.subarray(s, s + n), d);
  } else {
    moveBytes(u8, d, s, n);
  }
  return Trap.None;
}

/** memmove within one byte array, by hand (for engines without copyWithin). */
export function moveBytes(u8: Uint8Array, d: number, s: number, n: number): void {
  if (d < s) {
    for (let i = 0; i < n; i++) u8[d + i] = u8[s + i];
  } else {
    for (let i = n - 1; i >= 0; i--) u8[d + i] = u8[s + i];
  }
}

/** memory.init: copies n bytes of data segment seg, from offset s, to memory at d. */
export function memoryInit(inst: ModuleInstance, mem: MemoryInst, seg: number, d: number, s: number, n: number): number {
  const data = inst.module.datas[seg];
  const segLen = inst.dataLive[seg] === 0 ? 0 : data.end - data.start;
  const u8 = mem.u8;
  if (s + n > segLen || d + n > u8.length) return Trap.OutOfBoundsMemoryAccess;
  if (n === 0) return Trap.None;
  const bytes = inst.module.bytes;
  const from = data.start + s;
  // Source and destination are different buffers, so a plain loop or set() are equivalent;
  // set() over a subarray is much faster for large segments.
  if (n > 16) {
    u8.set(bytes.subarray(from, from + n), d);
  } else {
    for (let i = 0; i < n; i++) u8[d + i] = bytes[from + i];
  }
  return Trap.None;
}

/** table.fill: sets n elements from index i to ref. */
export function tableFill(tab: TableInst, i: number, ref: any, n: number): number {
  const elements = tab.elements;
  if (i + n > elements.length) return Trap.OutOfBoundsTableAccess;
  for (let k = i, end = i + n; k < end; k++) elements[k] = ref;
  return Trap.None;
}

/** table.copy: copies n elements of src from s to dst at d (the same table may overlap). */
export function tableCopy(dst: TableInst, src: TableInst, d: number, s: number, n: number): number {
  const to = dst.elements;
  const from = src.elements;
  if (s + n > from.length || d + n > to.length) return Trap.OutOfBoundsTableAccess;
  if (to === from && d > s) {
    for (let k = n - 1; k >= 0; k--) to[d + k] = from[s + k];
  } else {
    for (let k = 0; k < n; k++) to[d + k] = from[s + k];
  }
  return Trap.None;
}

/** table.init: copies n references of element segment seg, from s, to table tab at d. */
export function tableInit(inst: ModuleInstance, tab: TableInst, seg: number, d: number, s: number, n: number): number {
  const elem = inst.elems[seg];
  const to = tab.elements;
  if (s + n > elem.length || d + n > to.length) return Trap.OutOfBoundsTableAccess;
  for (let k = 0; k < n; k++) to[d + k] = elem[s + k];
  return Trap.None;
}
