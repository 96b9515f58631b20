// memory.fill and memory.copy (core/exec/bulk.ts) on a memory whose byte array lacks fill and
// copyWithin, as on Duktape: the set()-based paths must give what the plain byte loops give,
// for lengths around their 16-byte threshold, overlapping and disjoint ranges, both directions.
import { describe, expect, test } from 'vitest';
import { memoryCopy, memoryFill } from '../../../core/exec/bulk';
import type { MemoryInst } from '../../../core/runtime/memory';

const SIZE = 300;

/** A memory-like object whose u8 has no fill/copyWithin (own properties shadow the prototype's). */
function oldEngineMemory(): MemoryInst {
  const u8 = new Uint8Array(SIZE);
  for (let i = 0; i < SIZE; i++) u8[i] = (i * 7 + 3) & 0xff;
  Object.defineProperty(u8, 'fill', { value: undefined });
  Object.defineProperty(u8, 'copyWithin', { value: undefined });
  return { u8 } as unknown as MemoryInst;
}

function reference(): number[] {
  const a: number[] = [];
  for (let i = 0; i < SIZE; i++) a.push((i * 7 + 3) & 0xff);
  return a;
}

const lengths = [0, 1, 15, 16, 17, 31, 32, 33, 64, 100, 131];

describe('bulk memory without fill and copyWithin', () => {
  test('the byte array really lacks them', () => {
    const m = oldEngineMemory();
    expect(typeof m.u8.fill).toBe('undefined');
    expect(typeof m.u8.copyWithin).toBe('undefined');
  });

  test('memory.fill', () => {
    for (const n of lengths) {
      for (const d of [0, 5, SIZE - n]) {
        const m = oldEngineMemory();
        expect(memoryFill(m, d, 0x1ab, n)).toBe(0);
        const want = reference();
        for (let i = d; i < d + n; i++) want[i] = 0xab;
        expect([n, d, Array.from(m.u8)]).toEqual([n, d, want]);
      }
    }
  });

  test('memory.copy, disjoint and overlapping, forwards and backwards', () => {
    for (const n of lengths) {
      for (const [d, s] of [[0, 150], [150, 0], [10, 20], [20, 10], [40, 40 + n], [40 + n, 40], [3, 4], [4, 3]]) {
        if (d + n > SIZE || s + n > SIZE) continue;
        const m = oldEngineMemory();
        expect(memoryCopy(m, d, s, n)).toBe(0);
        const want = reference();
        const src = want.slice(s, s + n);
        for (let i = 0; i < n; i++) want[d + i] = src[i];
        expect([n, d, s, Array.from(m.u8)]).toEqual([n, d, s, want]);
      }
    }
  });

  test('past 64 KiB on an engine whose views stop there (Espruino), the byte loops', () => {
    const size = 65536 + 200;
    const u8 = new Uint8Array(size);
    for (let i = 0; i < size; i++) u8[i] = i & 0xff;
    Object.defineProperty(u8, 'fill', { value: undefined });
    Object.defineProperty(u8, 'copyWithin', { value: undefined });
    const sub = u8.subarray;
    Object.defineProperty(u8, 'subarray', { value: function (this: Uint8Array, a: number, b: number) {
      if (a > 65535) throw new Error('byteOffset too large (or negative)');
      return sub.call(this, a, b);
    } });
    const m = { u8 } as unknown as MemoryInst;
    expect(memoryCopy(m, 65536 + 100, 65536, 50)).toBe(0);
    expect(memoryFill(m, 65536 + 10, 7, 40)).toBe(0);
    const want: number[] = [];
    for (let i = 0; i < size; i++) want.push(i & 0xff);
    for (let i = 0; i < 50; i++) want[65536 + 100 + i] = (65536 + i) & 0xff;
    for (let i = 0; i < 40; i++) want[65536 + 10 + i] = 7;
    expect(Array.from(u8)).toEqual(want);
  });

  test('out of bounds traps and writes nothing', () => {
    const m = oldEngineMemory();
    expect(memoryFill(m, SIZE - 10, 1, 11)).not.toBe(0);
    expect(memoryCopy(m, 0, SIZE - 10, 11)).not.toBe(0);
    expect(Array.from(m.u8)).toEqual(reference());
  });
});
