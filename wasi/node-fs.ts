// NodeFS: the WASI file-system interface (fs.ts) over Node's `fs` module, synchronously. The
// only file of wasi/ that touches a Node API, and it does not import it: the Node entry
// (targets/wasi.ts) passes `node:fs` in, so this file still compiles and bundles anywhere.
// Node's error codes become WASI errnos. Known limit: a symbolic link inside a preopened
// directory that points outside it is followed (the WASI layer checks paths lexically).
import { Errno, FileType } from './constants';
import { DirEntry, FileHandle, FileStat, FileSystem, OpenOptions } from './fs';

/** The part of Node's `fs` module that NodeFS uses. */
export interface NodeFsModule {
  statSync(path: string): any;
  openSync(path: string, flags: number, mode?: number): number;
  readSync(fd: number, buffer: Uint8Array, offset: number, length: number, position: number | null): number;
  writeSync(fd: number, buffer: Uint8Array, offset: number, length: number, position: number | null): number;
  fstatSync(fd: number): any;
  closeSync(fd: number): void;
  readdirSync(path: string, options: { withFileTypes: true }): any[];
  constants: any;
}

export class NodeFS implements FileSystem {
  private fs: NodeFsModule;

  constructor(fs: NodeFsModule) {
    this.fs = fs;
  }

  stat(path: string): FileStat | number {
    try {
      return statOf(this.fs.statSync(path));
    } catch (e) {
      return errnoOf(e);
    }
  }

  open(path: string, options: OpenOptions): FileHandle | number {
    const c = this.fs.constants;
    let flags = options.read && options.write ? c.O_RDWR : options.write ? c.O_WRONLY : c.O_RDONLY;
    if (options.create) flags |= c.O_CREAT;
    if (options.create && options.exclusive) flags |= c.O_EXCL;
    if (options.truncate) flags |= c.O_TRUNC;
    try {
      return new NodeFile(this.fs, this.fs.openSync(path, flags, 438 /* 0o666, less the umask */));
    } catch (e) {
      return errnoOf(e);
    }
  }

  readdir(path: string): DirEntry[] | number {
    try {
      const entries = this.fs.readdirSync(path, { withFileTypes: true });
      const out: DirEntry[] = [];
      for (let i = 0; i < entries.length; i++) {
        const d = entries[i];
        out.push({ name: String(d.name), filetype: direntType(d), ino: 0 });
      }
      return out;
    } catch (e) {
      return errnoOf(e);
    }
  }
}

class NodeFile implements FileHandle {
  private fs: NodeFsModule;
  private fd: number;

  constructor(fs: NodeFsModule, fd: number) {
    this.fs = fs;
    this.fd = fd;
  }

  read(buffer: Uint8Array, position: number): number {
    try {
      return this.fs.readSync(this.fd, buffer, 0, buffer.length, position);
    } catch (e) {
      return -errnoOf(e);
    }
  }

  write(buffer: Uint8Array, position: number): number {
    try {
      return this.fs.writeSync(this.fd, buffer, 0, buffer.length, position);
    } catch (e) {
      return -errnoOf(e);
    }
  }

  stat(): FileStat | number {
    try {
      return statOf(this.fs.fstatSync(this.fd));
    } catch (e) {
      return errnoOf(e);
    }
  }

  close(): void {
    try {
      this.fs.closeSync(this.fd);
    } catch (e) {
      // already closed
    }
  }
}

function statOf(s: any): FileStat {
  return {
    filetype: s.isFile() ? FileType.REGULAR_FILE : s.isDirectory() ? FileType.DIRECTORY : s.isSymbolicLink() ? FileType.SYMBOLIC_LINK :
      s.isCharacterDevice() ? FileType.CHARACTER_DEVICE : s.isBlockDevice() ? FileType.BLOCK_DEVICE : s.isSocket() ? FileType.SOCKET_STREAM : FileType.UNKNOWN,
    size: s.size,
    atimeMs: s.atimeMs,
    mtimeMs: s.mtimeMs,
    ctimeMs: s.ctimeMs,
    dev: s.dev,
    ino: s.ino,
    nlink: s.nlink,
  };
}

function direntType(d: any): number {
  if (d.isFile()) return FileType.REGULAR_FILE;
  if (d.isDirectory()) return FileType.DIRECTORY;
  if (d.isSymbolicLink()) return FileType.SYMBOLIC_LINK;
  if (d.isCharacterDevice()) return FileType.CHARACTER_DEVICE;
  if (d.isBlockDevice()) return FileType.BLOCK_DEVICE;
  if (d.isSocket()) return FileType.SOCKET_STREAM;
  return FileType.UNKNOWN;
}

/** The WASI errno of a Node fs error (EIO for anything unknown). */
export function errnoOf(e: any): number {
  switch (e && e.code) {
    case 'ENOENT': return Errno.NOENT;
    case 'EEXIST': return Errno.EXIST;
    case 'ENOTDIR': return Errno.NOTDIR;
    case 'EISDIR': return Errno.ISDIR;
    case 'EACCES': return Errno.ACCES;
    case 'EPERM': return Errno.PERM;
    case 'EBADF': return Errno.BADF;
    case 'EINVAL': return Errno.INVAL;
    case 'ENOSPC': return Errno.NOSPC;
    case 'EROFS': return Errno.ROFS;
    case 'ENAMETOOLONG': return Errno.NAMETOOLONG;
    case 'ELOOP': return Errno.LOOP;
    case 'EMFILE': return Errno.MFILE;
    case 'ENOTEMPTY': return Errno.NOTEMPTY;
    case 'EFBIG': return Errno.FBIG;
    case 'EAGAIN': return Errno.AGAIN;
    case 'EPIPE': return Errno.PIPE;
    case 'ESPIPE': return Errno.SPIPE;
    default: return Errno.IO;
  }
}
