// WebAssembly.Memory: a JS object over a MemoryInst (kept in `_mem`; the MemoryInst keeps its
// object in `jsWrapper`, so a memory exported twice is the same object). `buffer` is the same
// ArrayBuffer until the memory grows (from JS or from wasm), then a new one, and the old one is
// detached, as the JS API says, if JS has seen it (Memory._buf). Detaching needs
// ArrayBuffer.prototype.transfer (XS, QuickJS, Node 22) or a target's way (setBufferTransfer:
// Node 20 moves it with structuredClone); where there is neither (Espruino, Duktape) the old
// buffer stays readable but stale, a documented deviation.
// What it leaves to others: growing (MemoryInst.grow), the embedder's page limit (thread.limits).
import { rangeError } from '../errors';
import { MAX_PAGES, MemoryInst } from '../runtime/memory';
import { currentThread, memoryPageLimit } from '../exec/thread';
import { isObject, toU32 } from './values';

/** A target's way to detach an ArrayBuffer, giving a new one with its contents
 *  (setBufferTransfer); null: ArrayBuffer.prototype.transfer where the engine has it. */
let transferHook: ((buffer: ArrayBuffer) => ArrayBuffer) | null = null;

/** Sets how old buffers are detached where the engine lacks ArrayBuffer.prototype.transfer:
 *  `transfer(buffer)` detaches `buffer` and returns a new ArrayBuffer with its contents. */
export function setBufferTransfer(transfer: ((buffer: ArrayBuffer) => ArrayBuffer) | null): void {
  transferHook = transfer;
}

/** `buffer` detached, and a new ArrayBuffer with its contents (none if not `keep`); null where
 *  this engine cannot detach. */
function transferOf(buffer: ArrayBuffer, keep: boolean): ArrayBuffer | null {
  const own = (buffer as any).transfer;
  try {
    if (typeof own === 'function') return keep ? own.call(buffer) : own.call(buffer, 0);
    return transferHook !== null ? transferHook(buffer) : null;
  } catch (e) {
    return null; // (a hook that cannot: the old buffer stays as it is)
  }
}

export class Memory {
  _mem!: MemoryInst;
  /** The buffer `buffer` last gave to JS (null: none since the last grow), detached after the
   *  next grow. A buffer JS never saw is not detached: nobody can tell, and on V8 the first
   *  detach of any ArrayBuffer slows typed arrays in optimized code for good (its detaching
   *  protector: the interpreter took 1.1-1.35x as long afterwards, matmul on the tier 1.15x). */
  _buf!: ArrayBuffer | null;

  constructor(descriptor: any) {
    if (!isObject(descriptor)) throw new TypeError('WebAssembly.Memory(): the descriptor must be an object');
    let initialValue = descriptor.initial;
    if (initialValue === undefined) initialValue = descriptor.minimum;
    if (initialValue === undefined) throw new TypeError('WebAssembly.Memory(): the descriptor needs "initial"');
    const initial = toU32(initialValue, 'WebAssembly.Memory(): "initial"');
    const maximumValue = descriptor.maximum;
    const maximum = maximumValue === undefined ? -1 : toU32(maximumValue, 'WebAssembly.Memory(): "maximum"');
    if (initial > MAX_PAGES) throw rangeError('WebAssembly.Memory(): "initial" is above ' + MAX_PAGES + ' pages');
    if (maximum > MAX_PAGES) throw rangeError('WebAssembly.Memory(): "maximum" is above ' + MAX_PAGES + ' pages');
    if (maximum >= 0 && initial > maximum) throw rangeError('WebAssembly.Memory(): "initial" is above "maximum"');
    const limits = currentThread().limits;
    const limit = memoryPageLimit(limits);
    if (initial > limit) throw rangeError('WebAssembly.Memory(): "initial" is above the limit of ' + limit + ' pages');
    let mem: MemoryInst;
    try {
      mem = new MemoryInst(initial, maximum, limit, limits.maxMemoryBytes);
    } catch (e) {
      throw rangeError('WebAssembly.Memory(): cannot allocate ' + initial + ' pages');
    }
    attach(this, mem);
  }

  get buffer(): ArrayBuffer {
    const self = thisMemory(this);
    self._buf = self._mem.buffer;
    return self._buf;
  }

  /** Grows by `delta` pages; returns the old size in pages, RangeError when it cannot. */
  grow(delta: any): number {
    const self = thisMemory(this);
    const d = toU32(delta, 'WebAssembly.Memory.grow(): delta');
    const mem = self._mem;
    const old = mem.grow(d, currentThread().limits.maxMemoryPages);
    if (old < 0) throw rangeError('WebAssembly.Memory.grow(): cannot grow the memory by ' + d + ' pages');
    if (d === 0) refresh(self);
    return old;
  }
}

/** The Memory object of `mem` (made once). */
export function wrapMemory(mem: MemoryInst): Memory {
  if (mem.jsWrapper !== null) return mem.jsWrapper;
  const self: Memory = Object.create(Memory.prototype);
  attach(self, mem);
  return self;
}

function attach(self: Memory, mem: MemoryInst): void {
  self._mem = mem;
  self._buf = null;
  mem.jsWrapper = self;
  mem.onGrow = function (m: MemoryInst): void {
    const old = self._buf;
    self._buf = null;
    if (old !== null && old !== m.buffer) detach(old);
  };
}

/** memory.grow(0) from JS still gives a new buffer object (JS API "refresh the memory buffer"). */
function refresh(self: Memory): void {
  const mem = self._mem;
  if (self._buf !== mem.buffer) return; // (JS has not seen it)
  const buffer = transferOf(mem.buffer, true);
  if (buffer === null) return;
  mem.buffer = buffer;
  mem.u8 = new Uint8Array(buffer);
  mem.i32 = new Int32Array(buffer, 0, buffer.byteLength >> 2);
  mem.view = new DataView(buffer);
  self._buf = null;
}

function detach(buffer: ArrayBuffer): void {
  transferOf(buffer, false);
}

function thisMemory(self: any): Memory {
  if (!(self instanceof Memory) || !self._mem) throw new TypeError('not a WebAssembly.Memory');
  return self;
}
