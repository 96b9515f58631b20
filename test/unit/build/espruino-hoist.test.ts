// scripts/espruino-hoist.mjs: the Espruino build declares every function's vars at the start of
// its body (Espruino hoists no `var`). The result must mean the same in a hoisting engine, and
// leave nested functions, parameters and let/const alone.
import { describe, expect, test } from 'vitest';
import * as vm from 'node:vm';
// @ts-expect-error: a plain ES module of the build, without types
import { hoistVars } from '../../../scripts/espruino-hoist.mjs';

describe('hoistVars', () => {
  test('declares the vars of each function first, nested functions on their own', () => {
    const code = 'function f(c){if(c){var a=1}return g();function g(){var b=2;return b}}';
    expect(hoistVars(code).code).toBe('function f(c){var a;if(c){var a=1}return g();function g(){var b;var b=2;return b}}');
  });

  test('leaves parameters, functions without vars and let/const alone', () => {
    expect(hoistVars('function f(a){var a=a+1;return a}').code).toBe('function f(a){var a=a+1;return a}');
    expect(hoistVars('function f(){return 1}').code).toBe('function f(){return 1}');
    expect(hoistVars('function f(){let x=1;const y=2;return x+y}').code).toBe('function f(){let x=1;const y=2;return x+y}');
  });

  test('the shapes that broke the minified bundle on Espruino keep their meaning', () => {
    const cases = [
      'function f(e){return r=e*2,r+1;var r}; f(3)',
      'function f(c){switch(c){case 1:var y=2;case 2:y=(y||0)+3}return y}; f(1)+","+f(2)',
      'var o=1; function f(){o=2;var o;return o}; f()+","+o',
      'function f(){for(var i=0,s=0;i<3;i++)s+=i;return s}; f()',
    ];
    for (const c of cases) {
      const { code } = hoistVars(c);
      expect([c, vm.runInNewContext(code)]).toEqual([c, vm.runInNewContext(c)]);
    }
  });
});
