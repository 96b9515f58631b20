// The runtime's error types and trap codes.
// CompileError (malformed or invalid module), LinkError (imports do not match) and RuntimeError
// (a trap) follow the JS API; messages start with the spec's wording so that the spec
// testsuite's prefix matching and users' searches both work. The constructors are written as
// plain functions with a prototype chain, not `class extends Error`, because that is broken or
// missing on ES5 engines and Espruino, and because Moddable's preload forbids assigning
// `this.name`. Traps inside the interpreter are small integers (`Trap`); they become
// RuntimeError only at the API edge (see trapError).

export interface WasmErrorConstructor {
  new (message?: string): Error;
  (message?: string): Error;
  prototype: Error;
}

function defineError(name: string): WasmErrorConstructor {
  const ctor = function (this: any, message?: string): Error {
    const self: any = this instanceof ctor ? this : Object.create(ctor.prototype);
    if (message !== undefined) {
      Object.defineProperty(self, 'message', { value: String(message), writable: true, configurable: true });
    }
    const probe: any = new Error(message);
    if (probe.stack) Object.defineProperty(self, 'stack', { value: probe.stack, writable: true, configurable: true });
    return self;
  } as any as WasmErrorConstructor;
  try {
    Object.defineProperty(ctor, 'name', { value: name, configurable: true });
  } catch (e) {
    // ES5 engines where a function's name cannot be redefined: the prototype's name still says it.
  }
  // Object.create with one argument only: Espruino lacks the properties argument.
  const proto = Object.create(Error.prototype);
  Object.defineProperty(proto, 'constructor', { value: ctor, writable: true, configurable: true });
  Object.defineProperty(proto, 'name', { value: name, writable: true, configurable: true });
  Object.defineProperty(proto, 'message', { value: '', writable: true, configurable: true });
  ctor.prototype = proto;
  return ctor;
}

export const CompileError = defineError('CompileError');
export const LinkError = defineError('LinkError');
export const RuntimeError = defineError('RuntimeError');
/** JSPI: a Suspending import could not suspend (no promising() call, or JS frames in between). */
export const SuspendError = defineError('SuspendError');

/** Throws a CompileError: `message` is the spec's wording, `offset` the byte offset in the module. */
export function compileError(message: string, offset: number): never {
  throw new CompileError(message + ' @ offset ' + offset);
}

/** Throws a LinkError for import number `index` (`module`.`name`). */
export function linkError(message: string, module: string, name: string): never {
  throw new LinkError('import ' + JSON.stringify(module) + ' ' + JSON.stringify(name) + ': ' + message);
}

/** Trap codes returned by the interpreter; 0 means no trap. */
export const enum Trap {
  None = 0,
  Unreachable,
  IntegerDivideByZero,
  IntegerOverflow,
  InvalidConversionToInteger,
  OutOfBoundsMemoryAccess,
  UndefinedElement,
  UninitializedElement,
  IndirectCallTypeMismatch,
  OutOfBoundsTableAccess,
  CallStackExhausted,
}

/** The spec's text for each trap (index = Trap code). */
export function trapMessage(trap: number): string {
  switch (trap) {
    case Trap.Unreachable: return 'unreachable';
    case Trap.IntegerDivideByZero: return 'integer divide by zero';
    case Trap.IntegerOverflow: return 'integer overflow';
    case Trap.InvalidConversionToInteger: return 'invalid conversion to integer';
    case Trap.OutOfBoundsMemoryAccess: return 'out of bounds memory access';
    case Trap.UndefinedElement: return 'undefined element';
    case Trap.UninitializedElement: return 'uninitialized element';
    case Trap.IndirectCallTypeMismatch: return 'indirect call type mismatch';
    case Trap.OutOfBoundsTableAccess: return 'out of bounds table access';
    case Trap.CallStackExhausted: return 'call stack exhausted';
    default: return 'internal error: unknown trap ' + trap;
  }
}

/** The exception for a trap code: RangeError for stack exhaustion (as hosts do), else RuntimeError. */
export function trapError(trap: number, detail?: string): Error {
  const message = trapMessage(trap) + (detail ? ' ' + detail : '');
  return trap === Trap.CallStackExhausted ? rangeError(message) : new RuntimeError(message);
}

/** A RangeError where the engine has one (Espruino has not: a plain Error there). */
export function rangeError(message: string): Error {
  return typeof RangeError === 'function' ? new RangeError(message) : new Error(message);
}
