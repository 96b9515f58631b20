// Entry point of the ES5 build of the WASI layer (dist/es5/wasi.js): one script (IIFE) that
// defines the global `picowasmWasi`, for XS, QuickJS, Duktape and any ES5 engine, next to a
// WebAssembly namespace (picowasm's bundle for that engine, or a native one). No file system of
// the host is wired in: give `fs: new picowasmWasi.MemoryFS({...})` (or your own FileSystem) and
// sinks for stdout/stderr. The test/engines runner runs examples/c with it on real engines.
// What it leaves to others: everything WASI itself (wasi/); Node's defaults (targets/wasi.ts).
export { WASI, WASIExit, MemoryFS, resolvePath } from '../wasi/index';
export type { WASIOptions, OutputSink, InputSource, FileSystem, FileHandle, FileStat, DirEntry, OpenOptions } from '../wasi/index';
