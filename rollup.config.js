// Builds one bundle per target engine from targets/*.ts. This session builds the Node bundle
// (ESM + CommonJS + type declarations); the device bundles are added by their own issue.
import typescript from '@rollup/plugin-typescript';

export default [
  {
    input: 'targets/node.ts',
    output: [
      { file: 'dist/node/picowasm.mjs', format: 'es', sourcemap: false },
      { file: 'dist/node/picowasm.cjs', format: 'cjs', sourcemap: false },
    ],
    plugins: [typescript({ tsconfig: './tsconfig.json', declaration: true, declarationDir: 'dist/node/types', outDir: 'dist/node', include: ['core/**/*.ts', 'targets/**/*.ts'] })],
  },
];
