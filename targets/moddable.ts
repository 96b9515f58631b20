// Entry point of the Moddable XS bundle (dist/moddable/picowasm.js): one ES module, listed and
// preloaded by moddable/manifest.json. XS has BigInt, so i64 crosses the JS API as BigInt, as
// the JS API specifies (`setI64Codec(null)` switches to the core's { lo, hi } pair, which
// avoids BigInt allocations). This module runs at preload time on the build machine, so it
// does only what may be frozen into flash: the codec object below is frozen, and core/ keeps no
// module-level typed arrays. The loader that maps .wasm bytes from flash is
// moddable/picowasm-loader.js. What it leaves to others: everything in core/.
import { installBigIntCodec } from './bigint-codec';

installBigIntCodec();

export * from '../core/index';
