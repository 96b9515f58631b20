// Tests of the spec harness's script layer (test/spec/sexpr.mjs, script.mjs) on small .wast
// scripts run against Node's own WebAssembly (engines/native.mjs): every command kind passes when
// it should and, just as important, fails (or is skipped, with a reason) when it should.
import { describe, expect, it } from 'vitest';
// @ts-ignore: plain .mjs with JSDoc types
import { readSexprs } from '../../spec/sexpr.mjs';
// @ts-ignore: plain .mjs with JSDoc types
import { runScript } from '../../spec/script.mjs';
// @ts-ignore: plain .mjs with JSDoc types
import native from '../../spec/engines/native.mjs';

/** Runs a script given as text (ASCII/latin1) and returns its counts. */
async function run(src: string) {
  const r = await runScript(native, src);
  return { passed: r.passed, failed: r.failed, skipped: r.skipped, failures: r.failures, skips: Object.fromEntries(r.skips) };
}

describe('sexpr reader', () => {
  it('skips line and nested block comments and tracks lines', () => {
    const nodes = readSexprs(';; line\n(a (; block (; nested ;) still ;) b)\n\n(c ;; x\n d)');
    expect(nodes).toHaveLength(2);
    expect(nodes[0].items.map((n: any) => n.text)).toEqual(['a', 'b']);
    expect(nodes[1].line).toBe(4);
    expect(nodes[1].items.map((n: any) => n.text)).toEqual(['c', 'd']);
  });
  it('decodes string escapes to bytes', () => {
    const [node] = readSexprs('("a\\n\\t\\\\\\\'\\"\\00\\ff\\u{41}\\u{e9}\\u{1F600}")');
    expect(Array.from(node.items[0].bytes)).toEqual([
      0x61, 0x0a, 0x09, 0x5c, 0x27, 0x22, 0x00, 0xff, 0x41, 0xc3, 0xa9, 0xf0, 0x9f, 0x98, 0x80,
    ]);
  });
  it('keeps raw bytes of the source in strings and atoms as written', () => {
    const [node] = readSexprs('(x "\xe9" $id nan:0x7f_ffff -0x1.8p+3)');
    expect(Array.from(node.items[1].bytes)).toEqual([0xe9]);
    expect(node.items.slice(2).map((n: any) => n.text)).toEqual(['$id', 'nan:0x7f_ffff', '-0x1.8p+3']);
  });
  it('reports unbalanced input with a line number', () => {
    expect(() => readSexprs('\n(a (b)')).toThrow(/line 2/);
    expect(() => readSexprs('(a "x)')).toThrow(/unterminated string/);
    expect(() => readSexprs('(; open')).toThrow(/block comment/);
  });
});

describe('script commands', () => {
  it('passes modules, invokes and assert_return of every value kind', async () => {
    const r = await run(`
      (module $M
        (global (export "g") i64 (i64.const -5))
        (func (export "add") (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1)))
        (func (export "swap") (param i64 f64) (result f64 i64) (local.get 1) (local.get 0))
        (func (export "f32") (param f32) (result f32) (local.get 0))
        (func (export "div") (param f32 f32) (result f32) (f32.div (local.get 0) (local.get 1)))
        (func (export "ext") (param externref) (result externref) (local.get 0))
        (func (export "nullfunc") (result funcref) (ref.null func))
        (func $self (export "self") (result funcref) (ref.func $self))
        (func (export "nothing")))
      (assert_return (invoke "add" (i32.const 0x7fff_ffff) (i32.const 1)) (i32.const -0x8000_0000))
      (assert_return (invoke $M "swap" (i64.const -2) (f64.const 0x1.8p1)) (f64.const 3) (i64.const 0xffff_ffff_ffff_fffe))
      (assert_return (invoke "f32" (f32.const 1.1)) (f32.const 1.1))
      (assert_return (invoke "div" (f32.const 0) (f32.const 0)) (f32.const nan:canonical))
      (assert_return (invoke "div" (f32.const 0) (f32.const 0)) (f32.const nan:arithmetic))
      (assert_return (invoke "ext" (ref.extern 1)) (ref.extern 1))
      (assert_return (invoke "ext" (ref.null extern)) (ref.null extern))
      (assert_return (invoke "nullfunc") (ref.null func))
      (assert_return (invoke "self") (ref.func))
      (assert_return (invoke "nothing"))
      (assert_return (get "g") (i64.const -5))
      (invoke "nothing")
      (get $M "g")
    `);
    expect(r.failures).toEqual([]);
    expect(r).toMatchObject({ passed: 14, failed: 0, skipped: 0 });
  });

  it('fails wrong results, with line numbers and expected vs got', async () => {
    const r = await run(`(module
        (func (export "one") (result i32) (i32.const 1))
        (func (export "f") (result f32) (f32.const -0))
        (func (export "ext") (param externref) (result externref) (local.get 0)))
      (assert_return (invoke "one") (i32.const 2))
      (assert_return (invoke "f") (f32.const 0))
      (assert_return (invoke "f") (f32.const nan:canonical))
      (assert_return (invoke "ext" (ref.extern 1)) (ref.extern 2))
      (assert_return (invoke "one") (i32.const 1) (i32.const 1))
      (assert_return (invoke "missing") (i32.const 1))
      (assert_trap (invoke "one") "unreachable")
    `);
    expect(r).toMatchObject({ passed: 1, failed: 7, skipped: 0 });
    expect(r.failures[0]).toMatchObject({ line: 5, command: 'assert_return' });
    expect(r.failures[0].detail).toContain('expected i32:2, got i32:1');
    expect(r.failures[1].detail).toContain('expected f32:0, got f32:-0');
    expect(r.failures[6].detail).toContain('to trap "unreachable", got [i32:1]');
  });

  it('checks traps by class and message prefix, and stack exhaustion', async () => {
    const r = await run(`(module
        (func (export "unreachable") unreachable)
        (func (export "div") (param i32) (result i32) (i32.div_u (i32.const 1) (local.get 0)))
        (func $loop (export "loop") (call $loop)))
      (assert_trap (invoke "unreachable") "unreachable")
      (assert_trap (invoke "div" (i32.const 0)) "integer divide by zero")
      (assert_trap (invoke "div" (i32.const 0)) "integer divide")
      (assert_trap (invoke "div" (i32.const 0)) "integer overflow")
      (assert_exhaustion (invoke "loop") "call stack exhausted")
      (assert_exhaustion (invoke "unreachable") "call stack exhausted")
    `);
    expect(r).toMatchObject({ passed: 5, failed: 2 });
    expect(r.failures.map((f: any) => f.line)).toEqual([8, 10]);
  });

  it('runs module-level assertions: invalid, malformed binary, unlinkable, traps at instantiation', async () => {
    const r = await run(`
      (assert_invalid (module (func (result i32) (i64.const 1))) "type mismatch")
      (assert_invalid (module (func (result i32) (i32.const 1))) "type mismatch")
      (assert_malformed (module binary "\\00asm" "\\02\\00\\00\\00") "unknown binary version")
      (assert_malformed (module binary "\\00asm" "\\01\\00\\00\\00") "should fail but is valid")
      (assert_malformed (module quote "(func") "unexpected end")
      (assert_malformed (module (func)) "text")
      (assert_unlinkable (module (import "nowhere" "f" (func))) "unknown import")
      (assert_unlinkable (module (import "spectest" "print_i32" (func (param i32)))) "fine")
      (assert_trap (module (memory 0) (data (i32.const 0) "a")) "out of bounds memory access")
      (assert_uninstantiable (module (func $s unreachable) (start $s)) "unreachable")
      (assert_invalid (module (func (call $undefined))) "unknown function")
    `);
    expect(r.failures.map((f: any) => f.line)).toEqual([3, 5, 9]);
    expect(r).toMatchObject({ passed: 5, failed: 3, skipped: 3 });
    expect(r.skips['text format']).toBe(2);
    expect(Object.keys(r.skips).some((k) => k.startsWith('wabt cannot convert module text: undefined function variable'))).toBe(true);
  });

  it('registers modules, links through spectest and named modules, and binary/quote modules', async () => {
    const r = await run(`
      (module $A (func (export "f") (result i32) (i32.const 7)) (memory (export "mem") 1))
      (register "a" $A)
      (module binary "\\00asm" "\\01\\00\\00\\00")
      (module quote "(func (export \\"q\\") (result i32) (i32.const 3))")
      (assert_return (invoke "q") (i32.const 3))
      (module
        (import "a" "f" (func $f (result i32)))
        (import "spectest" "global_i64" (global $g i64))
        (import "spectest" "global_f32" (global $h f32))
        (import "spectest" "table" (table 10 20 funcref))
        (import "spectest" "memory" (memory 1 2))
        (import "spectest" "print_i32" (func (param i32)))
        (func (export "g") (result i32) (call $f))
        (func (export "gi") (result i64) (global.get $g))
        (func (export "gh") (result f32) (global.get $h)))
      (assert_return (invoke "g") (i32.const 7))
      (assert_return (invoke "gi") (i64.const 666))
      (assert_return (invoke "gh") (f32.const 666.6))
      (assert_return (invoke $A "f") (i32.const 7))
      (register "b" $Nope)
    `);
    expect(r.failures.map((f: any) => f.line)).toEqual([21]);
    expect(r).toMatchObject({ passed: 10, failed: 1 });
  });

  it('fails commands after a module that failed, rather than using an older module', async () => {
    const r = await run(`
      (module (func (export "f") (result i32) (i32.const 1)))
      (module (func (result i32) (i64.const 1)))
      (assert_return (invoke "f") (i32.const 1))
    `);
    expect(r).toMatchObject({ passed: 1, failed: 2 });
    expect(r.failures[1].detail).toContain('no current module');
  });

  it('treats a script of bare module fields as one module', async () => {
    expect(await run('(func) (memory 0) (func (export "f"))')).toMatchObject({ passed: 1, failed: 0 });
  });

  it('skips unknown commands with a reason', async () => {
    const r = await run('(module) (assert_something (invoke "x"))');
    expect(r).toMatchObject({ passed: 1, failed: 0, skipped: 1 });
    expect(r.skips['unsupported command assert_something']).toBe(1);
  });
});
