// Test helper: extracts the binary modules of a .wast file, with what the file expects of them:
// `(module binary ...)` (must decode), `(assert_malformed (module binary ...) "msg")` and
// `(assert_invalid (module binary ...) "msg")`. Only what the decoder tests need: comments are
// skipped, string literals are decoded (\hh, \t, \n, \r, \", \', \\, \u{...}, UTF-8 text).
import * as fs from 'node:fs';

export interface BinaryCase {
  /** 'module' (valid), 'malformed' or 'invalid'. */
  kind: 'module' | 'malformed' | 'invalid';
  bytes: Uint8Array;
  message: string;
  /** 1-based line of the form in the file. */
  line: number;
}

type Node = { list: Node[]; line: number; start: number; end: number } | { atom: string; line: number } | { str: number[]; line: number };

function parse(text: string): Node[] {
  let i = 0;
  let line = 1;
  const top: Node[] = [];
  const stack: { list: Node[]; line: number; start: number; end: number }[] = [];
  const push = (n: Node) => (stack.length ? stack[stack.length - 1].list : top).push(n);
  while (i < text.length) {
    const c = text[i];
    if (c === '\n') { line++; i++; continue; }
    if (c === ' ' || c === '\t' || c === '\r') { i++; continue; }
    if (c === ';' && text[i + 1] === ';') { while (i < text.length && text[i] !== '\n') i++; continue; }
    if (c === '(' && text[i + 1] === ';') {
      let depth = 0;
      do {
        if (text[i] === '(' && text[i + 1] === ';') { depth++; i += 2; }
        else if (text[i] === ';' && text[i + 1] === ')') { depth--; i += 2; }
        else { if (text[i] === '\n') line++; i++; }
      } while (depth > 0 && i < text.length);
      continue;
    }
    if (c === '(') { stack.push({ list: [], line, start: i, end: i }); i++; continue; }
    if (c === ')') { const n = stack.pop()!; n.end = i + 1; push(n); i++; continue; }
    if (c === '"') {
      const bytes: number[] = [];
      const start = line;
      i++;
      while (text[i] !== '"') {
        if (text[i] === '\\') {
          const e = text[i + 1];
          if (/[0-9a-fA-F]/.test(e)) { bytes.push(parseInt(text.substr(i + 1, 2), 16)); i += 3; continue; }
          if (e === 'u') {
            const close = text.indexOf('}', i);
            const cp = parseInt(text.slice(i + 3, close), 16);
            bytes.push(...Buffer.from(String.fromCodePoint(cp), 'utf8'));
            i = close + 1;
            continue;
          }
          const map: Record<string, number> = { t: 9, n: 10, r: 13, '"': 34, "'": 39, '\\': 92 };
          bytes.push(map[e]);
          i += 2;
          continue;
        }
        const cp = text.codePointAt(i)!;
        const ch = String.fromCodePoint(cp);
        bytes.push(...Buffer.from(ch, 'utf8'));
        i += ch.length;
      }
      i++;
      push({ str: bytes, line: start });
      continue;
    }
    let j = i;
    while (j < text.length && !/[\s()";]/.test(text[j])) j++;
    push({ atom: text.slice(i, j), line });
    i = j;
  }
  return top;
}

function atom(n: Node | undefined): string | null {
  return n && 'atom' in n ? n.atom : null;
}

/** The bytes of `(module $id? binary "..." ...)`, or null for another form. */
function binaryModule(n: Node): Uint8Array | null {
  if (!('list' in n) || atom(n.list[0]) !== 'module') return null;
  let k = 1;
  if (atom(n.list[k])?.startsWith('$')) k++;
  if (atom(n.list[k]) !== 'binary') return null;
  const out: number[] = [];
  for (k++; k < n.list.length; k++) {
    const s = n.list[k];
    if ('str' in s) out.push(...s.str);
  }
  return new Uint8Array(out);
}

export interface TextCase {
  /** The module's text, `(module ...)`. */
  text: string;
  message: string;
  line: number;
}

/** The `(assert_invalid (module ...) "msg")` forms with a text module. */
export function invalidTextCases(file: string): TextCase[] {
  const text = fs.readFileSync(file, 'utf8');
  const cases: TextCase[] = [];
  for (const n of parse(text)) {
    if (!('list' in n) || atom(n.list[0]) !== 'assert_invalid') continue;
    const mod = n.list[1];
    const msg = n.list[2];
    if (!mod || !('list' in mod) || atom(mod.list[0]) !== 'module' || binaryModule(mod)) continue;
    if (mod.list.some((x) => atom(x) === 'quote')) continue;
    if (msg && 'str' in msg) cases.push({ text: text.slice(mod.start, mod.end), message: Buffer.from(msg.str).toString('utf8'), line: n.line });
  }
  return cases;
}

/** The top-level text modules `(module ...)` (valid ones, by the file's own account). */
export function validTextModules(file: string): TextCase[] {
  const text = fs.readFileSync(file, 'utf8');
  const cases: TextCase[] = [];
  for (const n of parse(text)) {
    if (!('list' in n) || atom(n.list[0]) !== 'module' || binaryModule(n)) continue;
    if (n.list.some((x) => atom(x) === 'quote' || atom(x) === 'definition')) continue;
    cases.push({ text: text.slice(n.start, n.end), message: '', line: n.line });
  }
  return cases;
}

export function binaryCases(file: string): BinaryCase[] {
  const cases: BinaryCase[] = [];
  for (const n of parse(fs.readFileSync(file, 'utf8'))) {
    if (!('list' in n)) continue;
    const head = atom(n.list[0]);
    if (head === 'module') {
      const bytes = binaryModule(n);
      if (bytes) cases.push({ kind: 'module', bytes, message: '', line: n.line });
    } else if (head === 'assert_malformed' || head === 'assert_invalid') {
      const bytes = binaryModule(n.list[1]);
      const msg = n.list[2];
      if (bytes && msg && 'str' in msg) {
        cases.push({
          kind: head === 'assert_malformed' ? 'malformed' : 'invalid',
          bytes,
          message: Buffer.from(msg.str).toString('utf8'),
          line: n.line,
        });
      }
    }
  }
  return cases;
}
