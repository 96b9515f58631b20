import { assemble } from './lib/programs.mjs';
import { writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
const ops = {
  'f32.add': ['f32', '(f32.add (local.get $x) (f32.const 1.5))'],
  'f32.mul': ['f32', '(f32.mul (local.get $x) (f32.const 0.999))'],
  'f32.sqrt': ['f32', '(f32.sqrt (local.get $x))'],
  'f32.min': ['f32', '(f32.min (local.get $x) (f32.const 3))'],
  'f32.abs': ['f32', '(f32.abs (local.get $x))'],
  'f32.convert_i32_s': ['f32', '(f32.convert_i32_s (local.get $i))'],
  'f64.add': ['f64', '(f64.add (local.get $x) (f64.const 1.5))'],
  'f64.mul': ['f64', '(f64.mul (local.get $x) (f64.const 0.999))'],
  'f64.load/store': ['f64', '(f64.store (i32.const 8) (local.get $x)) (f64.load (i32.const 8))'],
  'i64.add': ['i64', '(i64.add (local.get $x) (i64.const 0x7fffffff))'],
  'i64.mul': ['i64', '(i64.mul (local.get $x) (i64.const 0x12345))'],
  'i32.add': ['i32', '(i32.add (local.get $x) (i32.const 0x7fffffff))'],
};
for (const [name, [t, expr]] of Object.entries(ops)) {
  const wat = `(module (memory 1) (func (export "run") (param $n i32) (result i32) (local $i i32) (local $x ${t})
    (loop $l (local.set $x ${expr}) (br_if $l (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1))) (local.get $n)))) (i32.const 0)))`;
  writeFileSync('bench/.build/probe.wasm', await assemble(wat));
  const res = [];
  for (const flags of [[], ['--jitless']]) {
    const r = spawnSync(process.execPath, ['--trace-gc', '--expose-gc', ...flags, 'bench/gc.mjs', '--child', 'bench/.previous/2c4f16ce95a4f587eaced900b0055e38376b97e8/dist/node/picowasm.mjs', 'bench/.build/probe.wasm', flags.length ? '300000' : '3000000'], { encoding: 'utf8' });
    const lines = r.stdout.split('\n'); const a = lines.findIndex(l => l.startsWith('### CALL START')), b = lines.findIndex(l => l.startsWith('### CALL END'));
    res.push(lines.slice(a + 1, b).filter(l => /Scavenge|Mark/.test(l)).length);
  }
  console.log(name.padEnd(20), 'GCs JIT (3M iter):', res[0], ' jitless (300k iter):', res[1]);
}
