// Constants hoisted out of loops: a quick scan of a function body, before the compiler's one
// pass, lists for each outermost `loop` the distinct constants used inside it (i32/i64/f32/f64
// `const`, as raw bits), at most MAX_HOISTED per loop. The compiler (compiler.ts) gives them
// frame slots after the locals, writes them once right before the loop (CONST32/CONST64 in the
// loop's preheader, which every entry into the loop passes), and inside the loop lets each such
// constant be an operand that reads its slot, as `local.get` reads a local: no instruction per
// constant per iteration. An i32.const right before an i32 operation that takes an immediate
// (add, sub, mul, and, or, xor, shifts, rotates, compares) is left to the compiler's immediate
// forms instead. What it leaves to others: decoding errors (a body this scan cannot read gets no
// hoisting; the compiler then reports what is wrong), validation, emitting code.
import { Reader } from '../binary/reader';
import { skipImmediates } from './opcodes';
import { growI32 } from './validator';

/** Most constants hoisted for one outermost loop. */
export const MAX_HOISTED = 16;

/**
 * The constants of each outermost loop of the body at bytes[start..end) (after the locals), into
 * `result` (cleared first), in order: for each loop its count, then `count` pairs (lo, hi) (hi = 0
 * for 32-bit constants), then the next loop. Returns the largest count (the slots the frame
 * needs); 0 and an empty list when there are none or the body cannot be read.
 */
export function scanLoopConstants(bytes: Uint8Array, start: number, end: number, result: HoistList): number {
  result.n = 0;
  const r = new Reader(bytes, start, end);
  let most = 0;
  try {
    // Nesting: kinds of the open blocks (1 = loop), grown as needed; `loops` open loops.
    let kinds = new Uint8Array(16);
    let depth = 0;
    let loops = 0;
    let head = -1; // index in result.list of the current outermost loop's count
    const c = new Reader(bytes, start, end); // rereads a constant's immediate
    while (r.pos < r.end) {
      const at = r.pos;
      const byte = r.u8();
      if (byte === 0x0b) {
        if (depth === 0) return most; // the body's end
        if (kinds[--depth] === 1) loops--;
        continue;
      }
      if (byte === 0x02 || byte === 0x03 || byte === 0x04) {
        if (depth === kinds.length) { const k = new Uint8Array(2 * depth); k.set(kinds); kinds = k; }
        kinds[depth++] = byte === 0x03 ? 1 : 0;
        if (byte === 0x03 && loops++ === 0) {
          head = result.n;
          result.push(0);
        }
      }
      skipImmediates(r, byte, false);
      if (loops === 0 || byte < 0x41 || byte > 0x44) continue;
      // A constant inside a loop: read its value again from its immediate.
      c.pos = at + 1;
      if (byte === 0x41) {
        const v = c.s32();
        if (!takesImmediate(bytes, r.pos, r.end)) most = add(result, head, v, 0, most);
      } else if (byte === 0x42) {
        const lo = c.s64();
        most = add(result, head, lo, c.hi, most);
      } else if (byte === 0x43) {
        most = add(result, head, c.bits32(), 0, most);
      } else {
        const lo = c.bits32();
        most = add(result, head, lo, c.bits32(), most);
      }
    }
  } catch (e) {
    // Malformed: no hoisting (the compiler reports the error).
  }
  return fail(result);
}

/**
 * Whether the instruction at bytes[pos] (right after an i32.const) is an i32 operation with an
 * immediate form in the compiler (compares 0x46-0x4f, add..rotr 0x6a-0x78): such a constant is
 * left to it, not hoisted.
 */
export function takesImmediate(bytes: Uint8Array, pos: number, end: number): boolean {
  const next = pos < end ? bytes[pos] : 0;
  return (next >= 0x46 && next <= 0x4f) || (next >= 0x6a && next <= 0x78);
}

/** The list scanLoopConstants fills: int words, n used. */
export class HoistList {
  list: Int32Array;
  n: number;

  constructor() {
    this.list = new Int32Array(64);
    this.n = 0;
  }

  push(x: number): void {
    if (this.n === this.list.length) this.list = growI32(this.list, 2 * this.n);
    this.list[this.n++] = x;
  }
}

/** Adds constant (lo, hi) to the loop whose count is at list[head], unless present or full; returns the new largest count. */
function add(result: HoistList, head: number, lo: number, hi: number, most: number): number {
  const list = result.list;
  const count = list[head];
  for (let i = 0; i < count; i++) if (list[head + 1 + 2 * i] === lo && list[head + 2 + 2 * i] === hi) return most;
  if (count === MAX_HOISTED) return most;
  result.push(lo);
  result.push(hi);
  result.list[head] = count + 1;
  return count + 1 > most ? count + 1 : most;
}

/** No hoisting: an empty list. */
function fail(result: HoistList): number {
  result.n = 0;
  return 0;
}
