// Tables of the wasm binary opcodes that the function-body compiler (compiler.ts) needs: the
// operand and result types of the numeric instructions, and the access size and internal opcode
// of the memory instructions. Written as small functions over byte ranges (no module-level
// tables: Moddable's preload would freeze them). Decoding, validation and emission live in
// compiler.ts and validator.ts.
import { Reader } from '../binary/reader';
import { compileError } from '../errors';
import { ValType } from '../module';
import { Op } from './ops';

/**
 * Signature of numeric instruction `byte` (0x45..0xc4), or of 0xfc n (n = 0..7) passed as
 * 0x100 + n: packed as (operand1 << 16) | (operand2 << 8) | result, operand2 = 0 when unary.
 */
export function numericSignature(byte: number): number {
  const I32 = ValType.I32, I64 = ValType.I64, F32 = ValType.F32, F64 = ValType.F64;
  if (byte >= 0x100) {
    // trunc_sat: 0,1 f32->i32; 2,3 f64->i32; 4,5 f32->i64; 6,7 f64->i64
    const n = byte - 0x100;
    return sig1((n & 2) ? F64 : F32, n < 4 ? I32 : I64);
  }
  if (byte === 0x45) return sig1(I32, I32);
  if (byte <= 0x4f) return sig2(I32, I32);
  if (byte === 0x50) return sig1(I64, I32);
  if (byte <= 0x5a) return sig2(I64, I32);
  if (byte <= 0x60) return (F32 << 16) | (F32 << 8) | I32;
  if (byte <= 0x66) return (F64 << 16) | (F64 << 8) | I32;
  if (byte <= 0x69) return sig1(I32, I32);
  if (byte <= 0x78) return sig2(I32, I32);
  if (byte <= 0x7b) return sig1(I64, I64);
  if (byte <= 0x8a) return sig2(I64, I64);
  if (byte <= 0x91) return sig1(F32, F32);
  if (byte <= 0x98) return sig2(F32, F32);
  if (byte <= 0x9f) return sig1(F64, F64);
  if (byte <= 0xa6) return sig2(F64, F64);
  switch (byte) {
    case 0xa7: return sig1(I64, I32);
    case 0xa8: case 0xa9: return sig1(F32, I32);
    case 0xaa: case 0xab: return sig1(F64, I32);
    case 0xac: case 0xad: return sig1(I32, I64);
    case 0xae: case 0xaf: return sig1(F32, I64);
    case 0xb0: case 0xb1: return sig1(F64, I64);
    case 0xb2: case 0xb3: return sig1(I32, F32);
    case 0xb4: case 0xb5: return sig1(I64, F32);
    case 0xb6: return sig1(F64, F32);
    case 0xb7: case 0xb8: return sig1(I32, F64);
    case 0xb9: case 0xba: return sig1(I64, F64);
    case 0xbb: return sig1(F32, F64);
    case 0xbc: return sig1(F32, I32);
    case 0xbd: return sig1(F64, I64);
    case 0xbe: return sig1(I32, F32);
    case 0xbf: return sig1(I64, F64);
    case 0xc0: case 0xc1: return sig1(I32, I32);
    default: return sig1(I64, I64); // 0xc2..0xc4
  }
}

function sig1(operand: number, result: number): number {
  return (operand << 16) | result;
}

function sig2(operand: number, result: number): number {
  return (operand << 16) | (operand << 8) | result;
}

/** True for the four reinterpret instructions, which emit no code. */
export function isReinterpret(byte: number): boolean {
  return byte >= 0xbc && byte <= 0xbf;
}

/** log2 of the natural alignment (the access size in bytes) of load/store opcode 0x28..0x3e. */
export function memoryAccessAlign(byte: number): number {
  switch (byte) {
    case 0x29: case 0x2b: case 0x37: case 0x39: return 3;
    case 0x28: case 0x2a: case 0x34: case 0x35: case 0x36: case 0x38: case 0x3e: return 2;
    case 0x2e: case 0x2f: case 0x32: case 0x33: case 0x3b: case 0x3d: return 1;
    default: return 0;
  }
}

/** Value type a load (0x28..0x35) produces, or a store (0x36..0x3e) consumes. */
export function memoryAccessType(byte: number): number {
  switch (byte) {
    case 0x28: case 0x2c: case 0x2d: case 0x2e: case 0x2f: case 0x36: case 0x3a: case 0x3b: return ValType.I32;
    case 0x2a: case 0x38: return ValType.F32;
    case 0x2b: case 0x39: return ValType.F64;
    default: return ValType.I64;
  }
}

/** Internal opcode of a load (0x28..0x35) or store (0x36..0x3e). */
export function memoryAccessOp(byte: number): number {
  switch (byte) {
    case 0x28: case 0x2a: return Op.I32_LOAD;
    case 0x29: case 0x2b: return Op.I64_LOAD;
    case 0x36: case 0x38: case 0x3e: return Op.I32_STORE;
    case 0x37: case 0x39: return Op.I64_STORE;
    case 0x3a: case 0x3c: return Op.I32_STORE8;
    case 0x3b: case 0x3d: return Op.I32_STORE16;
    default: return Op.I32_LOAD8_S + (byte - 0x2c); // 0x2c..0x35 keep their order
  }
}

/** True for the value types of wasm 2.0 without SIMD. */
export function isValueType(t: number): boolean {
  return t === ValType.I32 || t === ValType.I64 || t === ValType.F32 || t === ValType.F64 ||
    t === ValType.FuncRef || t === ValType.ExternRef;
}

export function isRefType(t: number): boolean {
  return t === ValType.FuncRef || t === ValType.ExternRef;
}

/**
 * Decodes the instructions of a body from r.pos to its final `end` without validating them,
 * throwing CompileError on the first malformed one. The compiler runs this only after it found
 * a validation error, so that (as in the spec, where decoding precedes validation) a malformed
 * body is reported as malformed even when the invalid instruction comes first.
 */
export function skipInstructions(r: Reader, dataRequired: boolean): void {
  let depth = 1;
  while (depth > 0) {
    if (r.pos >= r.end) bodyEnded(r);
    const byte = r.u8();
    if (byte >= 0x02 && byte <= 0x04) depth++;
    else if (byte === 0x0b) depth--;
    skipImmediates(r, byte, dataRequired);
  }
}

/**
 * Reads the immediates of the instruction whose opcode byte `byte` was just read (a block type
 * for block/loop/if), throwing CompileError if they or the opcode are malformed. Shared by
 * skipInstructions and the constant scan of hoist.ts.
 */
export function skipImmediates(r: Reader, byte: number, dataRequired: boolean): void {
  switch (byte) {
    case 0x02: case 0x03: case 0x04: r.s33(); break;
    case 0x0c: case 0x0d: case 0x10: case 0x20: case 0x21: case 0x22: case 0x23: case 0x24: case 0x25:
    case 0x26: case 0xd2: r.u32(); break;
    case 0x0e: {
      const n = r.u32();
      if (n > r.end - r.pos) compileError('unexpected end', r.pos);
      for (let i = 0; i <= n; i++) r.u32();
      break;
    }
    case 0x11: r.u32(); r.u32(); break;
    case 0x1c: {
      const k = r.u32();
      if (k > r.end - r.pos) compileError('unexpected end', r.pos);
      for (let i = 0; i < k; i++) r.u8();
      break;
    }
    case 0x3f: case 0x40: zeroByte(r); break;
    case 0x41: r.s32(); break;
    case 0x42: r.s64(); break;
    case 0x43: r.bits32(); break;
    case 0x44: r.bits32(); r.bits32(); break;
    case 0xd0: if (!isRefType(r.u8())) compileError('malformed reference type', r.pos - 1); break;
    case 0xfc: {
      const sub = r.u32();
      if (sub <= 7) break;
      switch (sub) {
        case 8: case 9:
          if (dataRequired) compileError('data count section required', r.pos);
          r.u32();
          if (sub === 8) zeroByte(r);
          break;
        case 10: zeroByte(r); zeroByte(r); break;
        case 11: zeroByte(r); break;
        case 12: case 14: r.u32(); r.u32(); break;
        case 13: case 15: case 16: case 17: r.u32(); break;
        default: compileError('illegal opcode', r.pos - 1);
      }
      break;
    }
    default:
      if (byte >= 0x28 && byte <= 0x3e) {
        r.u32();
        r.u32();
      } else if (!(byte <= 0x01 || byte === 0x05 || byte === 0x0b || byte === 0x0f || byte === 0x1a || byte === 0x1b ||
          (byte >= 0x45 && byte <= 0xc4) || byte === 0xd1)) {
        compileError('illegal opcode', r.pos - 1);
      }
  }
}

export function zeroByte(r: Reader): void {
  if (r.u8() !== 0) compileError('zero byte expected', r.pos - 1);
}

/**
 * The body's bytes ran out before its final `end`. The reference interpreter reads on past the
 * body's declared size, so its message depends on what follows: the end of the module, an
 * `end` byte (then the sizes disagree), or anything else.
 */
export function bodyEnded(r: Reader): never {
  const p = r.end;
  if (p >= r.bytes.length) return compileError('unexpected end of section or function', p);
  if (r.bytes[p] === 0x0b) return compileError('section size mismatch', p);
  return compileError('END opcode expected', p);
}
