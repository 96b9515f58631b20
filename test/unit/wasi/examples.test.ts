// The example C programs (examples/c, compiled to wasm32-wasi) must print exactly what they print
// under Node's own node:wasi with native WebAssembly: stdout, stderr, exit code, and the files
// they leave in their preopened directory. Ours runs on picowasm with i64 as { lo, hi } (no
// codec) and as BigInt (the codec Node's bundle installs), with Node's disk and with MemoryFS,
// and on Node's native WebAssembly too (the WASI layer does not depend on picowasm).
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { WebAssembly as W, setI64Codec } from '../../../core/index';
import { bigintCodec } from '../api/helpers';
import { example, runNode, runOurs, RunOptions } from './oracle';

const native: any = (globalThis as any).WebAssembly;

const programs: { name: string; options: RunOptions }[] = [
  { name: 'hello', options: {} },
  { name: 'env', options: { args: ['env', 'one', 'two words', ''], env: { GREETING: 'Good day', NAME: 'Ada', EMPTY: '' } } },
  { name: 'env', options: { args: ['env'], env: {} } },
  { name: 'files', options: { args: ['files', '/sandbox'], files: { 'input.txt': 'first line\nsecond line\nünïcödé\n' } } },
  { name: 'files', options: { args: ['files', '/sandbox'] } },
  { name: 'numerics', options: {} },
];

describe('examples/c under picowasm equal node:wasi on native WebAssembly', { timeout: 60000 }, () => {
  for (const { name, options } of programs) {
    const label = `${name} ${JSON.stringify(options.args || [])}${options.files ? ' with files' : ''}`;
    let expected: any;
    beforeAll(async () => {
      expected = await runNode(example(name), options);
    });

    test(`${label}: picowasm, i64 as {lo, hi}, Node's disk`, () => {
      const got = runOurs(W, example(name), options, 'node');
      expect(got).toEqual(expected);
    });

    // numerics does no i64 or file calls: one picowasm run of it is enough (it is the slowest).
    if (name !== 'numerics') test(`${label}: picowasm, i64 as BigInt, MemoryFS`, () => {
      setI64Codec(bigintCodec);
      try {
        const got = runOurs(W, example(name), options, 'memory');
        expect(got).toEqual(expected);
      } finally {
        setI64Codec(null);
      }
    });

    test(`${label}: native WebAssembly with picowasm's WASI layer`, () => {
      const got = runOurs(native, example(name), options, 'node');
      expect(got).toEqual(expected);
    });
  }

  test('the oracle really ran the programs (exit codes and output are not empty)', async () => {
    const env = await runNode(example('env'), { args: ['env', 'a', 'b', 'c'] });
    expect(env.code).toBe(3);
    expect(env.stdout).toContain('argv[3] = "c"');
    expect(env.stdout).toContain('time advanced during a loop: yes');
  });
});

afterAll(() => setI64Codec(null));
