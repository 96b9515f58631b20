// A large real program on picowasm: QuickJS compiled to wasm (the 500 KB module of the npm
// package quickjs-emscripten, a dev dependency) evaluates a JS loop of N iterations. Prints the
// time to load the module and the time of the evaluation, for picowasm's Node bundle (its JS
// tier, or the interpreter with PICOWASM_TIER=interp) or, with --native, Node's WebAssembly.
// Usage: [PICOWASM_TIER=interp] [N=2000000] node bench/quickjs.mjs [--native]
// (README "Performance" quotes it; it is not part of `npm run bench`.)
const native = process.argv.includes('--native');
if (!native) globalThis.WebAssembly = (await import('../dist/node/picowasm.mjs')).WebAssembly;
const N = +(process.env.N || 2000000);
const t0 = performance.now();
const { newQuickJSWASMModuleFromVariant } = await import('quickjs-emscripten-core');
const variant = (await import('@jitl/quickjs-wasmfile-release-sync')).default;
const QuickJS = await newQuickJSWASMModuleFromVariant(variant);
const t1 = performance.now();
const vm = QuickJS.newContext();
const src = 'const N = ' + N + '; let s = 0; for (let i = 0; i < N; i++) s = (s + i * i) % 1000003;' +
  ' [s, JSON.stringify({ a: [1, 2, 3] }), (1.1).toFixed(5), Math.sqrt(2)].join(" ")';
const t2 = performance.now();
const r = vm.evalCode(src);
const out = vm.dump(r.value ?? r.error);
(r.value ?? r.error).dispose();
const t3 = performance.now();
vm.dispose();
const who = native ? 'native' : 'picowasm ' + (process.env.PICOWASM_TIER === 'interp' ? 'interpreter' : 'JS tier');
console.log(`${who}: load ${(t1 - t0).toFixed(0)} ms, eval ${(t3 - t2).toFixed(0)} ms -> ${out}`);
