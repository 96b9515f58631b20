// Rollup plugin for the Espruino bundle, run after terser: declares every `var` of a function at
// the start of its body. Espruino does not hoist `var`: a name means the function's own variable
// only once its `var` statement has run, before that it reaches the enclosing scope (measured on
// Espruino 2v29 built for Linux: the minified bundle reads `r` in `return r = ..., q[r]; var r;`
// and a `var` of one switch case in another, and failed to load). A second declaration is
// harmless in JavaScript. Nested functions are their own scopes; let/const are not touched (the
// Espruino build is ES5). What it leaves to others: minifying (terser), checking the dialect
// (test/engines/dialect.mjs).
import ts from 'typescript';

function bindingNames(name, out) {
  if (ts.isIdentifier(name)) out.add(name.text);
  else for (const e of name.elements) if (!ts.isOmittedExpression(e)) bindingNames(e.name, out);
}

/** The names a function's `var`s declare (not those of nested functions), parameters left out. */
export function functionVarNames(fn) {
  const names = new Set();
  const collect = (n) => {
    if (ts.isFunctionLike(n)) return; // its own scope
    if (ts.isVariableDeclarationList(n) && (n.flags & (ts.NodeFlags.Let | ts.NodeFlags.Const)) === 0) {
      for (const d of n.declarations) bindingNames(d.name, names);
    }
    ts.forEachChild(n, collect);
  };
  ts.forEachChild(fn.body, collect);
  // a var of a parameter's name is the parameter itself
  for (const p of fn.parameters) {
    const own = new Set();
    bindingNames(p.name, own);
    for (const n of own) names.delete(n);
  }
  return names;
}

/** `code` with `var a,b,...;` inserted at the start of every function body that declares vars. */
export function hoistVars(code) {
  const sf = ts.createSourceFile('bundle.js', code, ts.ScriptTarget.ES5, true, ts.ScriptKind.JS);
  const inserts = [];
  const visit = (node) => {
    if (ts.isFunctionLike(node) && node.body && ts.isBlock(node.body)) {
      const names = functionVarNames(node);
      if (names.size !== 0) inserts.push({ at: node.body.getStart(sf) + 1, text: 'var ' + [...names].join(',') + ';' });
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  inserts.sort((a, b) => b.at - a.at);
  let out = code;
  for (const i of inserts) out = out.slice(0, i.at) + i.text + out.slice(i.at);
  return { code: out, functions: inserts.length };
}

export function espruinoHoist() {
  return {
    name: 'espruino-hoist',
    renderChunk(code) {
      return { code: hoistVars(code).code, map: null };
    },
  };
}
