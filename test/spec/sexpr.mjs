// S-expression reader for the spec testsuite's .wast scripts.
//
// Reads the script text (one JS char per source byte, i.e. the file decoded as latin1, so that
// string literals keep their exact bytes) into a tree of nodes. It knows the lexical rules of the
// text format (line comments `;;`, nested block comments `(; ;)`, strings with escapes, atoms for
// keywords, identifiers and numbers) but nothing about commands or instructions: interpreting the
// tree is left to script.mjs, turning module text into binary to wabt (wat.mjs).

/**
 * @typedef {{ kind: 'list', items: Node[], start: number, end: number, line: number }} ListNode
 *   `start` is the offset of `(`, `end` the offset just past `)`.
 * @typedef {{ kind: 'atom', text: string, start: number, end: number, line: number }} AtomNode
 *   A keyword, `$identifier` or number token, as written.
 * @typedef {{ kind: 'string', bytes: Uint8Array, start: number, end: number, line: number }} StringNode
 *   A string literal with its escapes decoded to bytes.
 * @typedef {ListNode | AtomNode | StringNode} Node
 */

/** Thrown for text the reader cannot tokenize; carries the line number. */
export class WastSyntaxError extends Error {
  /** @param {string} message @param {number} line */
  constructor(message, line) {
    super(`line ${line}: ${message}`);
    this.name = 'WastSyntaxError';
    this.line = line;
  }
}

/**
 * Characters that end an atom (besides white space): parentheses, quotes and `;` (the start of a
 * line comment).
 * @param {number} c char code
 */
function endsAtom(c) {
  return c <= 0x20 || c === 0x28 /* ( */ || c === 0x29 /* ) */ || c === 0x22 /* " */ || c === 0x3b /* ; */;
}

/** @param {number} c @returns {number} the hex digit's value or -1 */
function hexValue(c) {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x61 && c <= 0x66) return c - 0x61 + 10;
  if (c >= 0x41 && c <= 0x46) return c - 0x41 + 10;
  return -1;
}

/**
 * Appends the UTF-8 encoding of a code point.
 * @param {number[]} out @param {number} cp
 */
function pushUtf8(out, cp) {
  if (cp < 0x80) out.push(cp);
  else if (cp < 0x800) out.push(0xc0 | (cp >> 6), 0x80 | (cp & 0x3f));
  else if (cp < 0x10000) out.push(0xe0 | (cp >> 12), 0x80 | ((cp >> 6) & 0x3f), 0x80 | (cp & 0x3f));
  else out.push(0xf0 | (cp >> 18), 0x80 | ((cp >> 12) & 0x3f), 0x80 | ((cp >> 6) & 0x3f), 0x80 | (cp & 0x3f));
}

/**
 * Parses a whole script into its top-level nodes.
 * @param {string} src the script, one char per byte (latin1)
 * @returns {Node[]}
 */
export function readSexprs(src) {
  let pos = 0;
  let line = 1;
  const n = src.length;

  /** Skips white space and comments. */
  function skipSpace() {
    while (pos < n) {
      const c = src.charCodeAt(pos);
      if (c === 0x0a) { line++; pos++; }
      else if (c === 0x20 || c === 0x09 || c === 0x0d) pos++;
      else if (c === 0x3b && src.charCodeAt(pos + 1) === 0x3b) {
        // `;;` line comment, up to the end of the line
        while (pos < n && src.charCodeAt(pos) !== 0x0a) pos++;
      } else if (c === 0x28 && src.charCodeAt(pos + 1) === 0x3b) {
        skipBlockComment();
      } else break;
    }
  }

  /** Skips a `(; ... ;)` block comment, which may nest. */
  function skipBlockComment() {
    const startLine = line;
    let depth = 0;
    while (pos < n) {
      const c = src.charCodeAt(pos);
      if (c === 0x28 && src.charCodeAt(pos + 1) === 0x3b) { depth++; pos += 2; }
      else if (c === 0x3b && src.charCodeAt(pos + 1) === 0x29) {
        depth--; pos += 2;
        if (depth === 0) return;
      } else {
        if (c === 0x0a) line++;
        pos++;
      }
    }
    throw new WastSyntaxError('unterminated block comment', startLine);
  }

  /** @returns {StringNode} */
  function readString() {
    const start = pos;
    const startLine = line;
    /** @type {number[]} */
    const bytes = [];
    pos++; // opening quote
    for (;;) {
      if (pos >= n) throw new WastSyntaxError('unterminated string', startLine);
      const c = src.charCodeAt(pos++);
      if (c === 0x22) break;
      if (c === 0x0a) throw new WastSyntaxError('newline in string', line);
      if (c !== 0x5c /* \ */) { bytes.push(c); continue; }
      const e = src.charCodeAt(pos++);
      switch (e) {
        case 0x6e: bytes.push(0x0a); break; // \n
        case 0x74: bytes.push(0x09); break; // \t
        case 0x72: bytes.push(0x0d); break; // \r
        case 0x5c: bytes.push(0x5c); break; // \\
        case 0x27: bytes.push(0x27); break; // \'
        case 0x22: bytes.push(0x22); break; // \"
        case 0x75: { // \u{hex}
          if (src.charCodeAt(pos) !== 0x7b) throw new WastSyntaxError('bad \\u escape', line);
          const close = src.indexOf('}', pos);
          if (close < 0) throw new WastSyntaxError('bad \\u escape', line);
          const hex = src.slice(pos + 1, close).replace(/_/g, '');
          if (!/^[0-9a-fA-F]+$/.test(hex)) throw new WastSyntaxError('bad \\u escape', line);
          pushUtf8(bytes, parseInt(hex, 16));
          pos = close + 1;
          break;
        }
        default: { // \hh
          const h = hexValue(e);
          const l = hexValue(src.charCodeAt(pos));
          if (h < 0 || l < 0) throw new WastSyntaxError(`bad escape \\${String.fromCharCode(e)}`, line);
          bytes.push(h * 16 + l);
          pos++;
        }
      }
    }
    return { kind: 'string', bytes: Uint8Array.from(bytes), start, end: pos, line: startLine };
  }

  /** @returns {Node} */
  function readNode() {
    const c = src.charCodeAt(pos);
    if (c === 0x28) {
      const start = pos;
      const startLine = line;
      pos++;
      /** @type {Node[]} */
      const items = [];
      for (;;) {
        skipSpace();
        if (pos >= n) throw new WastSyntaxError('unclosed (', startLine);
        if (src.charCodeAt(pos) === 0x29) { pos++; break; }
        items.push(readNode());
      }
      return { kind: 'list', items, start, end: pos, line: startLine };
    }
    if (c === 0x29) throw new WastSyntaxError('unexpected )', line);
    if (c === 0x22) return readString();
    const start = pos;
    while (pos < n && !endsAtom(src.charCodeAt(pos))) pos++;
    return { kind: 'atom', text: src.slice(start, pos), start, end: pos, line };
  }

  /** @type {Node[]} */
  const top = [];
  for (;;) {
    skipSpace();
    if (pos >= n) break;
    top.push(readNode());
  }
  return top;
}

/**
 * The keyword at the head of a list node, or '' for anything else.
 * @param {Node | undefined} node
 */
export function head(node) {
  if (!node || node.kind !== 'list' || node.items.length === 0) return '';
  const first = node.items[0];
  return first.kind === 'atom' ? first.text : '';
}

/**
 * Decodes a string node's bytes as UTF-8 (names of exports and registered modules).
 * @param {StringNode} node
 */
export function utf8(node) {
  return Buffer.from(node.bytes).toString('utf8');
}
