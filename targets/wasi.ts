// The Node package entry `picowasm/wasi` (dist/node/wasi.{mjs,cjs}): the WASI layer of wasi/
// with Node's defaults, so that it is a drop-in for `node:wasi` in the common cases: preopens
// are directories on disk (NodeFS over node:fs) unless `fs` is given, and stdin/stdout/stderr
// are the process's file descriptors 0/1/2 (or the fd numbers given, as node:wasi takes them),
// written and read synchronously. Functions and objects are accepted as sinks as everywhere.
// What it leaves to others: everything WASI itself (wasi/).
// The project compiles without @types/node: node:fs is untyped here (and stays an import).
// @ts-ignore
import * as fs from 'node:fs';
import { WASI as CoreWASI, WASIOptions, OutputSink, InputSource, NodeFS } from '../wasi/index';

export { WASIExit, MemoryFS, NodeFS, resolvePath } from '../wasi/index';
export type { OutputSink, InputSource, FileSystem, FileHandle, FileStat, DirEntry, OpenOptions } from '../wasi/index';

/** Options of the Node entry: as WASIOptions, and stdio may also be file descriptor numbers. */
export interface NodeWASIOptions {
  args?: string[];
  env?: { [name: string]: string };
  preopens?: { [guest: string]: string };
  stdin?: InputSource | number;
  stdout?: OutputSink | number;
  stderr?: OutputSink | number;
  fs?: WASIOptions['fs'];
  version?: string;
  returnOnExit?: boolean;
}

function fdSink(fd: number): OutputSink {
  return function (bytes: Uint8Array) {
    let off = 0;
    while (off < bytes.length) {
      try {
        off += fs.writeSync(fd, bytes, off, bytes.length - off);
      } catch (e: any) {
        if (e && e.code === 'EAGAIN') continue; // a non-blocking pipe that is full: try again
        throw e;
      }
    }
  };
}

function fdSource(fd: number): InputSource {
  return function (max: number) {
    const buf = new Uint8Array(max);
    for (;;) {
      try {
        const n = fs.readSync(fd, buf, 0, max, null);
        return buf.subarray(0, n);
      } catch (e: any) {
        if (e && e.code === 'EAGAIN') continue;
        if (e && e.code === 'EOF') return null;
        throw e;
      }
    }
  };
}

export class WASI extends CoreWASI {
  constructor(options?: NodeWASIOptions) {
    const o: NodeWASIOptions = options || {};
    const stdin = o.stdin === undefined ? 0 : o.stdin;
    const stdout = o.stdout === undefined ? 1 : o.stdout;
    const stderr = o.stderr === undefined ? 2 : o.stderr;
    super({
      args: o.args,
      env: o.env,
      preopens: o.preopens,
      fs: o.fs || new NodeFS(fs),
      version: o.version,
      returnOnExit: o.returnOnExit,
      stdin: typeof stdin === 'number' ? fdSource(stdin) : stdin,
      stdout: typeof stdout === 'number' ? fdSink(stdout) : stdout,
      stderr: typeof stderr === 'number' ? fdSink(stderr) : stderr,
    });
  }
}
