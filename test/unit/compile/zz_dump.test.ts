import { beforeAll, test } from 'vitest';
import * as fs from 'node:fs';
import { compileAll, loadWabt, watToBinary } from './helpers';
import { disasm } from './disasm';
beforeAll(loadWabt);
test('dump', () => {
  for (const p of ['fib', 'f32', 'memory', 'matmul', 'sha256']) {
    const m: any = compileAll(watToBinary(fs.readFileSync('bench/programs/' + p + '.wat', 'utf8')));
    const out: string[] = [];
    m.compiled.forEach((cf: any, i: number) => { if (cf && cf.code) out.push('func ' + i, ...disasm(cf.code)); });
    fs.writeFileSync('/tmp/dis/' + p + '.txt', out.join('\n'));
  }
});
