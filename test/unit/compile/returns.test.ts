// The return peephole of the compiler: a final `COPY 0 a; RETURN` becomes RETURN_COPY a, a BR to
// a return becomes that return, and `COPY d a; RETURN_COPY d` returns a directly. Shapes through
// the disassembler, then functions of every numeric result type run against native WebAssembly.
import { beforeAll, describe, expect, test } from 'vitest';
import { WebAssembly as Pico } from '../../../core/index';
import { compileAll, compileWat, loadWabt, watToBinary } from './helpers';
import { disasm } from './disasm';
import { checkCode } from './check';

beforeAll(loadWabt);

function code(wat: string): string[] {
  const cf = compileWat('(module ' + wat + ')', 0);
  expect(checkCode(cf)).toEqual([]);
  return disasm(cf.code);
}

describe('return shapes', () => {
  test('if/else result: both arms return directly, the add writes slot 0', () => {
    expect(code(`(func (param i32 i32) (result i32)
      (if (result i32) (local.get 0) (then (local.get 1)) (else (i32.add (local.get 0) (local.get 1)))))`)).toEqual([
      '0: BR_UNLESS 0 5',
      '2: RETURN_COPY 2',
      '3: RETURN',
      '4: RETURN_COPY 4',
      '5: I32_ADD 0 0 2',
      '8: RETURN',
      '9: RETURN',
      '10: RETURN',
      '11: RETURN',
    ]);
  });

  test('a BR to a bare RETURN becomes RETURN', () => {
    const c = code(`(func (param i32) (block (br_if 0 (local.get 0)) (br 0)) (nop))`);
    expect(c.filter((l) => / BR /.test(l))).toEqual([]);
  });

  test('two results: only the last copy before the return is fused away, and only into slot 0', () => {
    const c = code(`(func (param i32 i32) (result i32 i32) (local.get 1) (local.get 0))`);
    expect(c.some((l) => l.includes('RETURN_COPY'))).toBe(false);
  });
});

const types: [string, string[]][] = [
  ['i32', ['0', '7', '-1']],
  ['i64', ['0', '0x123456789', '-5']],
  ['f32', ['0', '-0', '1.5', 'nan:0x200000']],
  ['f64', ['0', '-0', '2.25', 'nan:0x4000000000000']],
];

function runWat(): string {
  let w = '(module\n';
  for (const [t, vals] of types) {
    w += `(func $pick_${t} (export "pick_${t}") (param i32 ${t} ${t}) (result ${t})
      (if (result ${t}) (local.get 0) (then (local.get 1)) (else (local.get 2))))
    (func (export "call_${t}") (param i32 ${t} ${t}) (result ${t})
      (call $pick_${t} (local.get 0) (local.get 2) (local.get 1)))
    (func (export "blk_${t}") (param i32 ${t} ${t}) (result ${t})
      (block (result ${t}) (local.get 1) (br_if 0 (local.get 0)) (drop) (local.get 2)))
    (func (export "k_${t}") (param i32 ${t} ${t}) (result ${t})
      (if (result ${t}) (local.get 0) (then (${t}.const ${vals[vals.length - 1]})) (else (local.get 1))))\n`;
  }
  w += `(func (export "tgt") (param i32 i32) (result i32)
    (block (result i32) (i32.add (local.get 0) (i32.const 1)) (br_if 0 (local.get 1)) (drop) (i32.mul (local.get 0) (local.get 0))))
`;
  w += `(func $fib (export "fib") (param i32) (result i32)
    (if (result i32) (i32.lt_u (local.get 0) (i32.const 2)) (then (local.get 0))
      (else (i32.add (call $fib (i32.sub (local.get 0) (i32.const 1))) (call $fib (i32.sub (local.get 0) (i32.const 2)))))))\n`;
  return w + ')';
}

function bits(t: string, v: any): string {
  if (t === 'i64' && typeof v === 'object') return ((BigInt(v.hi >>> 0) << 32n) | BigInt(v.lo >>> 0)).toString();
  if (t === 'i64') return BigInt.asUintN(64, BigInt(v)).toString();
  if (t === 'f32') { const b = new DataView(new ArrayBuffer(4)); b.setFloat32(0, v); return String(b.getUint32(0)); }
  if (t === 'f64') { const b = new DataView(new ArrayBuffer(8)); b.setFloat64(0, v); return b.getBigUint64(0).toString(); }
  return String(v);
}

describe('return forms run like native WebAssembly', () => {
  test('every result type through if/else, calls and blocks', async () => {
    const bytes = watToBinary(runWat());
    const native: any = (await WebAssembly.instantiate(bytes)).instance.exports;
    const pico: any = new Pico.Instance(new Pico.Module(bytes), {}).exports;
    let checked = 0;
    for (const [t] of types) {
      const ins: any[] = t === 'i64' ? [0n, 0x123456789n, -5n] : t === 'i32' ? [0, 7, -1] : [0, -0, 1.5, NaN, -Infinity];
      for (const name of ['pick_', 'call_', 'blk_', 'k_']) {
        for (const c of [0, 1, -3]) {
          for (const x of ins) {
            for (const y of ins) {
              const n = native[name + t](c, x, y);
              const p = t === 'i64' ? pico[name + t](c, { lo: Number(BigInt.asIntN(32, x)), hi: Number(BigInt.asIntN(32, x >> 32n)) }, { lo: Number(BigInt.asIntN(32, y)), hi: Number(BigInt.asIntN(32, y >> 32n)) }) : pico[name + t](c, x, y);
              expect(bits(t, p), `${name}${t}(${c}, ${x}, ${y})`).toBe(bits(t, n));
              checked++;
            }
          }
        }
      }
    }
    expect(checked).toBe(4 * 3 * (9 + 9 + 25 + 25));
    for (let n = 0; n < 20; n++) expect(pico.fib(n)).toBe(native.fib(n));
    for (const x of [0, 5, -7]) for (const y of [0, 1]) expect(pico.tgt(x, y), `tgt(${x}, ${y})`).toBe(native.tgt(x, y));
  });

  test('RETURN_COPY is really emitted, and the code is well formed', () => {
    const m = compileAll(watToBinary(runWat()));
    let fused = 0;
    for (const cf of m.compiled) {
      expect(checkCode(cf!)).toEqual([]);
      fused += disasm(cf!.code).filter((l) => l.includes('RETURN_COPY')).length;
    }
    expect(fused).toBeGreaterThan(m.compiled.length);
  });
});
