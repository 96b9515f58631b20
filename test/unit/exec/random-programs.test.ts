// Random numeric programs, compared with Node's native WebAssembly. The spec testsuite checks each
// instruction on its own; the compiler rewrites combinations of them: a constant operand becomes
// an immediate, a compare joins the branch after it, shr_u+and, mul+add, shl+load fuse, a loop's
// add and branch become a latch, constants leave loops, results go straight to locals. These
// programs are made of exactly such combinations, with edge-case constants and arguments, and
// every result (or trap) must equal native's. Seeded, so a failure prints the program to replay.
// (The binaryen-based fuzzing in test/fuzz/differential.mjs covers control flow and calls; its
// random code has little arithmetic variety.)
import { describe, it, expect, beforeAll } from 'vitest';
import { loadWabt, wat, bigintCodec } from '../api/helpers';
import { WebAssembly as W, setI64Codec } from '../../../core/index';
import { useJsTier } from '../../../tojs/index';

beforeAll(async () => {
  await loadWabt();
  setI64Codec(bigintCodec);
});

type T = 'i32' | 'i64' | 'f32' | 'f64';

function rng(seed: number) {
  let s = seed >>> 0;
  return (n: number): number => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) % n;
  };
}

const EDGE: Record<T, string[]> = {
  i32: ['0', '1', '-1', '2', '7', '31', '32', '33', '255', '0x7fffffff', '0x80000000', '0xffff', '-100', '1000'],
  i64: ['0', '1', '-1', '63', '64', '0x7fffffffffffffff', '0x8000000000000000', '0xffffffff', '0x100000000', '-5000000000'],
  f32: ['0', '-0', '1.5', '-2.25', 'inf', '-inf', 'nan', '0x1p-149', '3.4e38', '16777217'],
  f64: ['0', '-0', '0.1', '-7.5', 'inf', '-inf', 'nan', '0x1p-1074', '1.7e308', '9007199254740993'],
};
const BIN: Record<T, string[]> = {
  i32: ['add', 'sub', 'mul', 'and', 'or', 'xor', 'shl', 'shr_s', 'shr_u', 'rotl', 'rotr', 'div_s', 'div_u', 'rem_s', 'rem_u'],
  i64: ['add', 'sub', 'mul', 'and', 'or', 'xor', 'shl', 'shr_s', 'shr_u', 'rotl', 'rotr', 'div_s', 'div_u', 'rem_s', 'rem_u'],
  f32: ['add', 'sub', 'mul', 'div', 'min', 'max', 'copysign'],
  f64: ['add', 'sub', 'mul', 'div', 'min', 'max', 'copysign'],
};
const UN: Record<T, string[]> = {
  i32: ['clz', 'ctz', 'popcnt', 'extend8_s', 'extend16_s'],
  i64: ['clz', 'ctz', 'popcnt', 'extend8_s', 'extend16_s', 'extend32_s'],
  f32: ['abs', 'neg', 'sqrt', 'ceil', 'floor', 'trunc', 'nearest'],
  f64: ['abs', 'neg', 'sqrt', 'ceil', 'floor', 'trunc', 'nearest'],
};
const CMP: Record<T, string[]> = {
  i32: ['eq', 'ne', 'lt_s', 'lt_u', 'gt_s', 'gt_u', 'le_s', 'le_u', 'ge_s', 'ge_u'],
  i64: ['eq', 'ne', 'lt_s', 'lt_u', 'gt_s', 'gt_u', 'le_s', 'le_u', 'ge_s', 'ge_u'],
  f32: ['eq', 'ne', 'lt', 'gt', 'le', 'ge'],
  f64: ['eq', 'ne', 'lt', 'gt', 'le', 'ge'],
};
/** Conversions to type T: [op, from]. No float-to-int reinterpret: a NaN's sign and payload are
 *  not deterministic in wasm, so only the int-to-float direction is used (NaNs compare as NaN). */
const CONV: Record<T, [string, T][]> = {
  i32: [['i32.wrap_i64', 'i64'], ['i32.trunc_sat_f32_s', 'f32'], ['i32.trunc_sat_f64_u', 'f64'], ['i32.trunc_f64_s', 'f64']],
  i64: [['i64.extend_i32_s', 'i32'], ['i64.extend_i32_u', 'i32'], ['i64.trunc_sat_f64_s', 'f64'], ['i64.trunc_f32_u', 'f32']],
  f32: [['f32.convert_i32_s', 'i32'], ['f32.convert_i64_u', 'i64'], ['f32.demote_f64', 'f64'], ['f32.reinterpret_i32', 'i32']],
  f64: [['f64.convert_i32_u', 'i32'], ['f64.convert_i64_s', 'i64'], ['f64.promote_f32', 'f32'], ['f64.reinterpret_i64', 'i64']],
};
const TYPES: T[] = ['i32', 'i64', 'f32', 'f64'];

/** One random function body over params $a..$d (i32 i32 i64 f64) and locals $x (i32) $y (i64) $z (f64) $w (f32). */
function program(seed: number): string {
  const r = rng(seed);
  const pick = <X>(xs: X[]): X => xs[r(xs.length)];
  const vars: Record<T, string[]> = { i32: ['$a', '$b', '$x'], i64: ['$c', '$y'], f32: ['$w'], f64: ['$d', '$z'] };
  const expr = (t: T, depth: number): string => {
    const k = depth <= 0 ? r(2) : r(9);
    if (k === 0) return '(local.get ' + pick(vars[t]) + ')';
    if (k === 1) return '(' + t + '.const ' + pick(EDGE[t]) + ')';
    if (k <= 4) {
      // binary, with a constant operand half of the time (immediate forms)
      const a = expr(t, depth - 1);
      const b = r(2) ? '(' + t + '.const ' + pick(EDGE[t]) + ')' : expr(t, depth - 1);
      return '(' + t + '.' + pick(BIN[t]) + ' ' + a + ' ' + b + ')';
    }
    if (k === 5) return '(' + t + '.' + pick(UN[t]) + ' ' + expr(t, depth - 1) + ')';
    if (k === 6 && t === 'i32') {
      const u = pick(TYPES);
      return '(' + u + '.' + pick(CMP[u]) + ' ' + expr(u, depth - 1) + ' ' + expr(u, depth - 1) + ')';
    }
    if (k === 7 && t === 'i32') {
      // fusable shapes: (x >>> k) & m, x << k then load, x * k + c
      const shape = r(3);
      if (shape === 0) return '(i32.and (i32.shr_u ' + expr('i32', depth - 1) + ' (i32.const ' + r(40) + ')) (i32.const ' + pick(['1', '255', '0xffff', '-1', '7']) + '))';
      if (shape === 1) return '(i32.load offset=' + r(16) + ' (i32.and (i32.shl ' + expr('i32', depth - 1) + ' (i32.const ' + r(4) + ')) (i32.const 0xfff0)))';
      return '(i32.add (i32.mul ' + expr('i32', depth - 1) + ' (i32.const ' + pick(EDGE.i32) + ')) (i32.const ' + pick(EDGE.i32) + '))';
    }
    if (k === 8) {
      const [op, from] = pick(CONV[t]);
      return '(' + op + ' ' + expr(from, depth - 1) + ')';
    }
    return '(select ' + expr(t, depth - 1) + ' ' + expr(t, depth - 1) + ' ' + expr('i32', depth - 1) + ')';
  };
  const stmts: string[] = [];
  const n = 2 + r(4);
  for (let i = 0; i < n; i++) {
    const t = pick(TYPES);
    const target = t === 'i32' ? '$x' : t === 'i64' ? '$y' : t === 'f32' ? '$w' : '$z';
    const form = r(5);
    if (form === 0) {
      // a conditional on a compare (compare + branch fusion)
      const u = pick(TYPES);
      stmts.push('(if (' + u + '.' + pick(CMP[u]) + ' ' + expr(u, 2) + ' ' + expr(u, 1) + ') (then (local.set ' + target + ' ' + expr(t, 2) + ')) (else (local.set ' + target + ' ' + expr(t, 1) + ')))');
    } else if (form === 1) {
      // a counted loop (latch fusion; constants hoisted out of it)
      const step = 1 + r(7);
      const limit = String(step * (1 + r(12))); // a multiple of the step, so that ne ends too
      const cond = pick(['i32.lt_u', 'i32.lt_s', 'i32.ne']);
      stmts.push('(local.set $i (i32.const 0)) (loop $l (local.set ' + target + ' ' + expr(t, 2) + ') (local.set $x (i32.add (local.get $x) (i32.const ' + pick(EDGE.i32) + ')))' +
        ' (br_if $l (' + cond + ' (local.tee $i (i32.add (local.get $i) (i32.const ' + step + '))) (i32.const ' + limit + '))))');
    } else if (form === 2) {
      stmts.push('(i32.store offset=' + r(32) + ' (i32.and ' + expr('i32', 1) + ' (i32.const 0xff00)) ' + expr('i32', 2) + ')');
    } else {
      stmts.push('(local.set ' + target + ' ' + expr(t, 3) + ')');
    }
  }
  return '(module (memory (export "mem") 1) (data (i32.const 0) "\\01\\02\\03\\04\\f0\\ff\\7f\\80\\00\\10")\n' +
    '  (func (export "f") (param $a i32) (param $b i32) (param $c i64) (param $d f64) (result i32 i64 f64 f32)\n' +
    '    (local $x i32) (local $y i64) (local $z f64) (local $w f32) (local $i i32)\n    ' +
    stmts.join('\n    ') + '\n    (local.get $x) (local.get $y) (local.get $z) (local.get $w)))';
}

/** What a call does: its results (a NaN compares as NaN, whatever its bits), or the class of what it threw. */
function outcome(f: () => any): string {
  try {
    return (f() as any[]).map((v) => (Object.is(v, -0) ? '-0' : String(v))).join(' ');
  } catch (e: any) {
    return e instanceof W.RuntimeError || e instanceof (globalThis as any).WebAssembly.RuntimeError ? 'trap' : 'threw ' + (e && e.constructor && e.constructor.name);
  }
}

function memoryHash(buffer: ArrayBuffer): number {
  const u8 = new Uint8Array(buffer);
  let h = 2166136261;
  for (let i = 0; i < u8.length; i++) h = Math.imul(h ^ u8[i], 16777619);
  return h >>> 0;
}

const ARGS: [number, number, bigint, number][] = [
  [0, 0, 0n, 0], [1, -1, -1n, -0], [0x7fffffff, -0x80000000, 0x7fffffffffffffffn, 1.5], [12345, 31, -9223372036854775808n, NaN],
  [-7, 64, 4294967296n, Infinity], [100, 3, 77n, -2.5e-300],
];

// Each program runs on the interpreter and on the JS tier (tojs/), which the Node bundle uses.
for (const tier of [false, true]) describe('random numeric programs agree with native WebAssembly' + (tier ? ' (JS tier)' : ''), () => {
  const PROGRAMS = 300;
  it(PROGRAMS + ' programs x ' + ARGS.length + ' argument sets: results, traps and memory', () => {
    useJsTier(tier);
    try {
      runPrograms(PROGRAMS);
    } finally {
      useJsTier(false);
    }
  });
});

function runPrograms(PROGRAMS: number): void {
    let trapped = 0;
    for (let seed = 1; seed <= PROGRAMS; seed++) {
      const text = program(seed);
      const bytes = wat(text);
      const ours = new W.Instance(new W.Module(bytes), {}).exports;
      const native = new (globalThis as any).WebAssembly.Instance(new (globalThis as any).WebAssembly.Module(bytes), {}).exports;
      for (const args of ARGS) {
        const a = outcome(() => ours.f(...args));
        const b = outcome(() => native.f(...args));
        const ma = memoryHash(ours.mem.buffer);
        const mb = memoryHash(native.mem.buffer);
        if (a !== b || ma !== mb) expect({ seed, args: String(args), picowasm: a, native: b, memory: [ma, mb], program: text }).toBeNull();
        if (b === 'trap') trapped++;
      }
    }
    // most calls run to the end (a program that always trapped would test little)
    expect(trapped).toBeLessThan(PROGRAMS * ARGS.length * 0.5);
}
