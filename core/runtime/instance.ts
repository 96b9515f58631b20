// A module instance: the index spaces of one instantiated module (imports first), and the
// run-time state of its segments. Built by core/runtime/instantiate.ts; read by the interpreter.
import { Module } from '../module';
import { FuncInst } from './func';
import { GlobalInst } from './global';
import { MemoryInst } from './memory';
import { TableInst } from './table';
import type { Limits as ThreadLimits } from '../exec/thread';

export class ModuleInstance {
  module: Module;
  funcs: FuncInst[];
  tables: TableInst[];
  memories: MemoryInst[];
  globals: GlobalInst[];
  /** Element segments as evaluated reference arrays; a dropped segment is []. */
  elems: any[][];
  /** Data segments: 1 while live, 0 once dropped (the bytes stay in module.bytes). */
  dataLive: Uint8Array;
  /** The embedder's limits given to this instance (core/api/embed.ts), null for the defaults.
   *  Embedded calls of its functions (tasks, promising calls) run on threads with these limits. */
  limits: ThreadLimits | null;

  constructor(module: Module) {
    this.module = module;
    this.funcs = [];
    this.tables = [];
    this.memories = [];
    this.globals = [];
    this.elems = [];
    this.dataLive = new Uint8Array(module.datas.length);
    this.limits = null;
  }
}
