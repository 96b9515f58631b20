// Rollup plugin for the bundles meant for JIT engines (dist/node: V8, and browsers): turns the
// interpreter's dispatch (core/exec/interpreter.ts: a chain of range tests, each selecting one
// small `switch`, made for engines that try cases in order; core/compile/dispatch.ts) back into
// one `switch ((w = code[pc]) & OP_MASK)` over all dispatch numbers, which V8 compiles to a jump table (measured with
// bench/ircount.mjs on Node --jitless: the chain cost 11 % more machine instructions there).
// It runs on the TypeScript source before the TypeScript plugin and fails the build if the
// interpreter no longer has the expected shape. What it leaves to others: everything else.

// Written for the TypeScript source and for the plugin's input, the same code compiled by the
// TypeScript plugin (const enums inlined as `4 /* DispatchGroup.END_1 */`, `}` and `else` on two lines).
const GROUP = String.raw`(?:\d+ \/\* )?DispatchGroup\.END_\d+(?: \*\/)?`;
const THROW = String.raw`\n[ ]*default:\n[ ]*throw new Error\('internal error: bad opcode '[^\n]*\n[ ]*\}`;
const OPEN = String.raw`\{\n(?:[ ]*\/\/[^\n]*\n)*[ ]*switch \(op\) \{`;
const BOUNDARY = new RegExp(THROW + String.raw`\n[ ]*\}\s*else (?:if \(op < ` + GROUP + String.raw`\) )?` + OPEN, 'g');
const HEAD = new RegExp(String.raw`if \(op < ` + GROUP + String.raw`\) ` + OPEN);
const TAIL = new RegExp('(' + THROW + String.raw`)\n[ ]*\}\n(\s*\}\n\}\s*(?:\/\/# sourceMappingURL=[^\n]*\s*)?)$`);

/** The interpreter's source with one `switch`; throws if its dispatch does not have the expected shape. */
export function flattenDispatch(source) {
  let boundaries = 0;
  let out = source.replace(BOUNDARY, () => {
    boundaries++;
    return '';
  });
  if (boundaries === 0 || !HEAD.test(out) || !TAIL.test(out)) throw new Error('flat-dispatch: core/exec/interpreter.ts has no dispatch chain of the expected shape');
  out = out.replace(HEAD, 'switch (op) {').replace(TAIL, '$1\n$2');
  // and the switch on the opcode word itself, without the local `op` (one store and load less
  // per dispatch: 0.6 % of the machine instructions on --jitless)
  const before = out;
  out = out.replace(/\bop = (\(w = code\[pc\]\) & [^;\n]+);\n([ ]*)switch \(op\) \{/, '$2switch ($1) {');
  if (out === before) throw new Error('flat-dispatch: no `op = (w = code[pc]) & ...; switch (op)` in core/exec/interpreter.ts');
  if (/DispatchGroup\.END_/.test(out)) throw new Error('flat-dispatch: a range test of the dispatch chain is left in core/exec/interpreter.ts');
  return { code: out, boundaries };
}

export function flatDispatch() {
  return {
    name: 'flat-dispatch',
    transform(code, id) {
      if (!/[\\/]core[\\/]exec[\\/]interpreter\.ts$/.test(id)) return null;
      return { code: flattenDispatch(code).code, map: null };
    },
  };
}
