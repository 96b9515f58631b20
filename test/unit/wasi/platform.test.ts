// wasi/ follows the platform rules of core/ (it runs on XS, QuickJS, Duktape, Espruino): a
// smaller version of test/unit/platform.test.ts's AST check over every wasi/ file. globalThis is
// allowed (wasi.ts reaches it only after a `typeof` test, like targets/bigint-codec.ts). Plus the i64 helpers, which replace BigInt, against BigInt as the oracle.
import { describe, expect, test } from 'vitest';
import * as fs from 'node:fs';
import * as path from 'node:path';
import ts from 'typescript';
import { i64Low, i64ToNumber, writeMillisAsNanos, writeU64 } from '../../../wasi/i64';
import { utf8Decode, utf8Encode } from '../../../wasi/text';

const dir = path.resolve(__dirname, '../../../wasi');
const forbidden = new Set(['BigInt', 'Map', 'Set', 'WeakMap', 'Symbol', 'Proxy', 'Reflect', 'eval', 'Function', 'console',
  'TextDecoder', 'TextEncoder', 'setTimeout', 'setInterval', 'require', 'process', 'Buffer']);

function check(file: string): string[] {
  const sf = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.ES2020, true);
  const problems: string[] = [];
  const report = (n: ts.Node, what: string) => problems.push(`${path.basename(file)}:${sf.getLineAndCharacterOfPosition(n.getStart(sf)).line + 1}: ${what}`);
  const visit = (n: ts.Node) => {
    if (ts.isLabeledStatement(n)) report(n, 'label');
    if (ts.isSpreadElement(n) || ts.isSpreadAssignment(n)) report(n, 'spread');
    if (ts.isObjectBindingPattern(n) || ts.isArrayBindingPattern(n)) report(n, 'destructuring');
    if (ts.isForOfStatement(n)) report(n, 'for..of');
    if (n.kind === ts.SyntaxKind.BigIntLiteral) report(n, 'BigInt literal');
    // (function types are erased: `(...args: any[]) => any` in a type is fine)
    if (ts.isParameter(n) && !ts.isFunctionTypeNode(n.parent) && (n.dotDotDotToken || n.initializer)) report(n, 'rest/default parameter');
    if (ts.isImportDeclaration(n) && !(n.moduleSpecifier as ts.StringLiteral).text.startsWith('.')) report(n, 'import of a package');
    if (ts.isIdentifier(n) && forbidden.has(n.text)) {
      const p = n.parent;
      const isName = (ts.isPropertyAccessExpression(p) && p.name === n) || (ts.isPropertyAssignment(p) && p.name === n) ||
        ts.isPropertySignature(p) || ts.isVariableDeclaration(p) || ts.isTypeOfExpression(p);
      if (!isName) report(n, `uses ${n.text}`);
    }
    if (ts.isPropertyAccessExpression(n) && ts.isIdentifier(n.expression) && n.expression.text === 'Math' && ['trunc', 'fround', 'imul', 'clz32', 'sign'].includes(n.name.text)) report(n, `Math.${n.name.text}`);
    ts.forEachChild(n, visit);
  };
  visit(sf);
  return problems;
}

describe('wasi/ uses only what every target engine has', () => {
  const files = fs.readdirSync(dir).filter((f) => f.endsWith('.ts'));
  test('there are files', () => expect(files.length).toBeGreaterThan(5));
  for (const f of files) test(f, () => expect(check(path.join(dir, f))).toEqual([]));
  test('the check finds a forbidden construct', () => {
    const probe = path.join(dir, '..', 'test', 'unit', 'wasi', '.probe.ts');
    fs.writeFileSync(probe, 'const m = new Map();\nconst [a] = [1];\nconsole.log(a);\n');
    try {
      expect(check(probe).length).toBe(3);
    } finally {
      fs.unlinkSync(probe);
    }
  });
});

describe('i64 and UTF-8 helpers', () => {
  const read = (v: DataView) => (BigInt(v.getUint32(4, true)) << 32n) | BigInt(v.getUint32(0, true));

  test('writeMillisAsNanos is exact beyond 2^53', () => {
    const v = new DataView(new ArrayBuffer(8));
    for (const [ms, ns] of [[0, 0], [1, 999999], [1732543200123, 456789], [2 ** 41 - 1, 4294967295], [1048575, 0], [1048576, 1]]) {
      writeMillisAsNanos(v, 0, ms, ns);
      expect(read(v)).toBe(BigInt(ms) * 1000000n + BigInt(ns));
    }
  });

  test('writeU64 and i64ToNumber', () => {
    const v = new DataView(new ArrayBuffer(8));
    writeU64(v, 0, 2 ** 53 - 1);
    expect(read(v)).toBe(2n ** 53n - 1n);
    expect(i64ToNumber(-5n)).toBe(-5);
    expect(i64ToNumber({ lo: -1, hi: 0 })).toBe(4294967295);
    expect(i64ToNumber({ lo: -2, hi: -1 })).toBe(-2);
  });

  test('i64Low takes the low word exactly from BigInt, pairs and numbers', () => {
    for (const b of [0n, 0x1fffffffn, -1n, 2n ** 64n - 1n, 0xdeadbeef12345678n, -(2n ** 63n), 2n ** 60n + 66n]) {
      expect(i64Low(b)).toBe(Number(BigInt.asUintN(32, b)));
    }
    expect(i64Low({ lo: -1, hi: 7 })).toBe(4294967295);
    expect(i64Low(66)).toBe(66);
  });

  test('UTF-8 round trip', () => {
    const s = 'aé€😀\u0000z';
    const b = utf8Encode(s);
    expect(Array.from(b)).toEqual(Array.from(Buffer.from(s, 'utf8')));
    expect(utf8Decode(b, 0, b.length)).toBe(s);
    expect(utf8Decode(new Uint8Array([0xff, 0x41]), 0, 2)).toBe('\ufffdA');
  });
});
