// The spec harness's adapter for picowasm: the built Node bundle, exactly as users import it.
import * as picowasm from 'picowasm'; // the package's own exports map, as users import it

export default {
  name: 'picowasm',
  WebAssembly: picowasm.WebAssembly,
  invokeRaw: picowasm.invokeRaw,
  globalRaw: picowasm.globalRaw,
};
