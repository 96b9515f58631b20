// Enforces the platform rules of core/ (see ARCHITECTURE.md): core/ must run on XS, QuickJS,
// Duktape and Espruino after TypeScript's ES5 output, so it may not use what those engines lack.
// Walks the TypeScript AST of every core/ file and reports each forbidden construct with its line.
import { describe, expect, test } from 'vitest';
import * as fs from 'node:fs';
import * as path from 'node:path';
import ts from 'typescript';

const root = path.resolve(__dirname, '../../core');

function listFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...listFiles(p));
    else if (entry.name.endsWith('.ts')) out.push(p);
  }
  return out;
}

const forbiddenGlobals = new Set([
  'BigInt', 'BigInt64Array', 'BigUint64Array', 'Map', 'Set', 'WeakMap', 'WeakSet', 'WeakRef', 'Symbol',
  'Proxy', 'Reflect', 'eval', 'Function', 'console', 'TextDecoder', 'TextEncoder', 'setTimeout',
  'setInterval', 'setImmediate', 'clearTimeout', 'queueMicrotask', 'require', 'process', 'Buffer',
  'globalThis', 'structuredClone', 'SharedArrayBuffer', 'Atomics',
]);
// Math functions missing or wrong on some target (Espruino lacks them; XS's fround is wrong).
const forbiddenMath = new Set(['trunc', 'fround', 'imul', 'clz32', 'sign', 'log2', 'log10', 'hypot', 'cbrt', 'expm1', 'log1p']);
// The one file allowed to look these up, to install its shims.
const mathShimFile = path.join(root, 'exec', 'numerics.ts');
const typedArrays = /^(Int8|Uint8|Uint8Clamped|Int16|Uint16|Int32|Uint32|Float32|Float64)Array$|^DataView$|^ArrayBuffer$/;

function check(file: string): string[] {
  const text = fs.readFileSync(file, 'utf8');
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.ES2020, true);
  const problems: string[] = [];
  const report = (node: ts.Node, what: string) => {
    const { line } = sf.getLineAndCharacterOfPosition(node.getStart(sf));
    problems.push(`${path.relative(root, file)}:${line + 1}: ${what}`);
  };
  const visit = (node: ts.Node, depth: number) => {
    switch (node.kind) {
      case ts.SyntaxKind.LabeledStatement: report(node, 'labeled statement'); break;
      case ts.SyntaxKind.SpreadElement: case ts.SyntaxKind.SpreadAssignment: report(node, 'spread'); break;
      case ts.SyntaxKind.ObjectBindingPattern: case ts.SyntaxKind.ArrayBindingPattern: report(node, 'destructuring'); break;
      case ts.SyntaxKind.ForOfStatement: report(node, 'for..of'); break;
      case ts.SyntaxKind.YieldExpression: report(node, 'generator'); break;
      case ts.SyntaxKind.AwaitExpression: report(node, 'await'); break;
      case ts.SyntaxKind.BigIntLiteral: report(node, 'BigInt literal'); break;
    }
    if (ts.isParameter(node)) {
      if (node.dotDotDotToken) report(node, 'rest parameter');
      if (node.initializer) report(node, 'default parameter');
    }
    if ((ts.isFunctionDeclaration(node) || ts.isFunctionExpression(node) || ts.isMethodDeclaration(node)) && node.asteriskToken) report(node, 'generator');
    if (ts.canHaveModifiers(node) && ts.getModifiers(node)?.some((m) => m.kind === ts.SyntaxKind.AsyncKeyword)) report(node, 'async');
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier) && !node.moduleSpecifier.text.startsWith('.')) {
      report(node, `import of ${node.moduleSpecifier.text}`);
    }
    if (ts.isIdentifier(node) && forbiddenGlobals.has(node.text)) {
      const parent = node.parent;
      const isPropertyName = (ts.isPropertyAccessExpression(parent) && parent.name === node) ||
        (ts.isPropertyAssignment(parent) && parent.name === node) || ts.isPropertySignature(parent) ||
        (ts.isMethodDeclaration(parent) && parent.name === node) || (ts.isPropertyDeclaration(parent) && parent.name === node);
      if (!isPropertyName) report(node, `uses ${node.text}`);
    }
    if (ts.isPropertyAccessExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'Math' &&
        forbiddenMath.has(node.name.text) && file !== mathShimFile) {
      report(node, `Math.${node.name.text} (use the shim in core/exec/numerics.ts)`);
    }
    // Module-level typed arrays become read-only under Moddable's preload.
    if (depth === 0 && ts.isVariableStatement(node)) {
      const scan = (n: ts.Node): void => {
        if (ts.isFunctionLike(n)) return;
        if (ts.isNewExpression(n) && ts.isIdentifier(n.expression) && typedArrays.test(n.expression.text)) report(n, 'module-level typed array');
        ts.forEachChild(n, scan);
      };
      scan(node);
    }
    ts.forEachChild(node, (child) => visit(child, ts.isSourceFile(node) ? 0 : depth + 1));
  };
  ts.forEachChild(sf, (child) => visit(child, 0));
  return problems;
}

describe('core/ uses only what every target engine has', () => {
  const files = listFiles(root);
  test('there are core files to check', () => {
    expect(files.length).toBeGreaterThan(5);
  });
  for (const file of files) {
    test(path.relative(root, file), () => {
      expect(check(file)).toEqual([]);
    });
  }
  test('the checker catches a forbidden construct', () => {
    const tmp = path.join(root, '..', 'test', 'unit', '.platform-probe.ts');
    fs.writeFileSync(tmp, 'const m = new Map();\nouter: for (;;) { break outer; }\nfunction f(...a: number[]) { return a; }\n');
    try {
      const found = check(tmp);
      expect(found.length).toBe(3);
    } finally {
      fs.unlinkSync(tmp);
    }
  });
});
