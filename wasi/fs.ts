// The small, synchronous file-system interface the WASI layer (wasi.ts) runs files through, so
// that one WASI implementation serves every engine: MemoryFS (memfs.ts) everywhere, NodeFS
// (node-fs.ts) on Node. Adapters for Moddable (its `File`/`Iterator` modules) and Espruino
// (`require("Storage")`/`E.openFile`) can implement the same four calls later; none exist yet.
//
// Paths given to a FileSystem are the adapter's own ("host") paths: the WASI layer has already
// checked that a guest path stays inside its preopened directory (no `..` above it, not
// absolute) and joined it to the preopen's host path with '/'. Failures are returned as WASI
// errnos (numbers, see constants.ts), never thrown; read and write return -errno. An adapter
// that throws anyway is caught by the WASI layer (errno taken from `error.errno` if it is a
// number, else EIO).

export interface FileStat {
  /** A WASI filetype (constants.ts FileType): 3 directory, 4 regular file, 7 symbolic link, ... */
  filetype: number;
  size: number;
  /** Times in milliseconds since the epoch (0 when unknown). */
  atimeMs: number;
  mtimeMs: number;
  ctimeMs: number;
  /** Device, inode and link count (0 when the file system has none). */
  dev: number;
  ino: number;
  nlink: number;
}

export interface DirEntry {
  name: string;
  filetype: number;
  ino: number;
}

export interface OpenOptions {
  read: boolean;
  write: boolean;
  /** Create the file when missing. */
  create: boolean;
  /** With create: fail with EXIST when the file exists. */
  exclusive: boolean;
  /** Truncate to size 0. */
  truncate: boolean;
}

/** An open regular file. Positions are absolute: the WASI layer keeps each descriptor's offset. */
export interface FileHandle {
  /** Reads up to buffer.length bytes at `position`: the count (0 at the end) or -errno. */
  read(buffer: Uint8Array, position: number): number;
  /** Writes `buffer` at `position` (extending the file): the count or -errno. */
  write(buffer: Uint8Array, position: number): number;
  stat(): FileStat | number;
  close(): void;
}

export interface FileSystem {
  /** The status of `path` (following symbolic links), or an errno (NOENT, NOTDIR, ...). */
  stat(path: string): FileStat | number;
  /** Opens the regular file `path`, or returns an errno. */
  open(path: string, options: OpenOptions): FileHandle | number;
  /** The entries of directory `path` without "." and "..", or an errno. */
  readdir(path: string): DirEntry[] | number;
}

/** Joins a host directory path and a relative path ('' is the directory itself). */
export function joinPath(dir: string, rel: string): string {
  if (rel === '') return dir;
  if (dir === '' || dir.charAt(dir.length - 1) === '/') return dir + rel;
  return dir + '/' + rel;
}
