#!/usr/bin/env node
// The dialect check: parses a built bundle (JavaScript) with the TypeScript compiler API and
// reports every construct and built-in that the target dialect lacks, each with its line and
// column. `node test/engines/dialect.mjs <file> --dialect espruino|es5|moddable`; exits 1 on
// findings, 0 when clean. test/unit/bundles.test.ts runs it on the built dist/ bundles.
//   es5       ECMAScript 5.1 (Duktape, old browsers): no ES2015+ syntax, no ES2015+ built-ins.
//   espruino  es5, minus what Espruino lacks (labels, RangeError, Object.freeze, Math.imul, ...),
//             no module syntax (the bundle is a CommonJS module), no variables named with
//             words its lexer reserves (of, let, static, ...), no root code that calls a root
//             function declared further down, no Object.create with a properties argument, no
//             integer literal of 2^63 or more (its parser misreads them), and every function's
//             vars declared at the start of its body (Espruino hoists no `var`: the build adds
//             the declarations, scripts/espruino-hoist.mjs). Measured on Espruino 2v29 (Linux).
//   moddable  any syntax XS has (ES2024), but what breaks preload: module-level typed arrays and
//             `this.name = ...` in functions (errors).
// Uses of an optional built-in are accepted when they are feature-tested: `typeof X`, `X || y`,
// `X ? ... : ...`, `if (X)`, or inside the branch guarded by such a test of the same X (by
// source text), or through a feature-tested alias (`var f = Array.from; if (typeof f ...)`).
// Promise, once feature-tested anywhere in the file, may be used anywhere (reported as notes),
// since core/ reaches its uses only through the guarded path.
// What it leaves to others: running the bundles (test/unit/bundles.test.ts); core/'s source
// rules (test/unit/platform.test.ts).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { functionVarNames } from '../../scripts/espruino-hoist.mjs';

/**
 * The var names of a function that its body does not declare in its first statement, a var
 * statement (what scripts/espruino-hoist.mjs adds): the names Espruino, which hoists no var,
 * could read before their `var` ran.
 */
function varsDeclaredLate(fn) {
  const names = functionVarNames(fn);
  const first = fn.body.statements[0];
  if (first && ts.isVariableStatement(first)) for (const d of first.declarationList.declarations) if (ts.isIdentifier(d.name)) names.delete(d.name.text);
  return [...names];
}

const ES2015_GLOBALS = ['Map', 'Set', 'WeakMap', 'WeakSet', 'WeakRef', 'FinalizationRegistry', 'Symbol', 'Proxy',
  'Reflect', 'Promise', 'BigInt', 'BigInt64Array', 'BigUint64Array', 'globalThis', 'SharedArrayBuffer', 'Atomics',
  'AggregateError', 'Intl'];
// Static members added in ES2015+ (receiver name → member names).
const ES2015_STATICS = {
  Object: ['assign', 'is', 'entries', 'values', 'fromEntries', 'getOwnPropertySymbols', 'setPrototypeOf', 'getOwnPropertyDescriptors', 'hasOwn', 'groupBy'],
  Array: ['from', 'of'],
  Number: ['isInteger', 'isSafeInteger', 'isNaN', 'isFinite', 'EPSILON', 'MAX_SAFE_INTEGER', 'MIN_SAFE_INTEGER', 'parseFloat', 'parseInt'],
  Math: ['trunc', 'fround', 'imul', 'clz32', 'sign', 'log2', 'log10', 'hypot', 'cbrt', 'expm1', 'log1p', 'sinh', 'cosh', 'tanh', 'asinh', 'acosh', 'atanh'],
  String: ['fromCodePoint', 'raw'],
  ArrayBuffer: ['isView'],
};
// Prototype methods added in ES2015+ (on any receiver: the check cannot know types; `keys`,
// `values` and `entries` count only as calls on something other than `Object`).
const ES2015_METHODS = ['fill', 'copyWithin', 'find', 'findIndex', 'findLast', 'findLastIndex', 'includes',
  'startsWith', 'endsWith', 'repeat', 'padStart', 'padEnd', 'codePointAt', 'normalize', 'trimStart', 'trimEnd',
  'flat', 'flatMap', 'at', 'replaceAll', 'matchAll', 'toSorted', 'toReversed', 'with'];

// Globals that may be used anywhere once the file feature-tests them somewhere: the namespace
// defines compile/instantiate (the only users of Promise) only after `typeof Promise` says yes.
const ELSEWHERE_OK = ['Promise'];

// What Espruino lacks beyond ES5 syntax rules: globals, statics and members.
const ESPRUINO_GLOBALS = ['RangeError', 'URIError', 'EvalError'];
const ESPRUINO_STATICS = {
  Object: ['freeze', 'isFrozen', 'seal', 'isSealed', 'preventExtensions', 'isExtensible'],
  Error: ['captureStackTrace'],
};
// Words Espruino's lexer reserves that ES5 does not (so they cannot name a variable there), and
// members it lacks on every receiver.
const ESPRUINO_RESERVED = ['of', 'let', 'static', 'class', 'const', 'extends', 'super'];
const ESPRUINO_MISSING_METHODS = ['propertyIsEnumerable', 'lastIndexOf'];
// Typed-array members Espruino lacks (any receiver named like this is reported).
const ESPRUINO_MEMBERS = ['copyWithin', 'BYTES_PER_ELEMENT'];

const TYPED_ARRAYS = /^(Int8|Uint8|Uint8Clamped|Int16|Uint16|Int32|Uint32|Float32|Float64|BigInt64|BigUint64)Array$|^DataView$|^ArrayBuffer$/;

/** Checks `text` (the source of `file`) against `dialect`; returns findings and notes. */
export function checkDialect(text, dialect, file = 'bundle.js') {
  if (!['es5', 'espruino', 'moddable'].includes(dialect)) throw new Error('unknown dialect ' + dialect);
  const es5 = dialect === 'es5' || dialect === 'espruino';
  const espruino = dialect === 'espruino';
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, dialect === 'moddable' ? ts.ScriptKind.JS : ts.ScriptKind.JS);
  const findings = [];
  const notes = [];
  const where = (node) => {
    const { line, character } = sf.getLineAndCharacterOfPosition(node.getStart(sf));
    return `${file}:${line + 1}:${character + 1}`;
  };
  const report = (node, what) => findings.push({ where: where(node), what, text: node.getText(sf).slice(0, 60) });
  for (const d of sf.parseDiagnostics || []) {
    const { line, character } = sf.getLineAndCharacterOfPosition(d.start || 0);
    findings.push({ where: `${file}:${line + 1}:${character + 1}`, what: 'syntax error: ' + ts.flattenDiagnosticMessageText(d.messageText, ' '), text: '' });
  }

  // Identifiers declared anywhere in the file shadow globals of the same name (minified code
  // reuses short names; a local `Map` is not the built-in).
  const declared = new Set();
  const featureTested = new Set();
  const collect = (node) => {
    if ((ts.isVariableDeclaration(node) || ts.isFunctionDeclaration(node) || ts.isParameter(node) || ts.isFunctionExpression(node) ||
        ts.isClassDeclaration(node) || ts.isClassExpression(node)) && node.name && ts.isIdentifier(node.name)) declared.add(node.name.text);
    if (ts.isCatchClause(node) && node.variableDeclaration && ts.isIdentifier(node.variableDeclaration.name)) declared.add(node.variableDeclaration.name.text);
    if (ts.isTypeOfExpression(node)) featureTested.add(node.expression.getText(sf));
    ts.forEachChild(node, collect);
  };
  collect(sf);

  // Whether `node` (an optional built-in, by its text) is feature-tested where it is used.
  const isTest = (expr, t) => {
    let found = false;
    const scan = (n) => {
      if (found) return;
      if (ts.isTypeOfExpression(n) && n.expression.getText(sf) === t) found = true;
      else if ((ts.isPropertyAccessExpression(n) || ts.isIdentifier(n)) && n.getText(sf) === t &&
               !(ts.isCallExpression(n.parent) && n.parent.expression === n)) found = true;
      else ts.forEachChild(n, scan);
    };
    scan(expr);
    return found;
  };
  const guarded = (node) => {
    const t = node.getText(sf);
    const p = node.parent;
    if (ts.isTypeOfExpression(p)) return true;
    if (ts.isBinaryExpression(p) && p.left === node && (p.operatorToken.kind === ts.SyntaxKind.BarBarToken || p.operatorToken.kind === ts.SyntaxKind.AmpersandAmpersandToken)) return true;
    if (ts.isPrefixUnaryExpression(p) && p.operator === ts.SyntaxKind.ExclamationToken) return true;
    if ((ts.isConditionalExpression(p) || ts.isIfStatement(p)) && (p.condition === node || p.expression === node)) return true;
    // An alias that is feature-tested: `var from = Array.from; if (typeof from === 'function') ...`.
    if (ts.isVariableDeclaration(p) && p.initializer === node && ts.isIdentifier(p.name) && featureTested.has(p.name.text)) return true;
    if (ts.isBinaryExpression(p) && p.right === node && p.operatorToken.kind === ts.SyntaxKind.EqualsToken && ts.isIdentifier(p.left) && featureTested.has(p.left.text)) return true;
    // Inside a branch guarded by a test of the same expression.
    let child = node;
    for (let a = node.parent; a; child = a, a = a.parent) {
      if (ts.isIfStatement(a) && child !== a.expression && isTest(a.expression, t)) return true;
      if (ts.isConditionalExpression(a) && child !== a.condition && isTest(a.condition, t)) return true;
      if (ts.isBinaryExpression(a) && a.right === child && a.operatorToken.kind === ts.SyntaxKind.AmpersandAmpersandToken && isTest(a.left, t)) return true;
      if (ts.isFunctionLike(a)) break;
    }
    return false;
  };
  const optional = (node, what) => {
    if (guarded(node)) return;
    const t = node.getText(sf);
    if (ELSEWHERE_OK.includes(t) && featureTested.has(t)) { notes.push({ where: where(node), what: what + ' (feature-tested elsewhere in the file)' }); return; }
    report(node, what);
  };

  let depth = 0;
  const visit = (node) => {
    if (es5) {
      switch (node.kind) {
        case ts.SyntaxKind.ArrowFunction: report(node, 'arrow function'); break;
        case ts.SyntaxKind.ClassDeclaration: case ts.SyntaxKind.ClassExpression: report(node, 'class'); break;
        case ts.SyntaxKind.TemplateExpression: case ts.SyntaxKind.NoSubstitutionTemplateLiteral: report(node, 'template literal'); break;
        case ts.SyntaxKind.SpreadElement: case ts.SyntaxKind.SpreadAssignment: report(node, 'spread'); break;
        case ts.SyntaxKind.ObjectBindingPattern: case ts.SyntaxKind.ArrayBindingPattern: report(node, 'destructuring'); break;
        case ts.SyntaxKind.ForOfStatement: report(node, 'for..of'); break;
        case ts.SyntaxKind.YieldExpression: report(node, 'yield'); break;
        case ts.SyntaxKind.AwaitExpression: report(node, 'await'); break;
        case ts.SyntaxKind.ComputedPropertyName: report(node, 'computed property name'); break;
        case ts.SyntaxKind.ShorthandPropertyAssignment: report(node, 'shorthand property'); break;
        case ts.SyntaxKind.BigIntLiteral: report(node, 'BigInt literal'); break;
        case ts.SyntaxKind.MetaProperty: report(node, 'new.target / import.meta'); break;
        case ts.SyntaxKind.ImportDeclaration: case ts.SyntaxKind.ExportDeclaration: case ts.SyntaxKind.ExportAssignment: report(node, 'module syntax'); break;
        case ts.SyntaxKind.LabeledStatement: if (espruino) report(node, 'labeled statement (Espruino has no labels)'); break;
        case ts.SyntaxKind.NumericLiteral: if (espruino && Number(node.text) >= 9223372036854775808) report(node, 'integer literal of 2^63 or more (Espruino misreads it)'); break;
        case ts.SyntaxKind.RegularExpressionLiteral: {
          const flags = node.text.slice(node.text.lastIndexOf('/') + 1);
          if (/[uysdv]/.test(flags)) report(node, 'regular expression flag ' + flags);
          break;
        }
        case ts.SyntaxKind.NumericLiteral:
          if (/^0[bBoO]|_/.test(node.getText(sf))) report(node, 'ES2015+ numeric literal');
          break;
      }
      if (ts.canHaveModifiers(node) && (ts.getModifiers(node) || []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword)) report(node, 'module syntax');
      if (ts.isVariableDeclarationList(node) && (node.flags & (ts.NodeFlags.Let | ts.NodeFlags.Const))) report(node, (node.flags & ts.NodeFlags.Let) ? 'let' : 'const');
      if (ts.isParameter(node)) {
        if (node.dotDotDotToken) report(node, 'rest parameter');
        if (node.initializer) report(node, 'default parameter');
      }
      if ((ts.isFunctionDeclaration(node) || ts.isFunctionExpression(node) || ts.isMethodDeclaration(node)) && node.asteriskToken) report(node, 'generator');
      if (ts.canHaveModifiers(node) && (ts.getModifiers(node) || []).some((m) => m.kind === ts.SyntaxKind.AsyncKeyword)) report(node, 'async function');
      if (ts.isMethodDeclaration(node) && ts.isObjectLiteralExpression(node.parent)) report(node, 'method shorthand');
      if (espruino && ts.isCallExpression(node) && node.arguments.length > 1 && node.expression.getText(sf) === 'Object.create') report(node, 'Object.create with a properties argument (Espruino lacks it)');
      if (espruino && ts.isFunctionLike(node) && node.body && ts.isBlock(node.body)) {
        const late = varsDeclaredLate(node);
        if (late.length !== 0) report(node, 'vars not declared at the start of the function (Espruino hoists no var): ' + late.slice(0, 5).join(', '));
      }
      if (espruino && (ts.isGetAccessorDeclaration(node) || ts.isSetAccessorDeclaration(node)) && ts.isObjectLiteralExpression(node.parent)) report(node, 'accessor in an object literal (use Object.defineProperty)');
      if (ts.isBinaryExpression(node)) {
        const k = node.operatorToken.kind;
        if (k === ts.SyntaxKind.AsteriskAsteriskToken || k === ts.SyntaxKind.AsteriskAsteriskEqualsToken) report(node, 'exponent operator');
        if (k === ts.SyntaxKind.QuestionQuestionToken || k === ts.SyntaxKind.QuestionQuestionEqualsToken || k === ts.SyntaxKind.BarBarEqualsToken || k === ts.SyntaxKind.AmpersandAmpersandEqualsToken) report(node, 'ES2020+ operator');
        if (k === ts.SyntaxKind.EqualsToken && (ts.isObjectLiteralExpression(node.left) || ts.isArrayLiteralExpression(node.left))) report(node, 'destructuring assignment');
      }
      if ((ts.isPropertyAccessExpression(node) || ts.isElementAccessExpression(node) || ts.isCallExpression(node)) && node.questionDotToken) report(node, 'optional chaining');
      if ((ts.isCallExpression(node) || ts.isNewExpression(node)) && node.arguments && node.arguments.hasTrailingComma) report(node, 'trailing comma in arguments');
      if (ts.isFunctionLike(node) && node.parameters && node.parameters.hasTrailingComma) report(node, 'trailing comma in parameters');
      if (ts.isStringLiteral(node) && /\\u\{/.test(node.getText(sf))) report(node, 'unicode code point escape');

      // Built-ins.
      if (ts.isIdentifier(node) && !declared.has(node.text) && isReference(node)) {
        // Espruino has Promise (not ES5, but there): only the es5 dialect reports it.
        if (ES2015_GLOBALS.includes(node.text) && !(espruino && node.text === 'Promise')) optional(node, `${node.text} (not in ES5${espruino ? ', nor in Espruino' : ''})`);
        if (espruino && ESPRUINO_GLOBALS.includes(node.text)) optional(node, `${node.text} (Espruino lacks it)`);
      }
      if (ts.isPropertyAccessExpression(node)) {
        const name = node.name.text;
        const recv = ts.isIdentifier(node.expression) ? node.expression.text : null;
        if (recv && !declared.has(recv)) {
          if (ES2015_STATICS[recv] && ES2015_STATICS[recv].includes(name)) optional(node, `${recv}.${name} (ES2015+)`);
          if (espruino && ESPRUINO_STATICS[recv] && ESPRUINO_STATICS[recv].includes(name)) optional(node, `${recv}.${name} (Espruino lacks it)`);
          if (TYPED_ARRAYS.test(recv) && (name === 'from' || name === 'of' || name === 'BYTES_PER_ELEMENT')) optional(node, `${recv}.${name} (ES2015+ / Espruino lacks it)`);
        }
        const isCall = ts.isCallExpression(node.parent) && node.parent.expression === node;
        if (isCall && ES2015_METHODS.includes(name)) optional(node, `.${name}() (ES2015+ method)`);
        if (isCall && (name === 'keys' || name === 'values' || name === 'entries') && recv !== 'Object') optional(node, `.${name}() (ES2015+ iterator method)`);
        if (espruino && ESPRUINO_MEMBERS.includes(name) && !(recv && TYPED_ARRAYS.test(recv))) optional(node, `.${name} (Espruino lacks it on typed arrays)`);
        if (espruino && isCall && ESPRUINO_MISSING_METHODS.includes(name)) optional(node, `.${name}() (Espruino lacks it on arrays)`);
      }
      if (espruino && ts.isIdentifier(node) && isReferenceOrBinding(node)) {
        if (ESPRUINO_RESERVED.includes(node.text)) report(node, `identifier "${node.text}" (a reserved word in Espruino)`);
        if (node.text === 'undefined' && !isReference(node)) report(node, 'declares "undefined" (a keyword in Espruino)');
      }
    }
    if (dialect === 'moddable') {
      // Preload: module-level typed arrays become read-only; `this.name =` throws on preloaded errors.
      if (depth === 0 && ts.isNewExpression(node) && ts.isIdentifier(node.expression) && TYPED_ARRAYS.test(node.expression.text) && node.expression.text !== 'DataView') report(node, 'module-level typed array (read-only after preload)');
      if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.EqualsToken && ts.isPropertyAccessExpression(node.left) &&
          node.left.expression.kind === ts.SyntaxKind.ThisKeyword && node.left.name.text === 'name') report(node, 'assigns this.name (fails on preloaded Error subclasses)');
    }
    const fn = ts.isFunctionLike(node);
    if (fn) depth++;
    ts.forEachChild(node, visit);
    if (fn) depth--;
  };
  visit(sf);
  if (espruino) checkRootHoisting(sf, report);
  return { findings, notes };
}

/** Whether identifier `node` names a variable: a reference or a declaration (not a property). */
function isReferenceOrBinding(node) {
  const p = node.parent;
  if (ts.isPropertyAccessExpression(p) && p.name === node) return false;
  if ((ts.isPropertyAssignment(p) || ts.isMethodDeclaration(p) || ts.isGetAccessorDeclaration(p) || ts.isSetAccessorDeclaration(p) || ts.isPropertyDeclaration(p)) && p.name === node) return false;
  if (ts.isLabeledStatement(p) || ts.isBreakOrContinueStatement(p)) return false;
  return true;
}

// Espruino does not hoist function declarations at the root of a script or module (inside
// functions it does): code that runs while the module loads must not reach a root function
// declared further down. For each root statement, the root functions it references outside
// nested functions are taken as called, and so, transitively, is everything their bodies
// reference (conservative); any of them declared after the statement is reported.
function checkRootHoisting(sf, report) {
  // The root scope: a CommonJS bundle's top level, or the body of a wrapping IIFE is not root
  // (it is a function body, where Espruino hoists), so only sf.statements count.
  const rootFns = new Map(); // name → { index, node }
  sf.statements.forEach((st, index) => {
    if (ts.isFunctionDeclaration(st) && st.name) rootFns.set(st.name.text, { index, node: st });
  });
  if (rootFns.size === 0) return;
  // Names declared in a function's own scope (parameters, vars, inner function declarations).
  const ownNames = (fn) => {
    const names = new Set();
    for (const p of fn.parameters || []) if (ts.isIdentifier(p.name)) names.add(p.name.text);
    if (ts.isFunctionExpression(fn) && fn.name) names.add(fn.name.text);
    const walk = (n) => {
      if (ts.isVariableDeclaration(n) && ts.isIdentifier(n.name)) names.add(n.name.text);
      if (ts.isFunctionDeclaration(n) && n.name) { names.add(n.name.text); return; }
      if (ts.isCatchClause(n) && n.variableDeclaration && ts.isIdentifier(n.variableDeclaration.name)) names.add(n.variableDeclaration.name.text);
      if (ts.isFunctionLike(n)) return;
      ts.forEachChild(n, walk);
    };
    if (fn.body) ts.forEachChild(fn.body, walk);
    return names;
  };
  // Root function names referenced in `node`; `eagerOnly` skips nested function bodies.
  const refs = (node, eagerOnly) => {
    const out = new Set();
    const walk = (n, shadow) => {
      if (ts.isIdentifier(n) && isReference(n) && rootFns.has(n.text) && !shadow.has(n.text)) out.add(n.text);
      if (ts.isFunctionLike(n) && n !== node) {
        if (eagerOnly) return;
        const inner = new Set(shadow);
        for (const k of ownNames(n)) inner.add(k);
        ts.forEachChild(n, (c) => walk(c, inner));
        return;
      }
      ts.forEachChild(n, (c) => walk(c, shadow));
    };
    const start = ts.isFunctionLike(node) ? ownNames(node) : new Set();
    walk(node, start);
    return out;
  };
  const bodyRefs = new Map();
  const closure = (names) => {
    const seen = new Set();
    const todo = Array.from(names);
    while (todo.length) {
      const n = todo.pop();
      if (seen.has(n)) continue;
      seen.add(n);
      if (!bodyRefs.has(n)) bodyRefs.set(n, refs(rootFns.get(n).node, false));
      for (const m of bodyRefs.get(n)) todo.push(m);
    }
    return seen;
  };
  sf.statements.forEach((st, index) => {
    if (ts.isFunctionDeclaration(st)) return;
    const eager = refs(st, true);
    if (eager.size === 0) return;
    for (const name of closure(eager)) {
      const decl = rootFns.get(name);
      if (decl.index > index) report(st, `root code reaches function ${name} before its declaration (Espruino does not hoist at the root)`);
    }
  });
}

/** Whether identifier `node` is a reference to a variable (not a property name or declaration). */
function isReference(node) {
  const p = node.parent;
  if (ts.isPropertyAccessExpression(p) && p.name === node) return false;
  if ((ts.isPropertyAssignment(p) || ts.isMethodDeclaration(p) || ts.isGetAccessorDeclaration(p) || ts.isSetAccessorDeclaration(p) || ts.isPropertyDeclaration(p)) && p.name === node) return false;
  if ((ts.isVariableDeclaration(p) || ts.isFunctionDeclaration(p) || ts.isFunctionExpression(p) || ts.isParameter(p)) && p.name === node) return false;
  if (ts.isLabeledStatement(p) || ts.isBreakOrContinueStatement(p)) return false;
  return true;
}

function main(argv) {
  const args = argv.slice(2);
  const i = args.indexOf('--dialect');
  const dialect = i >= 0 ? args[i + 1] : null;
  const files = args.filter((a, k) => a !== '--dialect' && (i < 0 || k !== i + 1));
  if (!dialect || files.length === 0) {
    console.error('usage: node test/engines/dialect.mjs <file.js> ... --dialect espruino|es5|moddable [--notes]');
    return 2;
  }
  const showNotes = files.includes('--notes');
  let total = 0;
  for (const file of files.filter((f) => f !== '--notes')) {
    const { findings, notes } = checkDialect(fs.readFileSync(file, 'utf8'), dialect, path.relative(process.cwd(), file));
    for (const f of findings) console.log(`${f.where}: ${f.what}${f.text ? '  `' + f.text + '`' : ''}`);
    if (showNotes) for (const n of notes) console.log(`${n.where}: note: ${n.what}`);
    console.log(`${file}: ${findings.length} finding(s) for dialect ${dialect}` + (notes.length ? `, ${notes.length} note(s)` : ''));
    total += findings.length;
  }
  return total === 0 ? 0 : 1;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) process.exit(main(process.argv));
