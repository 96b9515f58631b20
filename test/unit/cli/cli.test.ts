// The command line (bin/picowasm.mjs, run as a child process on the built bundles in dist/node):
// `run` prints exactly what node:wasi prints for the example programs and returns their exit
// codes; traps, fuel, --invoke, usage errors; `validate` and `inspect`.
import { beforeAll, describe, expect, test } from 'vitest';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadWabt, wat } from '../api/helpers';
import { example, examplesDir, makeSandbox, readSandbox, runNode } from '../wasi/oracle';

const root = path.resolve(__dirname, '../../..');
const bin = path.join(root, 'bin/picowasm.mjs');

function cli(args: string[]) {
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', cwd: examplesDir });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

let tmp: string;
function file(name: string, bytes: Uint8Array): string {
  const p = path.join(tmp, name);
  fs.writeFileSync(p, bytes);
  return p;
}

beforeAll(async () => {
  await loadWabt();
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'picowasm-cli-'));
  if (!fs.existsSync(path.join(root, 'dist/node/wasi.mjs'))) throw new Error('build first: npx rollup -c');
});

describe('picowasm run', { timeout: 60000 }, () => {
  test('hello: same stdout and stderr as node:wasi, exit 0', async () => {
    const expected = await runNode(example('hello'), { args: ['hello.wasm'] });
    const got = cli(['run', 'hello.wasm']);
    expect(got).toEqual({ code: expected.code, stdout: expected.stdout, stderr: expected.stderr });
  });

  test('env: arguments, --env, and the exit code', async () => {
    const env = { GREETING: 'Salut', NAME: 'CLI' };
    const expected = await runNode(example('env'), { args: ['env.wasm', 'x', 'y z'], env });
    const got = cli(['run', '--env', 'GREETING=Salut', '--env', 'NAME=CLI', 'env.wasm', 'x', 'y z']);
    expect(expected.code).toBe(2);
    expect(got).toEqual({ code: expected.code, stdout: expected.stdout, stderr: expected.stderr });
  });

  test('files: --dir HOST:GUEST, same output and same files left behind', async () => {
    const files = { 'input.txt': 'data for the CLI\n' };
    const expected = await runNode(example('files'), { args: ['files.wasm', '/sandbox'], files });
    const dir = makeSandbox(files);
    try {
      const got = cli(['run', '--dir', `${dir}:/sandbox`, 'files.wasm', '/sandbox']);
      expect(got).toEqual({ code: 0, stdout: expected.stdout, stderr: expected.stderr });
      expect(readSandbox(dir)).toEqual(expected.files);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('proc_exit code and traps (exit 134 with the message and backtrace)', () => {
    const exit = file('exit.wasm', wat(`(module (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
      (memory (export "memory") 1) (func (export "_start") (call $exit (i32.const 42))))`));
    expect(cli(['run', exit]).code).toBe(42);
    const trap = file('trap.wasm', wat(`(module (memory (export "memory") 1)
      (func $inner (export "inner") (drop (i32.div_s (i32.const 1) (i32.const 0))))
      (func (export "_start") (call $inner)))`));
    const r = cli(['run', trap]);
    expect(r.code).toBe(134);
    expect(r.stderr).toMatch(/^picowasm: wasm trap: integer divide by zero/);
    expect(r.stderr).toContain('at wasm-function[0]'); // the backtrace, innermost first (no name section)
  });

  test('--invoke calls an export with typed arguments and prints its results', () => {
    const lib = file('lib.wasm', wat(`(module
      (func (export "add") (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1)))
      (func (export "mul64") (param i64 i64) (result i64) (i64.mul (local.get 0) (local.get 1)))
      (func (export "pair") (param f64) (result f64 f32) (f64.sqrt (local.get 0)) (f32.const 0.5)))`));
    expect(cli(['run', '--invoke', 'add', lib, '2', '40'])).toEqual({ code: 0, stdout: '42\n', stderr: '' });
    expect(cli(['run', '--invoke', 'mul64', lib, '4294967296', '-3']).stdout).toBe('-12884901888\n');
    expect(cli(['run', '--invoke', 'pair', lib, '2']).stdout).toBe(`${Math.sqrt(2)}\n0.5\n`);
    expect(cli(['run', '--invoke', 'add', lib, '1']).code).toBe(2);
    expect(cli(['run', '--invoke', 'nope', lib]).code).toBe(2);
    const noStart = cli(['run', lib]);
    expect(noStart.code).toBe(2);
    expect(noStart.stderr).toContain('no _start');
  });

  test('--fuel stops a long run with 124; enough fuel runs to the end', () => {
    const r = cli(['run', '--fuel', '1000', 'numerics.wasm']);
    expect(r.code).toBe(124);
    expect(r.stderr).toContain('out of fuel');
    const ok = cli(['run', '--fuel', '100000000', 'hello.wasm']);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain('Hello, WebAssembly world!');
  });

  test('usage and load errors', () => {
    expect(cli(['run']).code).toBe(2);
    expect(cli(['run', '--bogus', 'hello.wasm']).code).toBe(2);
    expect(cli(['run', '--dir', path.join(tmp, 'missing'), 'hello.wasm']).code).toBe(2);
    expect(cli(['frobnicate']).code).toBe(2);
    expect(cli(['run', path.join(tmp, 'missing.wasm')]).code).toBe(1);
    const linked = file('needs.wasm', wat('(module (import "env" "f" (func)) (memory (export "memory") 1) (func (export "_start")))'));
    const r = cli(['run', linked]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('import "env" "f"');
  });
});

describe('picowasm validate and inspect', { timeout: 60000 }, () => {
  test('validate: 0 for a valid module, 1 with the CompileError message', () => {
    expect(cli(['validate', 'numerics.wasm'])).toEqual({ code: 0, stdout: 'numerics.wasm: valid\n', stderr: '' });
    // (func (result i32) (i64.const 1)): a type mismatch.
    const bad = file('bad.wasm', new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0, 1, 5, 1, 0x60, 0, 1, 0x7f, 3, 2, 1, 0, 10, 6, 1, 4, 0, 0x42, 1, 0x0b]));
    const r = cli(['validate', bad]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^picowasm: .*bad\.wasm: CompileError: type mismatch.* @ offset \d+/);
    expect(() => new WebAssembly.Module(fs.readFileSync(bad))).toThrow(WebAssembly.CompileError);
  });

  test('inspect lists imports, exports, memory, sections and features', () => {
    const r = cli(['inspect', 'files.wasm']);
    expect(r.code).toBe(0);
    const mod = new WebAssembly.Module(fs.readFileSync(path.join(examplesDir, 'files.wasm')));
    for (const i of WebAssembly.Module.imports(mod)) expect(r.stdout).toContain(`${i.module}.${i.name}: func`);
    for (const e of WebAssembly.Module.exports(mod)) expect(r.stdout).toContain(`  ${e.name}: ${e.kind === 'function' ? 'func' : e.kind}`);
    expect(r.stdout).toMatch(/^ {2}code +\d+ bytes$/m);
    expect(r.stdout).toContain('memory 0: min 2 pages');
    expect(r.stdout).toContain('target_features section: +mutable-globals');
    expect(r.stdout).toContain('a command (_start)');
    const mv = file('mv.wasm', wat('(module (func (export "f") (result i32 i32) (i32.const 1) (i32.const 2)) (data "x"))'));
    expect(cli(['inspect', mv]).stdout).toContain('features used: multi-value');
  });
});
