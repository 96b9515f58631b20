// The Reader's LEB128, length and name decoding, against a BigInt oracle (encodings of random
// and edge values, minimal and padded) and the error cases of binary-leb128.wast.
import { describe, expect, test } from 'vitest';
import { Reader, decodeUtf8 } from '../../../core/binary/reader';
import { CompileError } from '../../../core/errors';

/** LEB128 of v (signed or unsigned), padded to at least `minLen` bytes. */
function leb(v: bigint, signed: boolean, minLen = 0): number[] {
  const out: number[] = [];
  for (;;) {
    const byte = Number(v & 0x7fn);
    v >>= 7n;
    const done = signed ? (v === 0n && !(byte & 0x40)) || (v === -1n && (byte & 0x40) !== 0) : v === 0n;
    if (done && out.length + 1 >= minLen) {
      out.push(byte);
      return out;
    }
    out.push(byte | 0x80);
  }
}

function reader(bytes: number[]): Reader {
  return new Reader(new Uint8Array(bytes), 0, bytes.length);
}

function errorOf(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(CompileError);
    return (e as Error).message;
  }
  throw new Error('no error');
}

let seed = 12345;
function random32(): number {
  seed = (seed * 1103515245 + 12345) >>> 0;
  return seed;
}
function randomBig(bits: number): bigint {
  let v = 0n;
  for (let i = 0; i < bits; i += 32) v = (v << 32n) | BigInt(random32());
  return BigInt.asUintN(bits, v);
}

describe('u32', () => {
  const values = [0n, 1n, 63n, 64n, 127n, 128n, 0x3fffn, 0x4000n, 0x7fffffffn, 0x80000000n, 0xffffffffn];
  for (let i = 0; i < 200; i++) values.push(randomBig(32) >> BigInt(random32() % 32));
  test('decodes minimal and padded encodings', () => {
    for (const v of values) {
      for (const pad of [0, 5]) {
        const bytes = leb(v, false, pad);
        const r = reader(bytes);
        expect(r.u32()).toBe(Number(v));
        expect(r.pos).toBe(bytes.length);
      }
    }
  });
  test('rejects overlong and too large encodings', () => {
    expect(errorOf(() => reader([0x82, 0x80, 0x80, 0x80, 0x80, 0x00]).u32())).toMatch(/^integer representation too long/);
    expect(errorOf(() => reader([0x82, 0x80, 0x80, 0x80, 0x70]).u32())).toMatch(/^integer too large/);
    expect(errorOf(() => reader([0x82, 0x80, 0x80, 0x80, 0x10]).u32())).toMatch(/^integer too large/);
    // too large is checked before too long, as the reference interpreter does
    expect(errorOf(() => reader([0x80, 0x80, 0x80, 0x80, 0x90, 0x00]).u32())).toMatch(/^integer too large/);
    expect(errorOf(() => reader([0x80, 0x80]).u32())).toMatch(/^unexpected end/);
  });
});

describe('s32', () => {
  const values = [0n, 1n, -1n, 63n, 64n, -64n, -65n, 0x7fffffffn, -0x80000000n];
  for (let i = 0; i < 200; i++) values.push(BigInt.asIntN(32, randomBig(32)) >> BigInt(random32() % 32));
  test('decodes minimal and padded encodings', () => {
    for (const v of values) {
      for (const pad of [0, 5]) {
        const bytes = leb(v, true, pad);
        const r = reader(bytes);
        expect(r.s32()).toBe(Number(v));
        expect(r.pos).toBe(bytes.length);
      }
    }
  });
  test('rejects overlong and too large encodings', () => {
    expect(errorOf(() => reader([0x80, 0x80, 0x80, 0x80, 0x80, 0x00]).s32())).toMatch(/^integer representation too long/);
    expect(errorOf(() => reader([0xff, 0xff, 0xff, 0xff, 0xff, 0x7f]).s32())).toMatch(/^integer representation too long/);
    expect(errorOf(() => reader([0x80, 0x80, 0x80, 0x80, 0x70]).s32())).toMatch(/^integer too large/);
    expect(errorOf(() => reader([0xff, 0xff, 0xff, 0xff, 0x0f]).s32())).toMatch(/^integer too large/);
    expect(errorOf(() => reader([0x80, 0x80, 0x80, 0x80, 0x1f]).s32())).toMatch(/^integer too large/);
    expect(errorOf(() => reader([0xff, 0xff, 0xff, 0xff, 0x4f]).s32())).toMatch(/^integer too large/);
  });
});

describe('s33', () => {
  const values = [0n, 1n, -1n, -64n, 0x40n, 0xffffffffn, -0x100000000n, 0x7fffffffn];
  for (let i = 0; i < 200; i++) values.push(BigInt.asIntN(33, randomBig(64)) >> BigInt(random32() % 33));
  test('decodes minimal and padded encodings', () => {
    for (const v of values) {
      for (const pad of [0, 5]) {
        const bytes = leb(v, true, pad);
        const r = reader(bytes);
        expect(r.s33()).toBe(Number(v));
        expect(r.pos).toBe(bytes.length);
      }
    }
  });
  test('rejects overlong and too large encodings', () => {
    expect(errorOf(() => reader([0x80, 0x80, 0x80, 0x80, 0x80, 0x00]).s33())).toMatch(/^integer representation too long/);
    expect(errorOf(() => reader([0x80, 0x80, 0x80, 0x80, 0x20]).s33())).toMatch(/^integer too large/);
    expect(errorOf(() => reader([0xff, 0xff, 0xff, 0xff, 0x4f]).s33())).toMatch(/^integer too large/);
  });
});

describe('s64', () => {
  const values = [0n, 1n, -1n, -64n, 0x7fffffffn, 0x80000000n, -0x80000000n, -0x80000001n, 0xffffffffn,
    0x7fffffffffffffffn, -0x8000000000000000n, 1n << 35n, -(1n << 35n)];
  for (let i = 0; i < 300; i++) values.push(BigInt.asIntN(64, randomBig(64)) >> BigInt(random32() % 64));
  test('decodes minimal and padded encodings', () => {
    for (const v of values) {
      for (const pad of [0, 10]) {
        const bytes = leb(v, true, pad);
        const r = reader(bytes);
        const lo = r.s64();
        const got = (BigInt(r.hi) << 32n) | BigInt(lo >>> 0);
        expect(got).toBe(v);
        expect(lo).toBe(lo | 0);
        expect(r.pos).toBe(bytes.length);
      }
    }
  });
  test('rejects overlong and too large encodings', () => {
    const zeros = [0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80];
    const ones = [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff];
    expect(errorOf(() => reader([...zeros, 0x80, 0x00]).s64())).toMatch(/^integer representation too long/);
    expect(errorOf(() => reader([...ones, 0xff, 0x7f]).s64())).toMatch(/^integer representation too long/);
    expect(errorOf(() => reader([...zeros, 0x7e]).s64())).toMatch(/^integer too large/);
    expect(errorOf(() => reader([...ones, 0x01]).s64())).toMatch(/^integer too large/);
    expect(errorOf(() => reader([...zeros, 0x02]).s64())).toMatch(/^integer too large/);
    expect(errorOf(() => reader([...ones, 0x41]).s64())).toMatch(/^integer too large/);
  });
});

describe('lengths, bytes and names', () => {
  test('len32 bounds a length by the bytes left from its own start', () => {
    // 3 bytes from the LEB's start: a length of 3 passes len32 (the reference's bound) ...
    const r = reader([0x03, 0x61, 0x62]);
    expect(r.len32()).toBe(3);
    // ... but reading that many bytes does not.
    expect(errorOf(() => r.skip(3))).toMatch(/^unexpected end of section or function/);
    expect(errorOf(() => reader([0x04, 0x61, 0x62]).len32())).toMatch(/^length out of bounds/);
  });
  test('name decodes UTF-8 without copying and rejects malformed UTF-8', () => {
    const text = 'aé€😀';
    const utf8 = [...Buffer.from(text, 'utf8')];
    const r = reader([utf8.length, ...utf8, 0x99]);
    expect(r.name()).toBe(text);
    expect(r.pos).toBe(utf8.length + 1);
    expect(errorOf(() => reader([2, 0xc0, 0x80]).name())).toMatch(/^malformed UTF-8 encoding/);
    expect(errorOf(() => reader([3, 0xed, 0xa0, 0x80]).name())).toMatch(/^malformed UTF-8 encoding/); // surrogate
    expect(errorOf(() => reader([4, 0xf4, 0x90, 0x80, 0x80]).name())).toMatch(/^malformed UTF-8 encoding/); // > U+10FFFF
    expect(errorOf(() => reader([1, 0xe2]).name())).toMatch(/^malformed UTF-8 encoding/); // truncated
    expect(errorOf(() => reader([5, 0x61]).name())).toMatch(/^length out of bounds/);
  });
  test('decodeUtf8 agrees with Node on every code point class', () => {
    const samples = ['', 'abc', '\u0000', '\u007f', '\u0080', '\u07ff', '\u0800', '\uffff', '\ud800\udc00', '\udbff\udfff'];
    for (const s of samples) {
      const b = Buffer.from(s, 'utf8');
      expect(decodeUtf8(new Uint8Array(b), 0, b.length)).toBe(s);
    }
  });
  test('bits32 reads little-endian raw bits', () => {
    const r = reader([0x00, 0x00, 0xc0, 0x7f, 0x01]);
    expect(r.bits32()).toBe(0x7fc00000);
    expect(errorOf(() => r.bits32())).toMatch(/^unexpected end/);
  });
});
