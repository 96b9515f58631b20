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
import { isRefType } from './opcodes';

/** Most constants hoisted for one outermost loop. */
export const MAX_HOISTED = 16;

/**
 * The constants of each outermost loop of the body at bytes[start..end) (after the locals), in
 * order: for loop i, count = out[k], then `count` pairs (lo, hi) (hi = 0 for 32-bit constants),
 * then the next loop. Returns the largest count (the slots the frame needs), 0 when none.
 * `out` is cleared first and grown as needed (returned in `this`-less style: result.list).
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
    while (r.pos < r.end) {
      const byte = r.u8();
      switch (byte) {
        case 0x02: case 0x03: case 0x04:
          r.s33();
          if (depth === kinds.length) { const k = new Uint8Array(2 * depth); k.set(kinds); kinds = k; }
          kinds[depth++] = byte === 0x03 ? 1 : 0;
          if (byte === 0x03 && loops++ === 0) {
            head = result.n;
            result.push(0);
          }
          break;
        case 0x0b:
          if (depth === 0) return most; // the body's end
          if (kinds[--depth] === 1) loops--;
          break;
        case 0x0c: case 0x0d: case 0x10: case 0x20: case 0x21: case 0x22: case 0x23: case 0x24: case 0x25:
        case 0x26: case 0xd2: r.u32(); break;
        case 0x0e: {
          const n = r.u32();
          if (n > r.end - r.pos) return fail(result);
          for (let i = 0; i <= n; i++) r.u32();
          break;
        }
        case 0x11: r.u32(); r.u32(); break;
        case 0x1c: {
          const k = r.u32();
          if (k > r.end - r.pos) return fail(result);
          for (let i = 0; i < k; i++) r.u8();
          break;
        }
        case 0x3f: case 0x40: r.u8(); break;
        case 0x41: {
          const v = r.s32();
          // Left to the immediate forms when an i32 operation taking one follows.
          const next = r.pos < r.end ? bytes[r.pos] : 0;
          if (loops > 0 && !((next >= 0x46 && next <= 0x4f) || (next >= 0x6a && next <= 0x78))) most = add(result, head, v, 0, most);
          break;
        }
        case 0x42: {
          const lo = r.s64();
          if (loops > 0) most = add(result, head, lo, r.hi, most);
          break;
        }
        case 0x43: {
          const bits = r.bits32();
          if (loops > 0) most = add(result, head, bits, 0, most);
          break;
        }
        case 0x44: {
          const lo = r.bits32();
          const hi = r.bits32();
          if (loops > 0) most = add(result, head, lo, hi, most);
          break;
        }
        case 0xd0: if (!isRefType(r.u8())) return fail(result); break;
        case 0xfc: {
          const sub = r.u32();
          if (sub <= 7) break;
          if (sub === 8 || sub === 9) { r.u32(); if (sub === 8) r.u8(); }
          else if (sub === 10) { r.u8(); r.u8(); }
          else if (sub === 11) r.u8();
          else if (sub === 12 || sub === 14) { r.u32(); r.u32(); }
          else if (sub >= 13 && sub <= 17) r.u32();
          else return fail(result);
          break;
        }
        default:
          if (byte >= 0x28 && byte <= 0x3e) { r.u32(); r.u32(); }
          else if (!(byte <= 0x01 || byte === 0x05 || byte === 0x0f || byte === 0x1a || byte === 0x1b ||
              (byte >= 0x45 && byte <= 0xc4) || byte === 0xd1)) return fail(result);
      }
    }
  } catch (e) {
    // Malformed: no hoisting (the compiler reports the error).
  }
  return fail(result);
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
    if (this.n === this.list.length) {
      const l = new Int32Array(2 * this.n);
      l.set(this.list);
      this.list = l;
    }
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
