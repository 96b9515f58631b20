// Builds one bundle per target engine, all from the same core/ (entries in targets/*.ts):
//   dist/node/picowasm.{mjs,cjs} + types   Node (targets/node.ts), i64 as BigInt
//   dist/node/polyfill.{mjs,cjs}           the same, and sets globalThis.WebAssembly where missing
//   dist/es5/picowasm.js                   one ES5 script defining the global `picowasm`
//   dist/espruino/picowasm.js              minified CommonJS module for Espruino (ES5 output)
//   dist/moddable/picowasm.js              one ES module for Moddable XS (moddable/manifest.json)
// The Node bundle's interpreter dispatches with one `switch` (scripts/flat-dispatch.mjs), the others
// with a chain of small ones (core/compile/dispatch.ts).
// Every build prints its size (raw, minified, gzipped; scripts/bundle-sizes.mjs). The dialect
// check (test/engines/dialect.mjs) runs on the built files in test/unit/bundles.test.ts.
import typescript from '@rollup/plugin-typescript';
import terser from '@rollup/plugin-terser';
import { sizes } from './scripts/bundle-sizes.mjs';
import { flatDispatch } from './scripts/flat-dispatch.mjs';
import { espruinoHoist } from './scripts/espruino-hoist.mjs';

const include = ['core/**/*.ts', 'tojs/**/*.ts', 'targets/**/*.ts'];
// TypeScript compiles core/ to ES5; each device build gets its own plugin instance.
const ts = (outDir) => typescript({ tsconfig: './tsconfig.json', declaration: false, outDir, include });
// Rollup's own output stays ES5 and adds nothing device engines lack (Object.freeze on
// namespaces, getters for live bindings, the __esModule marker).
const es5Output = { generatedCode: 'es5', freeze: false, esModule: false, externalLiveBindings: false };

export default [
  {
    input: 'targets/node.ts',
    output: [
      { file: 'dist/node/picowasm.mjs', format: 'es', sourcemap: false },
      { file: 'dist/node/picowasm.cjs', format: 'cjs', sourcemap: false },
    ],
    // One `switch` for V8 (scripts/flat-dispatch.mjs); the device bundles keep the chain of small ones.
    plugins: [flatDispatch(), typescript({ tsconfig: './tsconfig.json', declaration: true, declarationDir: 'dist/node/types', outDir: 'dist/node', include }), sizes()],
  },
  {
    // The polyfill imports the Node bundle next to it instead of carrying its own core.
    input: 'targets/polyfill.ts',
    external: (id) => /[\\/]targets[\\/]node(\.ts)?$/.test(id) || id === './node',
    output: [
      { file: 'dist/node/polyfill.mjs', format: 'es', paths: () => './picowasm.mjs' },
      { file: 'dist/node/polyfill.cjs', format: 'cjs', paths: () => './picowasm.cjs' },
    ],
    plugins: [ts('dist/node')],
  },
  {
    input: 'targets/es5.ts',
    output: { ...es5Output, file: 'dist/es5/picowasm.js', format: 'iife', name: 'picowasm' },
    plugins: [ts('dist/es5'), sizes()],
  },
  {
    input: 'targets/espruino.ts',
    output: { ...es5Output, file: 'dist/espruino/picowasm.js', format: 'cjs', strict: false },
    plugins: [
      ts('dist/espruino'),
      // Minifies the Espruino bundle (Espruino runs from source text, so size is RAM/flash).
      // ES5 in, ES5 out; no unsafe rewrites, and nothing that would add a construct Espruino
      // lacks (test/engines/dialect.mjs checks the output).
      terser({
        ecma: 5,
        // evaluate: false keeps 2^63 and 2^64 as products (core/exec/i64.ts): Espruino's parser
        // reads integer literals that large wrongly.
        compress: { ecma: 5, passes: 2, unsafe: false, arrows: false, keep_fargs: true, hoist_funs: false, evaluate: false },
        // Never use words Espruino's lexer reserves (of, let, static, ...) as mangled names.
        mangle: { toplevel: true, reserved: ['of', 'let', 'static', 'class', 'const', 'extends', 'super', 'undefined'] },
        format: { ecma: 5, comments: false, ascii_only: true },
      }),
      // Espruino does not hoist `var` (scripts/espruino-hoist.mjs).
      espruinoHoist(),
      sizes({ minified: true }),
    ],
  },
  {
    input: 'targets/moddable.ts',
    output: { ...es5Output, file: 'dist/moddable/picowasm.js', format: 'es' },
    plugins: [ts('dist/moddable'), sizes()],
  },
  // picowasm/wasi (targets/wasi.ts, wasi/): the WASI layer for Node, dist/node/wasi.{mjs,cjs} + types.
  // Independent of core/ (it runs on any WebAssembly); node:fs stays an import. rootDir is explicit:
  // wasi/wasi.ts and targets/wasi.ts would otherwise both emit to wasi.js and nothing is emitted.
  {
    input: 'targets/wasi.ts',
    external: ['node:fs'],
    output: [
      { file: 'dist/node/wasi.mjs', format: 'es' },
      { file: 'dist/node/wasi.cjs', format: 'cjs' },
    ],
    plugins: [typescript({ tsconfig: './tsconfig.json', declaration: true, declarationDir: 'dist/node/types', outDir: 'dist/node', rootDir: '.', include: ['wasi/**/*.ts', 'targets/**/*.ts'] })],
  },
  // The WASI layer as one ES5 script defining the global `picowasmWasi` (targets/wasi-es5.ts), for
  // engines without modules next to dist/es5/picowasm.js; same ES5 output as the es5 entry.
  {
    input: 'targets/wasi-es5.ts',
    output: { ...es5Output, file: 'dist/es5/wasi.js', format: 'iife', name: 'picowasmWasi' },
    plugins: [typescript({ tsconfig: './tsconfig.json', declaration: false, outDir: 'dist/es5', rootDir: '.', include: ['wasi/**/*.ts', 'targets/**/*.ts'] })],
  },
];
