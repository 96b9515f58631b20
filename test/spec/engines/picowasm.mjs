// The spec harness's adapter for picowasm: the built Node bundle, exactly as users import it.
import * as picowasm from '../../../dist/node/picowasm.mjs';

export default {
  name: 'picowasm',
  WebAssembly: picowasm.WebAssembly,
  invokeRaw: picowasm.invokeRaw,
  globalRaw: picowasm.globalRaw,
};
