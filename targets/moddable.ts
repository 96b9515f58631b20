// Entry point of the Moddable XS bundle (dist/moddable/picowasm.js): one ES module, listed and
// preloaded by moddable/manifest.json. XS has BigInt, so i64 crosses the JS API as BigInt, as
// the JS API specifies (`setI64Codec(null)` switches to the core's { lo, hi } pair, which
// avoids BigInt allocations). This module runs at preload time on the build machine, so it
// does only what may be frozen into flash: the codec object below is frozen, and core/ keeps no
// module-level typed arrays. The loader that maps .wasm bytes from flash is
// moddable/picowasm-loader.js. What it leaves to others: everything in core/.
import { installBigIntCodec } from './bigint-codec';
import { useJsTier } from '../tojs/index';
import { setTierOptions } from '../tojs/function';

installBigIntCodec();

// The JS tier (tojs/) is off: `useJsTier(true)` turns it on where XS has `new Function` (xsnap,
// desktop XS; device builds often strip it, and the JS it writes costs RAM). Measured on xsnap
// it ran the benchmark suite in 0.12 of the interpreter's time. XS aborts the machine when its
// stack overflows, so the depth budget is small, and XS 13 leaks a stack slot whenever a
// labelled break leaves a switch, so br_table becomes an if chain; its Math.fround needs a double.
setTierOptions({ depthBudget: 100, switches: false, froundDoubles: true });

export * from '../core/index';
export { useJsTier };
