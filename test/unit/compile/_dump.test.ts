import { beforeAll, test } from 'vitest';
import { compileWat, loadWabt } from './helpers';
import { disasm } from './disasm';
beforeAll(loadWabt);
test('dump', () => {
console.log('(func (param i32) (result i32)\n      (block (result i32) (i3' + '\n' + disasm(compileWat('(module ' + `(func (param i32) (result i32)
      (block (result i32) (i32.const 1) (i32.const 2) (br_if 0 (local.get 0)) (i32.add)))` + ')', 0).code).join('\n'));
console.log('(func (param i32 i32) (result i32)\n      (block (result i32)' + '\n' + disasm(compileWat('(module ' + `(func (param i32 i32) (result i32)
      (block (result i32) (br_if 0 (local.get 0) (local.get 1)) (drop) (i32.const 3)))` + ')', 0).code).join('\n'));
console.log('(func (param i32) (result i32)\n      (local.get 0)\n      (lo' + '\n' + disasm(compileWat('(module ' + `(func (param i32) (result i32)
      (local.get 0)
      (loop (param i32) (result i32)
        (i32.const 1) (i32.sub) (local.tee 0)
        (br_if 0 (local.get 0))))` + ')', 0).code).join('\n'));
console.log('(func (param i32)\n      (local.get 0)\n      (loop (param i32' + '\n' + disasm(compileWat('(module ' + `(func (param i32)
      (local.get 0)
      (loop (param i32) (i32.const 5) (br 0)))` + ')', 0).code).join('\n'));
console.log('(func (param i32)\n      (loop $l (block $b (br_table $b $l $' + '\n' + disasm(compileWat('(module ' + `(func (param i32)
      (loop $l (block $b (br_table $b $l $b (local.get 0)))))` + ')', 0).code).join('\n'));
console.log('(func (param i32) (result i32)\n      (block $a (result i32) ' + '\n' + disasm(compileWat('(module ' + `(func (param i32) (result i32)
      (block $a (result i32) (i32.const 9) (i32.const 10) (br_table $a $a 0 (local.get 0))))` + ')', 0).code).join('\n'));
console.log('(func (param i32) (result i32)\n      (block (result i32) (i3' + '\n' + disasm(compileWat('(module ' + `(func (param i32) (result i32)
      (block (result i32) (i32.const 7) (br_table 0 1 (local.get 0))))` + ')', 0).code).join('\n'));
console.log('(func $f (param i32 i64) (result f32) (f32.const 1))\n      (' + '\n' + disasm(compileWat('(module ' + `(func $f (param i32 i64) (result f32) (f32.const 1))
      (func (param i32) (result f32) (local.get 0) (i64.const 3) (call $f))` + ')', 1).code).join('\n'));
console.log('(type $t (func (param i32) (result i32))) (table 1 funcref)\n' + '\n' + disasm(compileWat('(module ' + `(type $t (func (param i32) (result i32))) (table 1 funcref)
      (func (param i32) (result i32) (call_indirect (type $t) (local.get 0) (i32.const 0)))` + ')', 0).code).join('\n'));
console.log('(func (param i32) (result i32)\n      (if (result i32) (local' + '\n' + disasm(compileWat('(module ' + `(func (param i32) (result i32)
      (if (result i32) (local.get 0) (then (i32.const 1)) (else (i32.const 2))))` + ')', 0).code).join('\n'));
console.log('(func (result i32) (i32.const 1) (i32.const 2) (return) (i32' + '\n' + disasm(compileWat('(module ' + `(func (result i32) (i32.const 1) (i32.const 2) (return) (i32.const 3) (br 0))` + ')', 0).code).join('\n'));
console.log('(func unreachable (block (br 0)) (i32.const 1) (drop))' + '\n' + disasm(compileWat('(module ' + `(func unreachable (block (br 0)) (i32.const 1) (drop))` + ')', 0).code).join('\n'));
console.log('(func (param f32) (result i32) (local externref) (local.get ' + '\n' + disasm(compileWat('(module ' + `(func (param f32) (result i32) (local externref) (local.get 0) (i32.reinterpret_f32)
      (local.set 1 (ref.null extern)) (drop (ref.is_null (local.get 1))))` + ')', 0).code).join('\n'));
console.log('(memory 1) (func (param i32) (result f64)\n      (f64.store o' + '\n' + disasm(compileWat('(module ' + `(memory 1) (func (param i32) (result f64)
      (f64.store offset=8 (local.get 0) (f64.load offset=16 (local.get 0)))
      (i64.store8 (local.get 0) (i64.const -1))
      (f64.convert_i32_u (memory.grow (i32.const 1))))` + ')', 0).code).join('\n'));
});