// Error reporting of the compiler on hand-made bodies: malformed beats invalid (decoding comes
// first in the spec), messages and offsets, locals limits, and the reuse of the compiler's
// buffers from one function to the next.
import { describe, expect, test } from 'vitest';
import { decodeModule } from '../../../core/binary/decode';
import { compileFunction } from '../../../core/compile/compiler';
import { Op } from '../../../core/compile/ops';
import { dispatchOf } from '../../../core/compile/dispatch';

/** A module with one type `() -> ()` (or `(i32) -> i32` when `unary`), memory 1 and one function per body. */
function moduleBytes(bodies: number[][], unary = false): Uint8Array {
  const out: number[] = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];
  const leb = (n: number): number[] => (n < 0x80 ? [n] : [(n & 0x7f) | 0x80, ...leb(n >>> 7)]);
  const section = (id: number, payload: number[]) => out.push(id, ...leb(payload.length), ...payload);
  section(1, unary ? [1, 0x60, 1, 0x7f, 1, 0x7f] : [1, 0x60, 0, 0]);
  section(3, [bodies.length, ...bodies.map(() => 0)]);
  section(5, [1, 0, 1]);
  const code: number[] = [bodies.length];
  for (const b of bodies) code.push(...leb(b.length), ...b);
  section(10, code);
  return new Uint8Array(out);
}

/** The message of the CompileError that decoding + compiling `body` throws (the decoder checks locals too). */
function compileError(body: number[], unary = false): string {
  try {
    const m = decodeModule(moduleBytes([body], unary));
    compileFunction(m, 0);
  } catch (e: any) {
    expect(e.name).toBe('CompileError');
    return e.message;
  }
  return 'no error';
}

describe('compile errors', () => {
  test('an invalid instruction before a malformed one reports the malformation', () => {
    // i32.add on an empty stack (invalid), then opcode 0xff (malformed)
    expect(compileError([0x00, 0x6a, 0xff, 0x0b])).toMatch(/^illegal opcode/);
    // invalid only
    expect(compileError([0x00, 0x6a, 0x0b])).toMatch(/^type mismatch @ offset \d+$/);
    // invalid, then a bad reserved byte of memory.size
    expect(compileError([0x00, 0x6a, 0x3f, 0x01, 0x0b])).toMatch(/^zero byte expected/);
  });

  test('immediates and reserved bytes', () => {
    expect(compileError([0x00, 0x3f, 0x01, 0x1a, 0x0b])).toMatch(/^zero byte expected/);
    expect(compileError([0x00, 0x41, 0x80, 0x80, 0x80, 0x80, 0x70, 0x1a, 0x0b])).toMatch(/^integer too large/);
    expect(compileError([0x00, 0x41, 0x00, 0x28, 0x03, 0x00, 0x1a, 0x0b])).toMatch(/^alignment must not be larger than natural/);
    expect(compileError([0x00, 0x20, 0x01, 0x0b], true)).toMatch(/^unknown local/);
    expect(compileError([0x00, 0x0c, 0x01, 0x0b])).toMatch(/^unknown label/);
    expect(compileError([0x00, 0x02, 0x05, 0x0b, 0x0b])).toMatch(/^unknown type/);
    expect(compileError([0x00, 0x1c, 0x02, 0x7f, 0x7f, 0x0b])).toMatch(/^invalid result arity/);
    expect(compileError([0x00, 0x05, 0x0b])).toMatch(/^misplaced ELSE/);
  });

  test('body structure', () => {
    expect(compileError([0x00, 0x0b, 0x01])).toMatch(/^section size mismatch/);
    expect(compileError([0x00, 0x02, 0x40, 0x0b])).toMatch(/^unexpected end of section or function/);
    expect(compileError([0x01, 0x80, 0x80, 0x04, 0x7f, 0x0b])).toMatch(/^too many locals/);
    expect(compileError([0x01, 0x01, 0x7a, 0x0b])).toMatch(/^malformed/);
  });

  test('a valid if without else needs equal parameter and result types', () => {
    // if (result i32) without else: the missing else cannot produce the i32
    expect(compileError([0x00, 0x20, 0x00, 0x04, 0x7f, 0x41, 0x01, 0x0b, 0x0b], true)).toMatch(/^type mismatch/);
  });

  test('buffers are reused without leaking between functions', () => {
    const big: number[] = [0x00];
    for (let i = 0; i < 300; i++) big.push(0x41, 0x01, 0x1a); // i32.const 1; drop
    big.push(0x0b);
    const small = [0x00, 0x0b];
    const m = decodeModule(moduleBytes([big, small, big]));
    const a = compileFunction(m, 0);
    const b = compileFunction(m, 1);
    const c = compileFunction(m, 2);
    expect(Array.from(b.code)).toEqual([dispatchOf(Op.RETURN)]);
    expect(a.code.length).toBe(300 * 2 + 1); // packed: CONST32 d v is 2 words
    expect(Array.from(c.code)).toEqual(Array.from(a.code));
    expect(m.compiled[1]).toBe(b);
    expect(b.frameSlots).toBe(0);
  });
});
