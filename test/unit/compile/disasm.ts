// A disassembler for the internal code (tests only): one line per instruction, "pc: NAME operands",
// with pcs and targets as packed code indices and the operands in their wide order (ops.ts: the
// first operand comes out of the opcode word, a latch's BR_BACK T is shown as two operands).
// Opcode names come from the text of ops.ts (Op is a const enum, so it has no run-time names).
import * as fs from 'node:fs';
import { isLatch, operandCount, Op, Packed, packedLength } from '../../../core/compile/ops';
import { packedOp, packedOperand } from '../../../core/compile/pack';
import { opOf } from '../../../core/compile/dispatch';

let names: string[] | null = null;

export function opName(op: number): string {
  if (names === null) {
    names = [];
    const text = fs.readFileSync(__dirname + '/../../../core/compile/ops.ts', 'utf8');
    const body = text.slice(text.indexOf('export const enum Op {'), text.indexOf('COUNT ='));
    const re = /\b([A-Z][A-Z0-9_]*) = (\d+),/g;
    let m: RegExpExecArray | null;
    while ((m = re.exec(body)) !== null) names[Number(m[2])] = m[1];
  }
  return names[op] ?? 'OP' + op;
}

/** Number of words of the packed instruction at pc (opcode word included). */
export function instrLength(code: Int32Array, pc: number): number {
  const op = packedOp(code, pc);
  if (op === Op.BR_TABLE) return 3 + code[pc + 1];
  if (op >= Op.COUNT || operandCount(op) < 0) throw new Error('bad opcode ' + op + ' at ' + pc);
  return packedLength(op);
}

/** The opcode and the operands (wide order) of the packed instruction at pc. */
export function decode(code: Int32Array, pc: number): { op: number; operands: number[] } {
  const op = packedOp(code, pc);
  const len = instrLength(code, pc);
  const operands: number[] = [];
  if (operandCount(op) !== 0) operands.push(packedOperand(code, pc, 1));
  for (let i = 1; i < len; i++) operands.push(code[pc + i]);
  if (isLatch(op)) {
    const last = operands.pop()!;
    operands.push(opOf(last & Packed.OP_MASK), last >>> Packed.OP_BITS);
  }
  return { op, operands };
}

export function disasm(code: Int32Array): string[] {
  const out: string[] = [];
  let pc = 0;
  while (pc < code.length) {
    const { op, operands } = decode(code, pc);
    out.push(pc + ': ' + opName(op) + (operands.length ? ' ' + operands.join(' ') : ''));
    pc += instrLength(code, pc);
  }
  return out;
}

/** Opcode and operands only, without the pcs: for comparing shapes. */
export function shape(code: Int32Array): string[] {
  return disasm(code).map((line) => line.slice(line.indexOf(' ') + 1));
}
