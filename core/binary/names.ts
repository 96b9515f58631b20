// The `name` custom section: the module name (subsection 0) and function names (subsection 1),
// for stack traces and debugging. Other subsections (locals, labels, ...) are skipped.
// A malformed name section never fails the module (the spec makes custom sections
// non-semantic): the whole section is then ignored, nothing of it is kept.
import { Module } from '../module';
import { Reader } from './reader';

/** Fills m.moduleName and m.funcNames from the name section payload bytes[start, end). */
export function decodeNameSection(m: Module, start: number, end: number): void {
  const r = new Reader(m.bytes, start, end);
  const numFuncs = m.funcTypes.length;
  let moduleName: string | null = null;
  const funcNames: string[] = [];
  try {
    let lastId = -1;
    while (r.pos < end) {
      const id = r.u8();
      if (id <= lastId) return;
      lastId = id;
      const size = r.len32();
      const subEnd = r.pos + size;
      if (subEnd > end) return;
      if (id === 0) {
        moduleName = r.name();
      } else if (id === 1) {
        const n = r.len32();
        let last = -1;
        for (let i = 0; i < n; i++) {
          const index = r.u32();
          const name = r.name();
          if (index <= last || index >= numFuncs) return;
          last = index;
          funcNames[index] = name;
        }
      } else {
        r.pos = subEnd;
      }
      if (r.pos !== subEnd) return;
    }
  } catch (e) {
    return; // malformed: ignore the section
  }
  m.moduleName = moduleName;
  m.funcNames = funcNames;
}
