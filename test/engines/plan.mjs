// Turns one .wast script into a *plan*: plain data that test/engines/replay.js replays inside
// another JavaScript engine (XS, QuickJS, Duktape, Node --jitless) against a picowasm bundle.
//
// Everything that needs Node (reading the s-expressions, wabt for module text, BigInt for
// literals) happens here; the plan holds only module binaries (hex, deduplicated per file),
// commands with raw argument values ({ t, lo, hi }), expected result patterns (exact raw value,
// nan:canonical/arithmetic, any funcref), expected error kinds and trap messages. The command
// semantics and counting are those of test/spec/script.mjs (one test per command; text-format
// assert_malformed and text wabt cannot convert are skipped), so an engine's counts compare
// directly with the Node harness's. Serializing a plan as ES5 source is planSource() below.

import { head, readSexprs, utf8 } from '../spec/sexpr.mjs';
import { parseConst, parseResultConst } from '../spec/literals.mjs';
import { COMMANDS, Skip, moduleBinary, moduleSource } from '../spec/script.mjs';

/**
 * A raw value in a plan: { t: type, lo, hi } for numbers, { t, x: N } for `ref.extern N`,
 * { t, nul: 1 } for a null reference.
 * @typedef {{ t: string, lo?: number, hi?: number, x?: number, nul?: 1 }} PlanValue
 * @typedef {{ kind: 'invoke'|'get', name: string|null, field: string, args: PlanValue[], label: string }} PlanAction
 * @typedef {{ c: string, l: number, [k: string]: any }} PlanCommand
 * @typedef {{ mods: string[], cmds: PlanCommand[] }} Plan
 */

/** @param {Uint8Array} bytes */
function hex(bytes) {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
}

/**
 * Converts a script.
 * @param {string} src the script text, one char per byte (latin1)
 * @returns {Promise<Plan>}
 */
export async function makePlan(src) {
  /** @type {string[]} */
  const mods = [];
  /** @type {Map<string, number>} */
  const modIndex = new Map();
  /** @type {PlanCommand[]} */
  const cmds = [];

  /** @param {Uint8Array} bytes @returns {number} */
  function mod(bytes) {
    const h = hex(bytes);
    let i = modIndex.get(h);
    if (i === undefined) { i = mods.length; mods.push(h); modIndex.set(h, i); }
    return i;
  }

  /** @param {import('../spec/sexpr.mjs').Node} node @returns {PlanValue} */
  function argument(node) {
    if (node.kind !== 'list') throw new Error('expected a constant');
    const op = head(node);
    const arg = node.items[1];
    const text = arg && arg.kind === 'atom' ? arg.text : '';
    if (op.endsWith('.const')) {
      const v = parseConst(/** @type {any} */ (op.slice(0, -6)), text);
      return { t: v.type, lo: v.lo, hi: v.hi };
    }
    if (op === 'ref.null') return { t: text === 'func' ? 'funcref' : 'externref', nul: 1 };
    if (op === 'ref.extern') return { t: 'externref', x: Number(text) };
    throw new Error(`unsupported constant ${op}`);
  }

  /** @param {import('../spec/sexpr.mjs').Node} node */
  function expected(node) {
    const op = head(node);
    if (op === 'ref.func') return { k: 'anyfunc' };
    if (op.endsWith('.const') && node.kind === 'list') {
      const arg = node.items[1];
      const p = parseResultConst(/** @type {any} */ (op.slice(0, -6)), arg && arg.kind === 'atom' ? arg.text : '');
      if (p.kind === 'nan') return { k: 'nan', t: p.type, n: p.nan };
      return { k: 'x', v: { t: p.value.type, lo: p.value.lo, hi: p.value.hi } };
    }
    return { k: 'x', v: argument(node) };
  }

  /** @param {import('../spec/sexpr.mjs').Node} node @returns {PlanAction} */
  function action(node) {
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
    let label = `${kind} ${name ? name + ' ' : ''}${JSON.stringify(fieldName)}`;
    if (label.length > 100) label = label.slice(0, 97) + '...';
    return { kind, name, field: fieldName, args, label };
  }

  /** @param {import('../spec/sexpr.mjs').Node | undefined} node */
  function message(node) {
    return node && node.kind === 'string' ? utf8(node) : '';
  }

  /** @param {import('../spec/sexpr.mjs').ListNode} node @param {string} cmd @returns {Promise<PlanCommand>} */
  async function command(node, cmd) {
    const l = node.line;
    switch (cmd) {
      case 'module': {
        const m = moduleSource(node, src);
        // The harness forgets the current (and same-named) module before converting the text.
        try {
          return { c: 'module', l, name: m.name, m: mod(await moduleBinary(m)) };
        } catch (e) {
          if (e instanceof Skip) return { c: 'skip', l, why: e.message, reset: true, name: m.name };
          throw e;
        }
      }
      case 'register': {
        const as = node.items[1];
        const ref = node.items[2];
        if (!as || as.kind !== 'string') throw new Error('register: expected a name');
        return { c: 'register', l, as: utf8(as), name: ref && ref.kind === 'atom' ? ref.text : null };
      }
      case 'invoke':
      case 'get':
        return { c: 'action', l, a: action(node) };
      case 'assert_return': {
        const a = action(node.items[1]);
        return { c: 'return', l, a, e: node.items.slice(2).map(expected) };
      }
      case 'assert_trap': {
        const subject = /** @type {import('../spec/sexpr.mjs').ListNode} */ (node.items[1]);
        const text = message(node.items[2]);
        if (head(subject) === 'module') return { c: 'trapmod', l, m: mod(await moduleBinary(moduleSource(subject, src))), text };
        return { c: 'trap', l, a: action(subject), text };
      }
      case 'assert_exhaustion':
        return { c: 'exhaustion', l, a: action(node.items[1]) };
      case 'assert_malformed':
      case 'assert_invalid': {
        const m = moduleSource(/** @type {any} */ (node.items[1]), src);
        if (cmd === 'assert_malformed' && m.form !== 'binary') throw new Skip('text format');
        return { c: 'invalid', l, m: mod(await moduleBinary(m)), text: message(node.items[2]) };
      }
      case 'assert_unlinkable':
        return { c: 'unlinkable', l, m: mod(await moduleBinary(moduleSource(/** @type {any} */ (node.items[1]), src))), text: message(node.items[2]) };
      case 'assert_uninstantiable':
        return { c: 'uninstantiable', l, m: mod(await moduleBinary(moduleSource(/** @type {any} */ (node.items[1]), src))), text: message(node.items[2]) };
      default:
        throw new Skip(`unsupported command ${cmd || '(none)'}`);
    }
  }

  const nodes = readSexprs(src);
  // A script made only of module fields (inline-module.wast) is one module, written as is.
  if (nodes.length > 0 && !COMMANDS.has(head(nodes[0]))) {
    try {
      cmds.push({ c: 'module', l: 1, name: null, m: mod(await moduleBinary({ name: null, form: 'text', bytes: Buffer.from(src, 'latin1') })), inline: true });
    } catch (e) {
      if (e instanceof Skip) cmds.push({ c: 'skip', l: 1, why: e.message });
      else throw e;
    }
    return { mods, cmds };
  }
  for (const node of nodes) {
    if (node.kind !== 'list') {
      cmds.push({ c: 'fail', l: node.line, cmd: '?', detail: 'expected a command' });
      continue;
    }
    const cmd = head(node);
    try {
      cmds.push(await command(node, cmd));
    } catch (e) {
      if (e instanceof Skip) cmds.push({ c: 'skip', l: node.line, why: e.message });
      else cmds.push({ c: 'fail', l: node.line, cmd, detail: `harness error: ${e instanceof Error ? e.message : String(e)}` });
    }
  }
  return { mods, cmds };
}

/** Engines reject string literals over 64 KiB (XS): module hex is cut into pieces this long. */
const CHUNK = 32000;

/**
 * A value as ES5 source: JSON with every non-ASCII char (and U+2028/9) as a \u escape, so the
 * text is pure ASCII whatever the engine's source decoding.
 * @param {unknown} value
 */
export function es5Literal(value) {
  return JSON.stringify(value).replace(/[\u007f-\uffff]/g, (c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0'));
}

/**
 * A plan as an ES5 expression. Module hex is an array of string pieces (none over CHUNK chars).
 * @param {Plan} plan
 */
export function planSource(plan) {
  const mods = plan.mods.map((h) => {
    const parts = [];
    for (let i = 0; i < h.length; i += CHUNK) parts.push(JSON.stringify(h.slice(i, i + CHUNK)));
    return `[${parts.join(',\n')}]`;
  });
  return `{mods:[${mods.join(',\n')}],\ncmds:[${plan.cmds.map(es5Literal).join(',\n')}]}`;
}
