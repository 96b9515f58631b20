// Structural checks of compiled code (tests only): every packed instruction decodes (disasm.ts),
// branch targets are instruction starts (backward ones only from BR_BACK/BR_IF_BACK and the other _BACK forms, forward
// ones only from the others), frame operands are even and inside the frame, and the last
// instruction is RETURN or an unconditional branch.
import { isLatch, Op } from '../../../core/compile/ops';
import type { CompiledFunc } from '../../../core/module';
import { decode, instrLength, opName } from './disasm';

/** Indexes (1-based operand numbers) of the frame operands of op. */
function frameOperands(op: number, n: number): number[] {
  if (op === Op.RETURN_COPY) return [1];
  if (op === Op.BR_IF_BACK_ADD || (op >= Op.BR_IF_BACK_ADD_NE_IMM && op <= Op.BR_IF_BACK_ADD_LT_U_IMM)) return [1, 2];
  if (op >= Op.BR_IF_BACK_ADD_NE && op <= Op.BR_IF_BACK_ADD_LT_U) return [1, 2, 4];
  if (op >= Op.BR_IF_BACK_ADDR_NE && op <= Op.BR_IF_BACK_ADDR_LT_U) return [1, 2, 3, 4];
  if (op === Op.I32_SHR_U_AND_IMM || op === Op.I32_LOAD_SHL || op === Op.I32_MUL_ADD_IMM) return [1, 2];
  if (op === Op.I32_XOR_SHR_U_IMM) return [1, 2, 3];
  if (op === Op.F64_MUL_ADD) return [1, 2, 3, 4];
  if (op === Op.F32_MUL_ADD) return [1, 2, 3, 4, 5];
  if (op === Op.I32_ROTL_IMM || (op >= Op.I32_EQ_IMM && op <= Op.I32_GE_U_IMM)) return [1, 2];
  if (op >= Op.BR_IF_I32_EQ_IMM && op <= Op.BR_IF_BACK_I32_GE_U_IMM) return [1];
  if (op >= Op.I32_ADD_IMM) return [1, 2];
  if (op === Op.BR_UNLESS_BACK) return [1];
  if (op >= Op.BR_IF_I32_EQ) return [1, 2];
  if (op >= Op.I32_EQZ) return n === 2 ? [1, 2] : [1, 2, 3];
  switch (op) {
    case Op.BR_IF: case Op.BR_IF_BACK: case Op.BR_UNLESS: case Op.BR_TABLE: return [1];
    case Op.COPY: case Op.COPY_REF: case Op.REF_IS_NULL: case Op.MEMORY_GROW: return [1, 2];
    case Op.SELECT: case Op.SELECT_REF: return [1, 2, 3, 4];
    case Op.CONST32: case Op.CONST64: case Op.GLOBAL_GET: case Op.GLOBAL_GET_REF: case Op.REF_NULL:
    case Op.REF_FUNC: case Op.MEMORY_SIZE: case Op.TABLE_SIZE: return [1];
    case Op.GLOBAL_SET: case Op.GLOBAL_SET_REF: case Op.CALL: return [2];
    case Op.CALL_INDIRECT: return [3, 4];
    case Op.MEMORY_FILL: case Op.MEMORY_COPY: return [1, 2, 3];
    case Op.MEMORY_INIT: return [2, 3, 4];
    case Op.TABLE_GET: return [1, 3];
    case Op.TABLE_SET: return [2, 3];
    case Op.TABLE_GROW: return [1, 3, 4];
    case Op.TABLE_FILL: return [2, 3, 4];
    case Op.TABLE_COPY: case Op.TABLE_INIT: return [3, 4, 5];
    default:
      if (op >= Op.I32_LOAD && op <= Op.I32_STORE16) return [1, 2];
      return [];
  }
}

/** Returns a list of problems (empty when the code is well formed). */
export function checkCode(cf: CompiledFunc): string[] {
  const code = cf.code;
  const problems: string[] = [];
  const starts = new Set<number>();
  const targets: [number, number, boolean][] = []; // [pc, target, backward allowed]
  let pc = 0;
  let last = -1;
  while (pc < code.length) {
    let len: number;
    try {
      len = instrLength(code, pc);
    } catch (e) {
      problems.push(String(e));
      return problems;
    }
    if (pc + len > code.length) { problems.push('instruction at ' + pc + ' runs past the end'); return problems; }
    starts.add(pc);
    const { op, operands } = decode(code, pc);
    last = op;
    const n = operands.length;
    for (const k of frameOperands(op, n)) {
      const w = operands[k - 1];
      if (w < 0 || (w & 1) || w >= 2 * cf.frameSlots + (op === Op.CALL || op === Op.CALL_INDIRECT ? 1 : 0)) {
        problems.push(`${pc}: ${opName(op)} operand ${k} = ${w} outside the frame (${cf.frameSlots} slots)`);
      }
    }
    switch (op) {
      case Op.BR: targets.push([pc, operands[0], false]); break;
      case Op.BR_BACK: targets.push([pc, operands[0], true]); break;
      case Op.BR_IF: case Op.BR_UNLESS: targets.push([pc, operands[1], false]); break;
      case Op.BR_IF_BACK: case Op.BR_UNLESS_BACK: targets.push([pc, operands[1], true]); break;
      default:
        if (op >= Op.BR_IF_I32_EQ && op <= Op.BR_IF_I32_GE_U) targets.push([pc, operands[2], false]);
        if (op >= Op.BR_IF_BACK_I32_EQ && op <= Op.BR_IF_BACK_I32_GE_U) targets.push([pc, operands[2], true]);
        if (op >= Op.BR_IF_I32_EQ_IMM && op <= Op.BR_IF_I32_GE_U_IMM) targets.push([pc, operands[2], false]);
        if (op >= Op.BR_IF_BACK_I32_EQ_IMM && op <= Op.BR_IF_BACK_I32_GE_U_IMM) targets.push([pc, operands[2], true]);
        if (isLatch(op)) {
          if (operands[n - 2] !== Op.BR_BACK) problems.push(`${pc}: ${opName(op)} does not end with BR_BACK T`);
          targets.push([pc, operands[n - 1], true]);
        }
        break;
      case Op.BR_TABLE:
        for (let i = 0; i <= operands[1]; i++) targets.push([pc, operands[2 + i], false]);
        break;
    }
    pc += len;
  }
  for (const [at, t, back] of targets) {
    if (!starts.has(t)) problems.push(`${at}: target ${t} is not an instruction start`);
    if (back && t > at) problems.push(`${at}: backward branch goes forward to ${t}`);
    if (!back && t <= at) problems.push(`${at}: forward branch goes backward to ${t}`);
  }
  if (last !== Op.RETURN && last !== Op.RETURN_COPY && last !== Op.BR && last !== Op.BR_BACK) problems.push('last instruction is ' + opName(last));
  if (cf.frameSlots < cf.nlocals || cf.nlocals < cf.nparams || cf.localIsRef.length !== cf.nlocals) problems.push('bad frame sizes');
  return problems;
}
