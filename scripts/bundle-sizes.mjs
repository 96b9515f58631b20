#!/usr/bin/env node
// Bundle sizes: raw, minified (terser, ES5 output) and gzipped (zlib, level 9) for each file
// of dist/. Two uses:
//  - `sizes()` is a rollup plugin (used by rollup.config.js) that prints one line per bundle as
//    the build writes it;
//  - `node scripts/bundle-sizes.mjs [--markdown]` measures the built dist/ bundles and prints
//    the same lines, or a markdown table for the README.
// A bundle that is already minified (the Espruino one) reports its own size as the minified one.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { minify } from 'terser';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** The bundles whose sizes matter to users (one per engine), with the engine they serve. */
export const BUNDLES = [
  { file: 'dist/node/picowasm.mjs', engine: 'Node (ESM)' },
  { file: 'dist/node/picowasm.cjs', engine: 'Node (CommonJS)' },
  { file: 'dist/es5/picowasm.js', engine: 'ES5 script: Duktape, QuickJS, browsers' },
  { file: 'dist/espruino/picowasm.js', engine: 'Espruino (minified)' },
  { file: 'dist/moddable/picowasm.js', engine: 'Moddable XS (ES module)' },
];

function gzipSize(text) {
  return zlib.gzipSync(Buffer.from(text, 'utf8'), { level: 9 }).length;
}

/** { raw, minified, gzipped } byte counts of `code` (gzipped = of the minified text). */
export async function measure(code, alreadyMinified, isModule) {
  const raw = Buffer.byteLength(code, 'utf8');
  let min = code;
  if (!alreadyMinified) {
    const r = await minify(code, { ecma: 5, module: !!isModule, compress: { ecma: 5, passes: 2 }, mangle: true, format: { ecma: 5, comments: false } });
    min = r.code;
  }
  return { raw, minified: Buffer.byteLength(min, 'utf8'), gzipped: gzipSize(min) };
}

function kb(n) {
  return (n / 1024).toFixed(1) + ' KiB';
}

export function formatLine(file, s) {
  return `${file.padEnd(28)} raw ${kb(s.raw).padStart(10)}   minified ${kb(s.minified).padStart(10)}   gzipped ${kb(s.gzipped).padStart(9)}`;
}

/** Rollup plugin: prints the sizes of every chunk the build writes. */
export function sizes(options = {}) {
  return {
    name: 'picowasm-bundle-sizes',
    async writeBundle(outputOptions, bundle) {
      for (const name of Object.keys(bundle)) {
        const chunk = bundle[name];
        if (chunk.type !== 'chunk') continue;
        const file = path.relative(root, path.join(outputOptions.dir || path.dirname(outputOptions.file), name));
        const s = await measure(chunk.code, !!options.minified, outputOptions.format === 'es');
        console.log(formatLine(file, s));
      }
    },
  };
}

async function main() {
  const markdown = process.argv.includes('--markdown');
  const rows = [];
  for (const b of BUNDLES) {
    const p = path.join(root, b.file);
    if (!fs.existsSync(p)) { console.error(`missing ${b.file} (run npm run build)`); process.exitCode = 1; continue; }
    const code = fs.readFileSync(p, 'utf8');
    const s = await measure(code, b.file.includes('espruino'), b.file.endsWith('.mjs') || b.file.includes('moddable'));
    rows.push({ ...b, ...s });
  }
  if (markdown) {
    console.log('| bundle | for | raw | minified | gzipped |');
    console.log('|---|---|---:|---:|---:|');
    for (const r of rows) console.log(`| \`${r.file}\` | ${r.engine} | ${kb(r.raw)} | ${kb(r.minified)} | ${kb(r.gzipped)} |`);
  } else {
    for (const r of rows) console.log(formatLine(r.file, r));
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main();
