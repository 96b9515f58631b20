// Detaching a memory's old ArrayBuffer where the engine has structuredClone but not
// ArrayBuffer.prototype.transfer (Node 20, Safari before 17.4): a clone that transfers the
// buffer moves its contents to a new ArrayBuffer and detaches the old one, without a copy.
// Used by the Node and ES5 entries. What it leaves to others: when buffers are detached
// (core/api/memory.ts).
import { setBufferTransfer } from '../core/api/memory';
import { hostGlobal } from './bigint-codec';

/** Installs the structuredClone way where it is needed and works; returns whether it did. */
export function installBufferTransfer(): boolean {
  const g = hostGlobal();
  const clone: any = g !== null ? g.structuredClone : undefined;
  if (typeof clone !== 'function' || typeof (ArrayBuffer.prototype as any).transfer === 'function') return false;
  const transfer = function (buffer: ArrayBuffer): ArrayBuffer {
    return clone(buffer, { transfer: [buffer] });
  };
  try {
    const probe = new ArrayBuffer(8);
    const moved = transfer(probe);
    if (probe.byteLength !== 0 || moved.byteLength !== 8) return false;
  } catch (e) {
    return false;
  }
  setBufferTransfer(transfer);
  return true;
}
