// The WASI layer's public surface, for every engine: the WASI class (preview 1), the file-system
// interface and the in-memory file system. NodeFS is exported too (it imports nothing of Node's;
// it needs Node's `fs` module passed in). The Node package entry `picowasm/wasi` is
// targets/wasi.ts, which adds Node's stdio and disk as defaults.
export { WASI, WASIExit, resolvePath } from './wasi';
export type { WASIOptions, OutputSink, InputSource } from './wasi';
export { MemoryFS } from './memfs';
export { NodeFS } from './node-fs';
export type { NodeFsModule } from './node-fs';
export type { FileSystem, FileHandle, FileStat, DirEntry, OpenOptions } from './fs';
