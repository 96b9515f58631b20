// The spec harness's adapter for picowasm's interpreter alone: the built Node bundle with its JS
// tier turned off (useJsTier(false)), so that the interpreter the device bundles share is
// checked on Node too. Held to the same baseline as the default adapter (picowasm.mjs).
import * as picowasm from 'picowasm';

picowasm.useJsTier(false);

export default {
  name: 'picowasm-interp',
  WebAssembly: picowasm.WebAssembly,
  invokeRaw: picowasm.invokeRaw,
  globalRaw: picowasm.globalRaw,
};
