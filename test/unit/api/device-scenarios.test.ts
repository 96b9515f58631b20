// Runs test/engines/device-scenarios.js (the engine-agnostic ES5 device scenarios) in Node
// against the ES5 bundle, in a fresh vm context: the same script the engine runners can load.
import { describe, it, expect } from 'vitest';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vm from 'node:vm';

const root = path.resolve(__dirname, '..', '..', '..');

describe('device scenarios (ES5 bundle)', () => {
  it('limits, lazy compilation, backtraces, suspend/resume, fuel slices with events, JSPI, i64 as { lo, hi }', async () => {
    const bundle = fs.readFileSync(path.join(root, 'dist', 'es5', 'picowasm.js'), 'utf8');
    const script = fs.readFileSync(path.join(root, 'test', 'engines', 'device-scenarios.js'), 'utf8');
    const lines: string[] = [];
    const ctx: any = vm.createContext({ setImmediate, setTimeout });
    vm.runInContext(bundle + '\n' + script, ctx);
    const failures = await new Promise((resolve) => {
      ctx.picowasmDeviceScenarios(ctx.picowasm, (s: string) => lines.push(s), resolve);
    });
    expect(lines).toEqual([
      expect.stringMatching(/^device: limits ok/),
      expect.stringMatching(/^device: lazy ok/),
      expect.stringMatching(/^device: backtrace ok/),
      'device: suspend ok',
      expect.stringMatching(/^device: fuel ok/),
      'device: jspi ok',
      'device: i64 ok',
    ]);
    expect(failures).toBe(0);
  });
});
