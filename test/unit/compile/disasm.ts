// A disassembler for the internal code (tests only): one line per instruction, "pc: NAME operands",
// using operandCount() from ops.ts. Opcode names come from the text of ops.ts (Op is a const enum,
// so it has no run-time names).
import * as fs from 'node:fs';
import { operandCount, Op } from '../../../core/compile/ops';

let names: string[] | null = null;

export function opName(op: number): string {
  if (names === null) {
    names = [];
    const text = fs.readFileSync(__dirname + '/../../../core/compile/ops.ts', 'utf8');
    const re = /\b([A-Z][A-Z0-9_]*) = (\d+),/g;
    let m: RegExpExecArray | null;
    while ((m = re.exec(text)) !== null) names[Number(m[2])] = m[1];
  }
  return names[op] ?? 'OP' + op;
}

/** Number of words of the instruction at pc (opcode included). */
export function instrLength(code: Int32Array, pc: number): number {
  const op = code[pc];
  if (op === Op.BR_TABLE) return 3 + code[pc + 2] + 1;
  const n = operandCount(op);
  if (n < 0) throw new Error('bad opcode ' + op + ' at ' + pc);
  return 1 + n;
}

export function disasm(code: Int32Array): string[] {
  const out: string[] = [];
  let pc = 0;
  while (pc < code.length) {
    const len = instrLength(code, pc);
    const words: number[] = [];
    for (let i = 1; i < len; i++) words.push(code[pc + i]);
    out.push(pc + ': ' + opName(code[pc]) + (words.length ? ' ' + words.join(' ') : ''));
    pc += len;
  }
  return out;
}

/** Opcode and operands only, without the pcs: for comparing shapes. */
export function shape(code: Int32Array): string[] {
  return disasm(code).map((line) => line.slice(line.indexOf(' ') + 1));
}
