// Runs one .wast script against an engine adapter and counts its assertions.
//
// Interprets the commands of the script (module, register, invoke, get, assert_*) on the tree from
// sexpr.mjs. Module text goes to binary through wat.mjs (wabt); value literals are parsed by
// literals.mjs. The engine is reached only through its adapter (engines/<name>.mjs): its
// WebAssembly namespace for compiling and instantiating, `invokeRaw`/`globalRaw` for exact values.
// Each script gets a fresh spectest module and a fresh registry; every command runs under its own
// try/catch so one failure never stops the file. Finding files and printing are left to run.mjs.
//
// Counting: every assertion and every `module`, `register` and bare `invoke`/`get` command is one
// test that passes or fails (a module that fails to compile or instantiate is a failure, and the
// commands that use it fail too). Skipped: `assert_malformed` on text (its subject is the text
// parser, which is wabt's), and any command whose module text wabt cannot convert.

import { head, readSexprs, utf8 } from './sexpr.mjs';
import { formatPattern, formatValue, isNanClass, parseConst, parseResultConst, rawValue, sameValue } from './literals.mjs';
import { makeSpectest } from './spectest.mjs';
import { WatError, watToBinary } from './wat.mjs';

/** @typedef {import('./sexpr.mjs').Node} Node */
/** @typedef {import('./sexpr.mjs').ListNode} ListNode */
/** @typedef {import('./literals.mjs').RawValue} RawValue */
/** @typedef {import('./literals.mjs').ResultPattern} ResultPattern */

/**
 * @typedef {{
 *   name: string,
 *   WebAssembly: any,
 *   invokeRaw: (fn: any, args: RawValue[], resultTypes?: RawValue['type'][]) => RawValue[],
 *   globalRaw: (global: any, type?: RawValue['type']) => RawValue,
 * }} Engine
 */

/**
 * @typedef {{ line: number, command: string, detail: string }} Failure
 * @typedef {{ passed: number, failed: number, skipped: number, failures: Failure[], skips: Map<string, number> }} ScriptResult
 */

/** A command that cannot run for a reason outside the engine (reported as skipped). */
export class Skip extends Error {}

/** A failed expectation (the message is the short "expected ..., got ..." text). */
class Mismatch extends Error {}

export const COMMANDS = new Set([
  'module', 'register', 'invoke', 'get', 'assert_return', 'assert_trap', 'assert_exhaustion',
  'assert_invalid', 'assert_malformed', 'assert_unlinkable', 'assert_uninstantiable',
]);

/**
 * How a module is written: text (a `(module ...)` form, passed to wabt as written), `binary`
 * strings, or `quote` strings (text again).
 * @typedef {{ name: string | null, form: 'text' | 'binary' | 'quote', bytes: Uint8Array }} ModuleSource
 */

/**
 * @param {ListNode} node a `(module ...)` node
 * @param {string} src the whole script (latin1)
 * @returns {ModuleSource}
 */
export function moduleSource(node, src) {
  let i = 1;
  let name = null;
  const second = node.items[1];
  if (second && second.kind === 'atom' && second.text.startsWith('$')) { name = second.text; i = 2; }
  const kind = node.items[i];
  if (kind && kind.kind === 'atom' && (kind.text === 'binary' || kind.text === 'quote')) {
    const parts = node.items.slice(i + 1).map((s) => {
      if (s.kind !== 'string') throw new Error(`module ${kind.text}: expected strings`);
      return s.bytes;
    });
    // A copy of its own (Buffer may hand out views into a shared pool at an offset).
    return { name, form: kind.text, bytes: new Uint8Array(Buffer.concat(parts)) };
  }
  return { name, form: 'text', bytes: new Uint8Array(Buffer.from(src.slice(node.start, node.end), 'latin1')) };
}

/**
 * @param {ModuleSource} m
 * @returns {Promise<Uint8Array>} the binary; throws Skip if wabt cannot convert the text
 */
export async function moduleBinary(m) {
  if (m.form === 'binary') return m.bytes;
  try {
    return await watToBinary(m.bytes);
  } catch (e) {
    if (e instanceof WatError) throw new Skip(`wabt cannot convert module text: ${e.message}`);
    throw e;
  }
}

/** @param {unknown} e */
function describeError(e) {
  if (e instanceof Error) return `${e.constructor.name}: ${e.message.split('\n')[0].slice(0, 120)}`;
  return `thrown ${String(e).slice(0, 120)}`;
}

/**
 * Runs a script.
 * @param {Engine} engine
 * @param {string} src the script's text, one char per byte (read the file as latin1)
 * @returns {Promise<ScriptResult>}
 */
export async function runScript(engine, src) {
  const WA = engine.WebAssembly;
  /** @type {ScriptResult} */
  const result = { passed: 0, failed: 0, skipped: 0, failures: [], skips: new Map() };

  /** @type {Record<string, any>} registered export objects by module name (no prototype) */
  const registry = Object.create(null);
  registry.spectest = makeSpectest(WA);
  // Unknown module names resolve to an empty namespace, so that importing from them is a LinkError
  // (unknown import) as in the reference interpreter, not the JS API's TypeError.
  const importObject = new Proxy(registry, {
    get: (target, key) => (typeof key === 'string' ? (Object.hasOwn(target, key) ? target[key] : {}) : undefined),
    has: () => true,
  });
  /** @type {Map<string, any>} instances by `$name` */
  const named = new Map();
  /** @type {any} the most recent module's instance */
  let current = null;
  /** @type {Map<number, object>} `ref.extern N` → its one JS object */
  const externs = new Map();

  // --- values -----------------------------------------------------------------------------

  /** @param {number} n */
  function externRef(n) {
    let o = externs.get(n);
    if (!o) { o = { externref: n }; externs.set(n, o); }
    return o;
  }

  /**
   * An argument constant: `(i32.const 1)`, `(ref.null extern)`, `(ref.extern 1)`.
   * @param {Node} node @returns {RawValue}
   */
  function argument(node) {
    if (node.kind !== 'list') throw new Error('expected a constant');
    const op = head(node);
    const arg = node.items[1];
    const text = arg && arg.kind === 'atom' ? arg.text : '';
    if (op.endsWith('.const')) return parseConst(/** @type {any} */ (op.slice(0, -6)), text);
    if (op === 'ref.null') return rawValue(text === 'func' ? 'funcref' : 'externref', 0, 0, null);
    if (op === 'ref.extern') return rawValue('externref', 0, 0, externRef(Number(text)));
    throw new Error(`unsupported constant ${op}`);
  }

  /**
   * An expected result: like an argument, plus `nan:canonical|arithmetic` and `(ref.func)`.
   * @param {Node} node @returns {ResultPattern}
   */
  function expected(node) {
    const op = head(node);
    if (op === 'ref.func') return { kind: 'anyfunc' };
    if (op.endsWith('.const') && node.kind === 'list') {
      const arg = node.items[1];
      return parseResultConst(/** @type {any} */ (op.slice(0, -6)), arg && arg.kind === 'atom' ? arg.text : '');
    }
    return { kind: 'exact', value: argument(node) };
  }

  /** @param {ResultPattern} p @returns {RawValue['type']} */
  function patternType(p) {
    if (p.kind === 'exact') return p.value.type;
    if (p.kind === 'nan') return p.type;
    return 'funcref';
  }

  /** @param {ResultPattern} p @param {RawValue} v */
  function matches(p, v) {
    if (!v || typeof v !== 'object') return false;
    if (p.kind === 'exact') return sameValue(p.value, v);
    if (p.kind === 'nan') return v.type === p.type && isNanClass(v, p.nan);
    return v.type === 'funcref' && v.ref !== null && v.ref !== undefined;
  }

  // --- modules and actions ----------------------------------------------------------------

  /**
   * @param {string | null} name `$name` or null for the current module
   * @returns {any} the instance
   */
  function instanceFor(name) {
    const inst = name === null ? current : named.get(name);
    if (!inst) throw new Mismatch(name === null ? 'no current module (an earlier module failed)' : `no module ${name}`);
    return inst;
  }

  /**
   * `(invoke $M? "f" args...)` or `(get $M? "g")`: where, what and with what.
   * @param {Node} node
   */
  function parseAction(node) {
    if (node.kind !== 'list') throw new Error('expected an action');
    const kind = head(node);
    if (kind !== 'invoke' && kind !== 'get') throw new Error(`unsupported action ${kind}`);
    let i = 1;
    let name = null;
    const second = node.items[1];
    if (second && second.kind === 'atom' && second.text.startsWith('$')) { name = second.text; i = 2; }
    const field = node.items[i];
    if (!field || field.kind !== 'string') throw new Error(`${kind}: expected a name`);
    const args = node.items.slice(i + 1).map(argument);
    const fieldName = utf8(field);
    const argText = kind === 'invoke' ? ` (${args.map(formatValue).join(', ')})` : '';
    let label = `${kind} ${name ? name + ' ' : ''}${JSON.stringify(fieldName)}${argText}`;
    if (label.length > 100) label = label.slice(0, 97) + '...';
    return { kind, name, field: fieldName, args, label };
  }

  /**
   * Performs an action.
   * @param {ReturnType<typeof parseAction>} action
   * @param {RawValue['type'][] | undefined} resultTypes
   * @returns {RawValue[]}
   */
  function perform(action, resultTypes) {
    const inst = instanceFor(action.name);
    const ext = inst.exports[action.field];
    if (ext === undefined) throw new Mismatch(`no export ${JSON.stringify(action.field)}`);
    if (action.kind === 'get') return [engine.globalRaw(ext, resultTypes ? resultTypes[0] : undefined)];
    return engine.invokeRaw(ext, action.args, resultTypes);
  }

  /** @param {Uint8Array} bytes */
  function compile(bytes) {
    return new WA.Module(bytes);
  }

  /** @param {any} module */
  function instantiate(module) {
    return new WA.Instance(module, importObject);
  }

  /**
   * Runs `thunk`, which must throw; checks the error.
   * @param {() => unknown} thunk
   * @param {string} what e.g. "CompileError"
   * @param {(e: unknown) => boolean} ok
   */
  function expectThrow(thunk, what, ok) {
    let value;
    try {
      value = thunk();
    } catch (e) {
      if (ok(e)) return;
      throw new Mismatch(`expected ${what}, got ${describeError(e)}`);
    }
    const got = Array.isArray(value) ? `[${value.map(formatValue).join(', ')}]` : 'success';
    throw new Mismatch(`expected ${what}, got ${got}`);
  }

  /** @param {string} prefix */
  function isTrap(prefix) {
    return (/** @type {any} */ e) => e instanceof WA.RuntimeError && typeof e.message === 'string' && e.message.startsWith(prefix);
  }

  /** @param {Node | undefined} node */
  function message(node) {
    return node && node.kind === 'string' ? utf8(node) : '';
  }

  // --- commands ---------------------------------------------------------------------------

  /**
   * Runs one command. Returns normally on pass; throws Mismatch (fail), Skip, or anything else
   * (an unexpected error: fail).
   * @param {ListNode} node
   * @returns {Promise<void>}
   */
  async function command(node) {
    const cmd = head(node);
    switch (cmd) {
      case 'module': {
        const m = moduleSource(node, src);
        current = null;
        if (m.name) named.delete(m.name);
        const bytes = await moduleBinary(m);
        let inst;
        try {
          inst = instantiate(compile(bytes));
        } catch (e) {
          throw new Mismatch(`module failed: ${describeError(e)}`);
        }
        current = inst;
        if (m.name) named.set(m.name, inst);
        return;
      }
      case 'register': {
        const as = node.items[1];
        const ref = node.items[2];
        if (!as || as.kind !== 'string') throw new Error('register: expected a name');
        const inst = instanceFor(ref && ref.kind === 'atom' ? ref.text : null);
        registry[utf8(as)] = inst.exports;
        return;
      }
      case 'invoke':
      case 'get': {
        const action = parseAction(node);
        try {
          perform(action, undefined);
        } catch (e) {
          if (e instanceof Mismatch) throw e;
          throw new Mismatch(`${action.label} threw ${describeError(e)}`);
        }
        return;
      }
      case 'assert_return': {
        const action = parseAction(node.items[1]);
        const patterns = node.items.slice(2).map(expected);
        let got;
        try {
          got = perform(action, patterns.map(patternType));
        } catch (e) {
          if (e instanceof Mismatch) throw e;
          throw new Mismatch(`${action.label}: expected ${patterns.map(formatPattern).join(', ')}, got ${describeError(e)}`);
        }
        const ok = Array.isArray(got) && got.length === patterns.length && patterns.every((p, i) => matches(p, got[i]));
        if (!ok) {
          const gotText = Array.isArray(got) ? got.map(formatValue).join(', ') : String(got);
          throw new Mismatch(`${action.label}: expected ${patterns.map(formatPattern).join(', ') || '(nothing)'}, got ${gotText || '(nothing)'}`);
        }
        return;
      }
      case 'assert_trap': {
        const subject = /** @type {ListNode} */ (node.items[1]);
        const text = message(node.items[2]);
        if (head(subject) === 'module') {
          const bytes = await moduleBinary(moduleSource(subject, src));
          const module = compileOrFail(bytes);
          expectThrow(() => instantiate(module), `trap "${text}" during instantiation`, isTrap(text));
          return;
        }
        const action = parseAction(subject);
        expectThrow(() => perform(action, undefined), `${action.label} to trap "${text}"`, isTrap(text));
        return;
      }
      case 'assert_exhaustion': {
        const action = parseAction(node.items[1]);
        expectThrow(() => perform(action, undefined), `${action.label} to exhaust the call stack`,
          (e) => e instanceof RangeError || isTrap('call stack exhausted')(e));
        return;
      }
      case 'assert_malformed':
      case 'assert_invalid': {
        const subject = /** @type {ListNode} */ (node.items[1]);
        const m = moduleSource(subject, src);
        if (cmd === 'assert_malformed' && m.form !== 'binary') throw new Skip('text format');
        const bytes = await moduleBinary(m);
        expectThrow(() => compile(bytes), `CompileError ("${message(node.items[2])}")`, (e) => e instanceof WA.CompileError);
        return;
      }
      case 'assert_unlinkable': {
        const bytes = await moduleBinary(moduleSource(/** @type {ListNode} */ (node.items[1]), src));
        const module = compileOrFail(bytes);
        expectThrow(() => instantiate(module), `LinkError ("${message(node.items[2])}")`, (e) => e instanceof WA.LinkError);
        return;
      }
      case 'assert_uninstantiable': {
        const bytes = await moduleBinary(moduleSource(/** @type {ListNode} */ (node.items[1]), src));
        const module = compileOrFail(bytes);
        const text = message(node.items[2]);
        expectThrow(() => instantiate(module), `trap "${text}" during instantiation`, isTrap(text));
        return;
      }
      default:
        throw new Skip(`unsupported command ${cmd || '(none)'}`);
    }
  }

  /** @param {Uint8Array} bytes */
  function compileOrFail(bytes) {
    try {
      return compile(bytes);
    } catch (e) {
      throw new Mismatch(`module failed to compile: ${describeError(e)}`);
    }
  }

  // --- the script -------------------------------------------------------------------------

  const nodes = readSexprs(src);
  // A script made only of module fields (inline-module.wast) is one module, written as is.
  if (nodes.length > 0 && !COMMANDS.has(head(nodes[0]))) {
    try {
      current = instantiate(compile(await moduleBinary({ name: null, form: 'text', bytes: Buffer.from(src, 'latin1') })));
      result.passed++;
    } catch (e) {
      if (e instanceof Skip) {
        result.skipped++;
        result.skips.set(e.message, 1);
      } else {
        result.failed++;
        result.failures.push({ line: 1, command: 'module (inline)', detail: describeError(e) });
      }
    }
    return result;
  }

  for (const node of nodes) {
    if (node.kind !== 'list') {
      result.failed++;
      result.failures.push({ line: node.line, command: '?', detail: 'expected a command' });
      continue;
    }
    const cmd = head(node);
    try {
      await command(node);
      result.passed++;
    } catch (e) {
      if (e instanceof Skip) {
        result.skipped++;
        result.skips.set(e.message, (result.skips.get(e.message) || 0) + 1);
      } else {
        result.failed++;
        const detail = e instanceof Mismatch ? e.message : `harness error: ${describeError(e)}`;
        result.failures.push({ line: node.line, command: cmd, detail });
      }
    }
  }
  return result;
}
