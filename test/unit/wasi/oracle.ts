// Test helper: runs a WASI program twice, with Node's own `node:wasi` on Node's native
// WebAssembly (the oracle) and with picowasm's WASI layer (wasi/) on a chosen WebAssembly
// namespace, each in a fresh directory preopened as /sandbox, and returns what each printed.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { WASI as NodeWASI } from 'node:wasi';
import { WASI, MemoryFS } from '../../../wasi/index';
import { WASI as NodeEntryWASI } from '../../../targets/wasi';

export interface Outcome {
  stdout: string;
  stderr: string;
  code: number;
  /** The files in the sandbox afterwards: name → contents. */
  files: { [name: string]: string };
}

export interface RunOptions {
  args?: string[];
  env?: { [k: string]: string };
  /** Files put into the sandbox before the run. */
  files?: { [name: string]: string };
}

export const examplesDir = path.resolve(__dirname, '../../../examples/c');

export function example(name: string): Uint8Array {
  return new Uint8Array(fs.readFileSync(path.join(examplesDir, name + '.wasm')));
}

export function makeSandbox(files: { [name: string]: string } | undefined): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'picowasm-wasi-'));
  for (const name in files || {}) fs.writeFileSync(path.join(dir, name), (files as any)[name]);
  return dir;
}

export function readSandbox(dir: string): { [name: string]: string } {
  const out: { [name: string]: string } = {};
  for (const name of fs.readdirSync(dir).sort()) out[name] = fs.readFileSync(path.join(dir, name), 'utf8');
  return out;
}

/** The oracle: node:wasi with native WebAssembly; stdout and stderr go to files and are read back. */
export async function runNode(bytes: Uint8Array, o: RunOptions): Promise<Outcome> {
  const dir = makeSandbox(o.files);
  const io = fs.mkdtempSync(path.join(os.tmpdir(), 'picowasm-io-'));
  const outFd = fs.openSync(path.join(io, 'stdout'), 'w');
  const errFd = fs.openSync(path.join(io, 'stderr'), 'w');
  try {
    const wasi = new NodeWASI({ version: 'preview1', args: o.args || ['prog'], env: o.env || {}, preopens: { '/sandbox': dir }, stdout: outFd, stderr: errFd, returnOnExit: true } as any);
    const instance = await WebAssembly.instantiate(await WebAssembly.compile(bytes), wasi.getImportObject() as any);
    const code = wasi.start(instance) as any as number;
    fs.closeSync(outFd);
    fs.closeSync(errFd);
    return { stdout: fs.readFileSync(path.join(io, 'stdout'), 'utf8'), stderr: fs.readFileSync(path.join(io, 'stderr'), 'utf8'), code, files: readSandbox(dir) };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
    fs.rmSync(io, { recursive: true, force: true });
  }
}

/**
 * picowasm's WASI layer on the namespace `ns` (picowasm's or native). fsKind 'node': the Node
 * entry (targets/wasi.ts) with a directory on disk; 'memory': the neutral WASI with a MemoryFS.
 */
export function runOurs(ns: any, bytes: Uint8Array, o: RunOptions, fsKind: 'node' | 'memory'): Outcome {
  let stdout = '';
  let stderr = '';
  const decode = (b: Uint8Array) => Buffer.from(b).toString('utf8');
  const common = {
    args: o.args || ['prog'],
    env: o.env || {},
    stdout: (b: Uint8Array) => { stdout += decode(b); },
    stderr: (b: Uint8Array) => { stderr += decode(b); },
  };
  if (fsKind === 'node') {
    const dir = makeSandbox(o.files);
    try {
      const wasi = new NodeEntryWASI({ ...common, preopens: { '/sandbox': dir } });
      const code = wasi.start(new ns.Instance(new ns.Module(bytes), wasi.getImportObject()));
      return { stdout, stderr, code, files: readSandbox(dir) };
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }
  const init: { [p: string]: string } = { '/data/': '' };
  for (const name in o.files || {}) init['/data/' + name] = (o.files as any)[name];
  const mem = new MemoryFS(init);
  const wasi = new WASI({ ...common, fs: mem, preopens: { '/sandbox': '/data' } });
  const code = wasi.start(new ns.Instance(new ns.Module(bytes), wasi.getImportObject()));
  const files: { [name: string]: string } = {};
  const listing = mem.readdir('/data');
  if (typeof listing !== 'number') for (const e of listing) files[e.name] = decode(mem.readFile('/data/' + e.name) as Uint8Array);
  return { stdout, stderr, code, files };
}
