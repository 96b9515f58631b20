// Detaching a memory's old ArrayBuffer where the engine has structuredClone but not
// ArrayBuffer.prototype.transfer (Node 20, Safari before 17.4): a clone that transfers the
// buffer moves its contents to a new ArrayBuffer and detaches the old one, without a copy.
// Used by the Node and ES5 entries. What it leaves to others: when buffers are detached
// (core/api/memory.ts).
import { setBufferTransfer } from '../core/api/memory';
import { hostGlobal } from './bigint-codec';

/** Installs the structuredClone way where it is needed and available; returns whether it did. */
export function installBufferTransfer(): boolean {
  const g = hostGlobal();
  const clone: any = g !== null ? g.structuredClone : undefined;
  if (typeof clone !== 'function' || typeof (ArrayBuffer.prototype as any).transfer === 'function') return false;
  const transfer = function (buffer: ArrayBuffer): ArrayBuffer {
    return clone(buffer, { transfer: [buffer] });
  };
  // No probe here: on V8 the first detach of any ArrayBuffer slows typed arrays in optimized
  // code for the rest of the process (core/api/memory.ts), so nothing is detached before a
  // memory that JS has seen grows. Where the transfer fails, the old buffer stays as it is.
  setBufferTransfer(transfer);
  return true;
}
