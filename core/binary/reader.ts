// A cursor over the module bytes: LEB128 integers, fixed-width floats as raw bits, lengths and
// names (UTF-8, validated and decoded by hand: no TextDecoder on every engine). Malformed input
// throws CompileError with the spec's wording and the byte offset. The bytes are only read, never
// copied. The caller decides what the numbers mean.
// LEB128 errors follow the reference interpreter: a last byte with bits beyond the type's width
// is "integer too large" (checked first), a last byte with the continuation bit is "integer
// representation too long". Reading past `end` is "unexpected end of section or function".
import { compileError } from '../errors';

export class Reader {
  bytes: Uint8Array;
  pos: number;
  end: number;
  /** High word of the last s64() result (the low word is returned). */
  hi: number;

  constructor(bytes: Uint8Array, pos: number, end: number) {
    this.bytes = bytes;
    this.pos = pos;
    this.end = end;
    this.hi = 0;
  }

  eof(): boolean {
    return this.pos >= this.end;
  }

  u8(): number {
    if (this.pos >= this.end) compileError('unexpected end of section or function', this.pos);
    return this.bytes[this.pos++];
  }

  /** Moves past n bytes. */
  skip(n: number): void {
    if (n < 0 || n > this.end - this.pos) compileError('unexpected end of section or function', this.pos);
    this.pos += n;
  }

  /**
   * A u32 length or count: "length out of bounds" when it exceeds the bytes left counted from the
   * start of the LEB128 itself (the reference interpreter's bound; a count of n items needs at
   * least n bytes, so this also stops absurd allocations before they happen).
   */
  len32(): number {
    const at = this.pos;
    const n = this.u32();
    if (n > this.end - at) compileError('length out of bounds', at);
    return n;
  }

  /** Unsigned LEB128, at most 32 bits. */
  u32(): number {
    let result = 0;
    let shift = 0;
    for (let i = 0; i < 5; i++) {
      const b = this.u8();
      if (i === 4) {
        if (b & 0x70) compileError('integer too large', this.pos - 1);
        if (b & 0x80) compileError('integer representation too long', this.pos);
        return (result + b * 0x10000000) >>> 0;
      }
      result |= (b & 0x7f) << shift;
      if (!(b & 0x80)) return result >>> 0;
      shift += 7;
    }
    return result >>> 0; // not reached
  }

  /** Signed LEB128, at most 32 bits; returns an int32. */
  s32(): number {
    let result = 0;
    let shift = 0;
    for (let i = 0; i < 5; i++) {
      const b = this.u8();
      if (i === 4) {
        const rest = b & 0x78; // bits that must repeat bit 31 (bit 3 of this byte)
        if (rest !== 0 && rest !== 0x78) compileError('integer too large', this.pos - 1);
        if (b & 0x80) compileError('integer representation too long', this.pos);
        return result | (b << 28);
      }
      result |= (b & 0x7f) << shift;
      shift += 7;
      if (!(b & 0x80)) {
        if (shift < 32 && (b & 0x40)) result |= -1 << shift;
        return result | 0;
      }
    }
    return result; // not reached
  }

  /** Signed LEB128 of at most 33 bits (block types); returns the value as a JS number. */
  s33(): number {
    let result = 0;
    let mul = 1;
    for (let i = 0; i < 5; i++) {
      const b = this.u8();
      if (i === 4) {
        const rest = b & 0x70; // bits that must repeat bit 32 (bit 4 of this byte)
        if (rest !== 0 && rest !== 0x70) compileError('integer too large', this.pos - 1);
        if (b & 0x80) compileError('integer representation too long', this.pos);
        result += (b & 0x7f) * mul;
        if (b & 0x40) result -= mul * 128; // negative: the 35-bit group value wraps
        return result;
      }
      result += (b & 0x7f) * mul;
      mul *= 128;
      if (!(b & 0x80)) {
        if (b & 0x40) result -= mul;
        return result;
      }
    }
    return result; // not reached
  }

  /** Signed LEB128 of at most 64 bits: returns the low word, sets this.hi to the high word. */
  s64(): number {
    let lo = 0;
    let hi = 0;
    let shift = 0;
    for (let i = 0; i < 10; i++) {
      const b = this.u8();
      const bits = b & 0x7f;
      if (i === 9) {
        // Only bit 0 carries data (bit 63); the other bits must repeat it.
        if (bits !== 0 && bits !== 0x7f) compileError('integer too large', this.pos - 1);
        if (b & 0x80) compileError('integer representation too long', this.pos);
        hi |= (b & 1) << 31;
        this.hi = hi;
        return lo;
      }
      if (shift < 28) {
        lo |= bits << shift;
      } else if (shift === 28) {
        lo |= bits << 28;      // low 4 bits go to lo
        hi |= bits >>> 4;      // high 3 bits go to hi
      } else {
        hi |= bits << (shift - 32);
      }
      shift += 7;
      if (!(b & 0x80)) {
        if (b & 0x40) {
          // sign-extend from bit `shift`
          if (shift < 32) {
            lo |= -1 << shift;
            hi = -1;
          } else if (shift < 64) {
            hi |= -1 << (shift - 32);
          }
        }
        this.hi = hi | 0;
        return lo | 0;
      }
    }
    return lo; // not reached
  }

  /** 4 raw bytes, little-endian, as an int32 (f32 bits). */
  bits32(): number {
    if (this.pos + 4 > this.end) compileError('unexpected end of section or function', this.pos);
    const b = this.bytes;
    const p = this.pos;
    this.pos = p + 4;
    return b[p] | (b[p + 1] << 8) | (b[p + 2] << 16) | (b[p + 3] << 24);
  }

  /** A name: u32 length, then UTF-8; rejects malformed UTF-8. */
  name(): string {
    const len = this.len32();
    const start = this.pos;
    this.skip(len);
    return decodeUtf8(this.bytes, start, start + len);
  }
}

/** Decodes UTF-8 from bytes[start, end); throws CompileError "malformed UTF-8 encoding". */
export function decodeUtf8(bytes: Uint8Array, start: number, end: number): string {
  let out = '';
  let i = start;
  while (i < end) {
    const b0 = bytes[i];
    let cp: number;
    let n: number;
    if (b0 < 0x80) {
      cp = b0; n = 1;
    } else if (b0 >= 0xc2 && b0 < 0xe0) {
      cp = b0 & 0x1f; n = 2;
    } else if (b0 >= 0xe0 && b0 < 0xf0) {
      cp = b0 & 0x0f; n = 3;
    } else if (b0 >= 0xf0 && b0 < 0xf5) {
      cp = b0 & 0x07; n = 4;
    } else {
      return compileError('malformed UTF-8 encoding', i);
    }
    if (i + n > end) compileError('malformed UTF-8 encoding', i);
    for (let k = 1; k < n; k++) {
      const b = bytes[i + k];
      if ((b & 0xc0) !== 0x80) compileError('malformed UTF-8 encoding', i);
      cp = (cp << 6) | (b & 0x3f);
    }
    if ((n === 3 && (cp < 0x800 || (cp >= 0xd800 && cp < 0xe000))) || (n === 4 && (cp < 0x10000 || cp > 0x10ffff))) {
      compileError('malformed UTF-8 encoding', i);
    }
    if (cp < 0x10000) {
      out += String.fromCharCode(cp);
    } else {
      cp -= 0x10000;
      out += String.fromCharCode(0xd800 + (cp >> 10), 0xdc00 + (cp & 0x3ff));
    }
    i += n;
  }
  return out;
}
