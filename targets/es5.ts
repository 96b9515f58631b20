// Entry point of the ES5 bundle (dist/es5/picowasm.js): one script (IIFE) that defines the
// global `picowasm`, for Duktape, QuickJS, any ES5 engine, and browsers without WebAssembly.
// i64 crosses the JS API as BigInt where the engine has BigInt (as the JS API specifies, like
// the Node bundle), and as the core's lossless pair { lo, hi } of signed 32-bit halves where it
// has not; `picowasm.setI64Codec` replaces either choice. Nothing is installed as a global
// `WebAssembly`: use `picowasm.WebAssembly`, or assign it yourself where none exists.
// What it leaves to others: everything in core/; the codec (targets/bigint-codec.ts).
import { installBigIntCodec } from './bigint-codec';
import { installBufferTransfer } from './buffer-transfer';
import { setLimits, setCopyModuleBytes } from '../core/index';

installBigIntCodec();
// QuickJS and Duktape throw a catchable error when their stack runs out, so JS and wasm may call
// each other deeply here (the core's default of 8 levels is for XS, which aborts instead).
setLimits({ maxReentryDepth: 1000 });
// WebAssembly.Module copies its bytes, as the JS API specifies (devices keep a view over flash).
setCopyModuleBytes(true);
// A grown memory's old buffer is detached where the engine can (transfer, or structuredClone).
installBufferTransfer();

export * from '../core/index';
