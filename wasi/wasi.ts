// WASI preview 1 (wasi_snapshot_preview1) for any WebAssembly implementation: picowasm's own
// namespace on engines without WebAssembly, or a native one. API shaped like Node's `node:wasi`:
// `new WASI(options)`, `wasiImport` / `getImportObject()`, `start(instance)` → exit code,
// `initialize(instance)`.
//
// Implemented: args, environ, clock_time_get / clock_res_get, random_get, fd_read / fd_write on
// stdio and files, fd_fdstat_get, fd_prestat_get / fd_prestat_dir_name for preopened
// directories, path_open, fd_seek, fd_tell, fd_close, fd_filestat_get, fd_readdir, proc_exit,
// sched_yield. Every other preview-1 function returns ENOSYS. Failures reach the program as
// errnos: each import catches what goes wrong inside it (an out-of-bounds pointer is FAULT, an
// adapter's exception EIO); only proc_exit throws, a private WASIExit that start() catches.
//
// Files go through a FileSystem (fs.ts); paths are resolved here, lexically: a path that is
// absolute or climbs above its preopened directory with '..' is NOTCAPABLE. Descriptors keep the
// rights they were opened with and each call checks the right it needs, as Node (uvwasi) does:
// writing a file opened read-only, or seeking without FD_SEEK, is NOTCAPABLE. Platform rules as in core/: no Node API, no BigInt, no console (the default sink
// looks `print`/`trace`/`console` up on the global object at run time).
// What it leaves to others: file systems (memfs.ts, node-fs.ts), Node's stdio and default file
// system (targets/wasi.ts), running wasm (any WebAssembly namespace).
import { ClockId, Errno, FdFlags, FileType, OFlags, Rights, Whence } from './constants';
import { FileHandle, FileStat, FileSystem, joinPath } from './fs';
import { i64Low, i64ToNumber, writeMillisAsNanos, writeU64 } from './i64';
import { utf8Decode, utf8Encode } from './text';

/** Where a program's stdout or stderr bytes go: a function or an object with write(bytes). */
export type OutputSink = ((bytes: Uint8Array) => void) | { write(bytes: Uint8Array): void };

/**
 * Where stdin comes from: all of it at once (a string, UTF-8, or bytes), or a function asked for
 * at most `max` bytes that returns some (a string or bytes) or null / an empty result at the end.
 */
export type InputSource = string | Uint8Array | ((max: number) => Uint8Array | string | null);

export interface WASIOptions {
  /** argv, including the program name as args[0] (Node's convention). */
  args?: string[];
  env?: { [name: string]: string };
  /** Guest directory name → path in `fs` (e.g. { '/sandbox': '/tmp/data' }), fds 3, 4, ... in order. */
  preopens?: { [guest: string]: string };
  stdin?: InputSource;
  stdout?: OutputSink;
  stderr?: OutputSink;
  /** The file system the preopens live in. Required when there are preopens. */
  fs?: FileSystem;
  /** Accepted for compatibility with node:wasi; only 'preview1' exists here. */
  version?: string;
  /** Accepted for compatibility with node:wasi: start() always returns the exit code. */
  returnOnExit?: boolean;
}

/** What proc_exit throws through the running wasm code; start() turns it into the exit code. */
export class WASIExit {
  code: number;
  constructor(code: number) {
    this.code = code;
  }
}

const enum Kind {
  Stdin = 0,
  Output = 1,
  File = 2,
  Dir = 3,
}

interface Descriptor {
  kind: number;
  /** Output descriptors: where the bytes go. */
  sink: OutputSink | null;
  /** Files: the open handle. */
  handle: FileHandle | null;
  /** Files and directories: the host path (in the file system). */
  hostPath: string;
  /** Directories and files: the preopen they were opened under (its host path) ... */
  root: string;
  /** ... and their path below it ('' for the preopen itself). */
  rel: string;
  /** Preopened directories: the guest name reported by fd_prestat_dir_name; else null. */
  preopenName: Uint8Array | null;
  position: number;
  fdflags: number;
  /** Low words of the rights (every preview-1 right is below bit 29). */
  rightsBase: number;
  rightsInheriting: number;
}

// Every function of wasi_snapshot_preview1 (the ones not implemented here answer ENOSYS).
const ALL_FUNCTIONS = 'args_get args_sizes_get environ_get environ_sizes_get clock_res_get clock_time_get ' +
  'fd_advise fd_allocate fd_close fd_datasync fd_fdstat_get fd_fdstat_set_flags fd_fdstat_set_rights ' +
  'fd_filestat_get fd_filestat_set_size fd_filestat_set_times fd_pread fd_prestat_get fd_prestat_dir_name ' +
  'fd_pwrite fd_read fd_readdir fd_renumber fd_seek fd_sync fd_tell fd_write path_create_directory ' +
  'path_filestat_get path_filestat_set_times path_link path_open path_readlink path_remove_directory ' +
  'path_rename path_symlink path_unlink_file poll_oneoff proc_exit proc_raise sched_yield random_get ' +
  'sock_accept sock_recv sock_send sock_shutdown';

/** Rights of stdio: everything but seek and tell, so that libc sees a terminal (line buffering). */
const STDIO_RIGHTS = Rights.ALL & ~(Rights.FD_SEEK | Rights.FD_TELL);

export class WASI {
  /** The import module, as `{ wasi_snapshot_preview1: wasi.wasiImport }`. */
  wasiImport: { [name: string]: (...args: any[]) => any };

  private argv: Uint8Array[];
  private envv: Uint8Array[];
  private fds: (Descriptor | null)[];
  private fs: FileSystem | null;
  private stdin: InputSource | null;
  private stdinOffset: number;
  private memory: any;
  private started: boolean;
  private startTime: number;
  private lineSinks: LineSink[];

  constructor(options?: WASIOptions) {
    const o: WASIOptions = options || {};
    if (o.version !== undefined && o.version !== 'preview1') throw new TypeError('WASI: unsupported version ' + o.version + ' (only preview1)');
    this.argv = [];
    const args = o.args || [];
    for (let i = 0; i < args.length; i++) this.argv.push(utf8Encode(String(args[i])));
    this.envv = [];
    const env = o.env || {};
    for (const k in env) {
      if (Object.prototype.hasOwnProperty.call(env, k)) this.envv.push(utf8Encode(k + '=' + env[k]));
    }
    this.fs = o.fs || null;
    this.stdin = o.stdin === undefined ? null : o.stdin;
    this.stdinOffset = 0;
    this.memory = null;
    this.started = false;
    this.startTime = monotonicMs();
    this.lineSinks = [];
    this.fds = [
      descriptor(Kind.Stdin, null, STDIO_RIGHTS),
      descriptor(Kind.Output, o.stdout || this.defaultSink(), STDIO_RIGHTS),
      descriptor(Kind.Output, o.stderr || this.defaultSink(), STDIO_RIGHTS),
    ];
    const preopens = o.preopens || {};
    for (const guest in preopens) {
      if (!Object.prototype.hasOwnProperty.call(preopens, guest)) continue;
      if (this.fs === null) throw new TypeError('WASI: preopens need a file system (options.fs)');
      const d = descriptor(Kind.Dir, null, Rights.ALL);
      d.hostPath = preopens[guest];
      d.root = d.hostPath;
      d.preopenName = utf8Encode(guest);
      this.fds.push(d);
    }
    this.wasiImport = this.makeImports();
  }

  /** The imports for WebAssembly.instantiate: { wasi_snapshot_preview1: wasiImport }. */
  getImportObject(): any {
    return { wasi_snapshot_preview1: this.wasiImport };
  }

  /**
   * Runs a command: calls the instance's `_start` export and returns the exit code (0 when it
   * returns, proc_exit's code otherwise). A trap or any other exception propagates.
   */
  start(instance: any): number {
    const exports = this.attach(instance, '_start');
    if (typeof exports._initialize === 'function') throw new TypeError('WASI.start: the instance exports _initialize (a reactor, use initialize())');
    try {
      exports._start();
      return 0;
    } catch (e) {
      if (e instanceof WASIExit) return e.code;
      throw e;
    } finally {
      this.flush();
    }
  }

  /** Sets up a reactor: calls its `_initialize` export when there is one (and no `_start`). */
  initialize(instance: any): void {
    const exports = this.attach(instance, null);
    if (typeof exports._start === 'function') throw new TypeError('WASI.initialize: the instance exports _start (a command, use start())');
    if (exports._initialize !== undefined) {
      if (typeof exports._initialize !== 'function') throw new TypeError('WASI.initialize: instance.exports._initialize is not a function');
      try {
        exports._initialize();
      } finally {
        this.flush();
      }
    }
  }

  /** Writes out what the default line sinks still hold (a last line without '\n'). */
  flush(): void {
    for (let i = 0; i < this.lineSinks.length; i++) this.lineSinks[i].flush();
  }

  private attach(instance: any, entry: string | null): any {
    if (this.started) throw new Error('WASI instance has already started');
    const exports = instance !== null && typeof instance === 'object' ? instance.exports : undefined;
    if (exports === undefined || exports === null) throw new TypeError('WASI: the argument must be a WebAssembly.Instance');
    const memory = exports.memory;
    if (memory === null || typeof memory !== 'object' || !(memory.buffer instanceof ArrayBuffer)) {
      throw new TypeError('WASI: instance.exports.memory must be a WebAssembly.Memory');
    }
    if (entry !== null && typeof exports[entry] !== 'function') throw new TypeError('WASI: instance.exports.' + entry + ' is not a function');
    this.started = true;
    this.memory = memory;
    return exports;
  }

  private defaultSink(): OutputSink {
    const s = new LineSink();
    this.lineSinks.push(s);
    return s;
  }

  // ---------------------------------------------------------------------------------------------
  // The imports. Each one runs inside guard(): errnos are returned, nothing is thrown but WASIExit.

  private makeImports(): { [name: string]: (...args: any[]) => any } {
    const self = this;
    const out: { [name: string]: (...args: any[]) => any } = {};
    const impl: any = {
      args_get: function (argv: number, buf: number) { return self.writeStrings(self.argv, argv, buf); },
      args_sizes_get: function (count: number, size: number) { return self.writeSizes(self.argv, count, size); },
      environ_get: function (envp: number, buf: number) { return self.writeStrings(self.envv, envp, buf); },
      environ_sizes_get: function (count: number, size: number) { return self.writeSizes(self.envv, count, size); },
      clock_res_get: function (id: number, out: number) { return self.clockRes(id, out); },
      clock_time_get: function (id: number, precision: any, out: number) { return self.clockTime(id, out); },
      random_get: function (buf: number, len: number) { return self.random(buf, len); },
      fd_write: function (fd: number, iovs: number, n: number, out: number) { return self.fdWrite(fd, iovs, n, out); },
      fd_read: function (fd: number, iovs: number, n: number, out: number) { return self.fdRead(fd, iovs, n, out); },
      fd_fdstat_get: function (fd: number, out: number) { return self.fdstat(fd, out); },
      fd_prestat_get: function (fd: number, out: number) { return self.prestat(fd, out); },
      fd_prestat_dir_name: function (fd: number, path: number, len: number) { return self.prestatDirName(fd, path, len); },
      path_open: function (dirfd: number, dirflags: number, path: number, len: number, oflags: number, base: any, inheriting: any, fdflags: number, out: number) {
        return self.pathOpen(dirfd, path, len, oflags, i64Low(base), i64Low(inheriting), fdflags, out);
      },
      fd_seek: function (fd: number, offset: any, whence: number, out: number) { return self.seek(fd, i64ToNumber(offset), whence, out, Rights.FD_SEEK); },
      fd_tell: function (fd: number, out: number) { return self.seek(fd, 0, Whence.CUR, out, Rights.FD_TELL); },
      fd_close: function (fd: number) { return self.close(fd); },
      fd_filestat_get: function (fd: number, out: number) { return self.filestat(fd, out); },
      path_filestat_get: function (fd: number, flags: number, path: number, len: number, out: number) { return self.pathFilestat(fd, path, len, out); },
      fd_readdir: function (fd: number, buf: number, len: number, cookie: any, out: number) { return self.readdir(fd, buf, len, i64ToNumber(cookie), out); },
      proc_exit: function (code: number) { throw new WASIExit(code >>> 0); },
      sched_yield: function () { return Errno.SUCCESS; },
    };
    const names = ALL_FUNCTIONS.split(' ');
    for (let i = 0; i < names.length; i++) {
      const f = impl[names[i]];
      out[names[i]] = f === undefined ? nosys : guard(f);
    }
    return out;
  }

  private view(): DataView {
    if (this.memory === null) throw new Error('WASI: no memory yet (call start() or initialize() first)');
    return new DataView(this.memory.buffer);
  }

  private bytes(): Uint8Array {
    return new Uint8Array(this.memory.buffer);
  }

  private writeStrings(list: Uint8Array[], ptrs: number, buf: number): number {
    const v = this.view();
    const mem = this.bytes();
    let p = buf >>> 0;
    for (let i = 0; i < list.length; i++) {
      const s = list[i];
      if (p + s.length + 1 > mem.length) return Errno.FAULT;
      v.setUint32((ptrs >>> 0) + 4 * i, p, true);
      mem.set(s, p);
      mem[p + s.length] = 0;
      p += s.length + 1;
    }
    return Errno.SUCCESS;
  }

  private writeSizes(list: Uint8Array[], count: number, size: number): number {
    let total = 0;
    for (let i = 0; i < list.length; i++) total += list[i].length + 1;
    const v = this.view();
    v.setUint32(count >>> 0, list.length, true);
    v.setUint32(size >>> 0, total, true);
    return Errno.SUCCESS;
  }

  private clockRes(id: number, out: number): number {
    let ns: number;
    if (id === ClockId.REALTIME) ns = 1000000;
    else if (id === ClockId.MONOTONIC || id === ClockId.PROCESS_CPUTIME_ID || id === ClockId.THREAD_CPUTIME_ID) ns = hasPerformance() ? 1000 : 1000000;
    else return Errno.INVAL;
    writeU64(this.view(), out >>> 0, ns);
    return Errno.SUCCESS;
  }

  private clockTime(id: number, out: number): number {
    const v = this.view();
    if (id === ClockId.REALTIME) {
      writeMillisAsNanos(v, out >>> 0, Date.now(), 0);
    } else if (id === ClockId.MONOTONIC) {
      writeU64(v, out >>> 0, Math.round(monotonicMs() * 1000000));
    } else if (id === ClockId.PROCESS_CPUTIME_ID || id === ClockId.THREAD_CPUTIME_ID) {
      // No CPU clock on most engines: the time since this WASI object was made stands in.
      writeU64(v, out >>> 0, Math.round((monotonicMs() - this.startTime) * 1000000));
    } else {
      return Errno.INVAL;
    }
    return Errno.SUCCESS;
  }

  private random(buf: number, len: number): number {
    const mem = this.bytes();
    const start = buf >>> 0;
    const end = start + (len >>> 0);
    if (end > mem.length) return Errno.FAULT;
    fillRandom(mem.subarray(start, end));
    return Errno.SUCCESS;
  }

  private fd(fd: number): Descriptor | null {
    const d = fd >= 0 && fd < this.fds.length ? this.fds[fd] : null;
    return d === undefined ? null : d;
  }

  /** The iovecs at `iovs` (n of them) as views on memory. */
  private iovecs(iovs: number, n: number): Uint8Array[] | number {
    const v = this.view();
    const mem = this.bytes();
    const out: Uint8Array[] = [];
    for (let i = 0; i < (n >>> 0); i++) {
      const ptr = v.getUint32((iovs >>> 0) + 8 * i, true);
      const len = v.getUint32((iovs >>> 0) + 8 * i + 4, true);
      if (ptr + len > mem.length) return Errno.FAULT;
      out.push(mem.subarray(ptr, ptr + len));
    }
    return out;
  }

  private fdWrite(fd: number, iovs: number, n: number, out: number): number {
    const d = this.fd(fd);
    if (d === null) return Errno.BADF;
    if (!(d.rightsBase & Rights.FD_WRITE)) return Errno.NOTCAPABLE;
    const list = this.iovecs(iovs, n);
    if (typeof list === 'number') return list;
    let total = 0;
    if (d.kind === Kind.Output) {
      for (let i = 0; i < list.length; i++) total += list[i].length;
      const chunk = new Uint8Array(total);
      let p = 0;
      for (let i = 0; i < list.length; i++) {
        chunk.set(list[i], p);
        p += list[i].length;
      }
      const sink: any = d.sink;
      if (typeof sink === 'function') sink(chunk);
      else sink.write(chunk);
    } else if (d.kind === Kind.File) {
      const h = d.handle as FileHandle;
      if (d.fdflags & FdFlags.APPEND) {
        const st = h.stat();
        if (typeof st === 'number') return st;
        d.position = st.size;
      }
      for (let i = 0; i < list.length; i++) {
        if (list[i].length === 0) continue;
        const r = h.write(list[i], d.position);
        if (r < 0) return -r;
        d.position += r;
        total += r;
        if (r < list[i].length) break;
      }
    } else {
      return d.kind === Kind.Dir ? Errno.ISDIR : Errno.BADF;
    }
    this.view().setUint32(out >>> 0, total, true);
    return Errno.SUCCESS;
  }

  private fdRead(fd: number, iovs: number, n: number, out: number): number {
    const d = this.fd(fd);
    if (d === null) return Errno.BADF;
    if (!(d.rightsBase & Rights.FD_READ)) return Errno.NOTCAPABLE;
    const list = this.iovecs(iovs, n);
    if (typeof list === 'number') return list;
    let total = 0;
    if (d.kind === Kind.Stdin) {
      for (let i = 0; i < list.length; i++) {
        if (list[i].length === 0) continue;
        const r = this.readStdin(list[i]);
        total += r;
        if (r < list[i].length) break;
      }
    } else if (d.kind === Kind.File) {
      const h = d.handle as FileHandle;
      for (let i = 0; i < list.length; i++) {
        if (list[i].length === 0) continue;
        const r = h.read(list[i], d.position);
        if (r < 0) return -r;
        d.position += r;
        total += r;
        if (r < list[i].length) break;
      }
    } else {
      return d.kind === Kind.Dir ? Errno.ISDIR : Errno.BADF;
    }
    this.view().setUint32(out >>> 0, total, true);
    return Errno.SUCCESS;
  }

  /** Fills `into` from stdin as far as it can; returns the byte count (0 at the end). */
  private readStdin(into: Uint8Array): number {
    const src = this.stdin;
    if (src === null) return 0;
    if (typeof src === 'function') {
      let got: any = src(into.length);
      if (got === null || got === undefined) return 0;
      if (typeof got === 'string') got = utf8Encode(got);
      const n = got.length < into.length ? got.length : into.length;
      into.set(got.subarray(0, n));
      return n;
    }
    if (typeof src === 'string') this.stdin = utf8Encode(src);
    const all = this.stdin as Uint8Array;
    const n = Math.min(into.length, all.length - this.stdinOffset);
    if (n <= 0) return 0;
    into.set(all.subarray(this.stdinOffset, this.stdinOffset + n));
    this.stdinOffset += n;
    return n;
  }

  private fdstat(fd: number, out: number): number {
    const d = this.fd(fd);
    if (d === null) return Errno.BADF;
    let filetype: number = FileType.CHARACTER_DEVICE;
    if (d.kind === Kind.Dir) filetype = FileType.DIRECTORY;
    else if (d.kind === Kind.File) filetype = FileType.REGULAR_FILE;
    const v = this.view();
    const p = out >>> 0;
    v.setUint8(p, filetype);
    v.setUint8(p + 1, 0);
    v.setUint16(p + 2, d.fdflags, true);
    v.setUint32(p + 4, 0, true);
    writeU64(v, p + 8, d.rightsBase);
    writeU64(v, p + 16, d.rightsInheriting);
    return Errno.SUCCESS;
  }

  private prestat(fd: number, out: number): number {
    const d = this.fd(fd);
    if (d === null) return Errno.BADF;
    if (d.preopenName === null) return Errno.INVAL;
    const v = this.view();
    v.setUint32(out >>> 0, 0, true); // tag 0: a directory (and the padding)
    v.setUint32((out >>> 0) + 4, d.preopenName.length, true);
    return Errno.SUCCESS;
  }

  private prestatDirName(fd: number, path: number, len: number): number {
    const d = this.fd(fd);
    if (d === null) return Errno.BADF;
    if (d.preopenName === null) return Errno.INVAL;
    const name = d.preopenName;
    if ((len >>> 0) < name.length) return Errno.NAMETOOLONG;
    const mem = this.bytes();
    if ((path >>> 0) + name.length > mem.length) return Errno.FAULT;
    mem.set(name, path >>> 0);
    return Errno.SUCCESS;
  }

  private pathOpen(dirfd: number, path: number, len: number, oflags: number, base: number, inheriting: number, fdflags: number, out: number): number {
    const dir = this.fd(dirfd);
    if (dir === null) return Errno.BADF;
    if (!(dir.rightsBase & Rights.PATH_OPEN) || ((oflags & OFlags.CREAT) && !(dir.rightsBase & Rights.PATH_CREATE_FILE))) return Errno.NOTCAPABLE;
    if (dir.kind !== Kind.Dir) return Errno.NOTDIR;
    const mem = this.bytes();
    if ((path >>> 0) + (len >>> 0) > mem.length) return Errno.FAULT;
    const rel = resolvePath(dir.rel, utf8Decode(mem, path >>> 0, (path >>> 0) + (len >>> 0)));
    if (rel === null) return Errno.NOTCAPABLE;
    const fs = this.fs as FileSystem;
    const hostPath = joinPath(dir.root, rel);
    const wantWrite = (base & Rights.FD_WRITE) !== 0 || (oflags & OFlags.TRUNC) !== 0;
    const st = fs.stat(hostPath);
    let d: Descriptor;
    if (typeof st !== 'number' && st.filetype === FileType.DIRECTORY) {
      if ((oflags & OFlags.CREAT) && (oflags & OFlags.EXCL)) return Errno.EXIST;
      if (wantWrite) return Errno.ISDIR;
      d = descriptor(Kind.Dir, null, base & dir.rightsInheriting);
    } else {
      if (oflags & OFlags.DIRECTORY) return typeof st === 'number' ? st : Errno.NOTDIR;
      if (typeof st === 'number' && st !== Errno.NOENT) return st;
      const h = fs.open(hostPath, {
        read: (base & Rights.FD_READ) !== 0 || !wantWrite,
        write: wantWrite,
        create: (oflags & OFlags.CREAT) !== 0,
        exclusive: (oflags & OFlags.EXCL) !== 0,
        truncate: (oflags & OFlags.TRUNC) !== 0,
      });
      if (typeof h === 'number') return h;
      d = descriptor(Kind.File, null, base & dir.rightsInheriting);
      d.handle = h;
      d.fdflags = fdflags & 0xffff;
    }
    d.hostPath = hostPath;
    d.root = dir.root;
    d.rel = rel;
    d.rightsInheriting = inheriting & dir.rightsInheriting;
    let fd = 3;
    while (fd < this.fds.length && this.fds[fd] !== null) fd++;
    this.fds[fd] = d;
    this.view().setUint32(out >>> 0, fd, true);
    return Errno.SUCCESS;
  }

  private seek(fd: number, offset: number, whence: number, out: number, right: number): number {
    const d = this.fd(fd);
    if (d === null) return Errno.BADF;
    if (!(d.rightsBase & right)) return Errno.NOTCAPABLE;
    if (d.kind !== Kind.File) return d.kind === Kind.Dir ? Errno.BADF : Errno.SPIPE;
    let base: number;
    if (whence === Whence.SET) {
      base = 0;
    } else if (whence === Whence.CUR) {
      base = d.position;
    } else if (whence === Whence.END) {
      const st = (d.handle as FileHandle).stat();
      if (typeof st === 'number') return st;
      base = st.size;
    } else {
      return Errno.INVAL;
    }
    const pos = base + offset;
    if (pos < 0 || pos !== pos) return Errno.INVAL;
    d.position = pos;
    writeU64(this.view(), out >>> 0, pos);
    return Errno.SUCCESS;
  }

  private close(fd: number): number {
    const d = this.fd(fd);
    if (d === null) return Errno.BADF;
    if (d.handle !== null) d.handle.close();
    this.fds[fd] = null;
    return Errno.SUCCESS;
  }

  private filestat(fd: number, out: number): number {
    const d = this.fd(fd);
    if (d === null) return Errno.BADF;
    if (!(d.rightsBase & Rights.FD_FILESTAT_GET)) return Errno.NOTCAPABLE;
    let st: FileStat | number;
    if (d.kind === Kind.File) st = (d.handle as FileHandle).stat();
    else if (d.kind === Kind.Dir) st = (this.fs as FileSystem).stat(d.hostPath);
    else st = { filetype: FileType.CHARACTER_DEVICE, size: 0, atimeMs: 0, mtimeMs: 0, ctimeMs: 0, dev: 0, ino: 0, nlink: 1 };
    return this.writeFilestat(st, out);
  }

  private pathFilestat(dirfd: number, path: number, len: number, out: number): number {
    const dir = this.fd(dirfd);
    if (dir === null) return Errno.BADF;
    if (!(dir.rightsBase & Rights.PATH_FILESTAT_GET)) return Errno.NOTCAPABLE;
    if (dir.kind !== Kind.Dir) return Errno.NOTDIR;
    const mem = this.bytes();
    if ((path >>> 0) + (len >>> 0) > mem.length) return Errno.FAULT;
    const rel = resolvePath(dir.rel, utf8Decode(mem, path >>> 0, (path >>> 0) + (len >>> 0)));
    if (rel === null) return Errno.NOTCAPABLE;
    return this.writeFilestat((this.fs as FileSystem).stat(joinPath(dir.root, rel)), out);
  }

  /** Writes a filestat struct at `out` (or returns the errno `st`). */
  private writeFilestat(st: FileStat | number, out: number): number {
    if (typeof st === 'number') return st;
    const v = this.view();
    const p = out >>> 0;
    writeU64(v, p, st.dev);
    writeU64(v, p + 8, st.ino);
    v.setUint32(p + 16, st.filetype, true); // the filetype byte and padding
    v.setUint32(p + 20, 0, true);
    writeU64(v, p + 24, st.nlink);
    writeU64(v, p + 32, st.size);
    writeTime(v, p + 40, st.atimeMs);
    writeTime(v, p + 48, st.mtimeMs);
    writeTime(v, p + 56, st.ctimeMs);
    return Errno.SUCCESS;
  }

  private readdir(fd: number, buf: number, len: number, cookie: number, out: number): number {
    const d = this.fd(fd);
    if (d === null) return Errno.BADF;
    if (!(d.rightsBase & Rights.FD_READDIR)) return Errno.NOTCAPABLE;
    if (d.kind !== Kind.Dir) return Errno.NOTDIR;
    const entries = (this.fs as FileSystem).readdir(d.hostPath);
    if (typeof entries === 'number') return entries;
    const mem = this.bytes();
    const start = buf >>> 0;
    const size = len >>> 0;
    if (start + size > mem.length) return Errno.FAULT;
    let used = 0;
    for (let i = cookie; i < entries.length && used < size; i++) {
      // dirent: d_next u64, d_ino u64, d_namlen u32, d_type u8, 3 bytes padding; then the name.
      const name = utf8Encode(entries[i].name);
      const entry = new Uint8Array(24 + name.length);
      const ev = new DataView(entry.buffer);
      writeU64(ev, 0, i + 1);
      writeU64(ev, 8, entries[i].ino);
      ev.setUint32(16, name.length, true);
      ev.setUint8(20, entries[i].filetype);
      entry.set(name, 24);
      const n = Math.min(entry.length, size - used);
      mem.set(entry.subarray(0, n), start + used);
      used += n;
    }
    this.view().setUint32(out >>> 0, used, true);
    return Errno.SUCCESS;
  }
}

function descriptor(kind: number, sink: OutputSink | null, rights: number): Descriptor {
  return {
    kind: kind, sink: sink, handle: null, hostPath: '', root: '', rel: '', preopenName: null,
    position: 0, fdflags: 0, rightsBase: rights, rightsInheriting: kind === Kind.Dir ? rights : 0,
  };
}

/** Wraps an import so that whatever goes wrong inside becomes an errno (WASIExit passes). */
function guard(f: (...args: any[]) => number): (...args: any[]) => number {
  return function (this: any) {
    try {
      return f.apply(this, arguments as any);
    } catch (e) {
      if (e instanceof WASIExit) throw e;
      if (typeof RangeError === 'function' && e instanceof RangeError) return Errno.FAULT; // a DataView access outside memory
      const errno = e !== null && typeof e === 'object' ? (e as any).errno : undefined;
      return typeof errno === 'number' && errno > 0 && errno < 77 ? errno : Errno.IO;
    }
  };
}

function nosys(): number {
  return Errno.NOSYS;
}

/**
 * The path `path` taken relative to `base` (a path below a preopen, '' for the preopen itself),
 * normalised ('.' and empty components dropped, '..' applied), or null when it is absolute or
 * climbs above the preopen.
 */
export function resolvePath(base: string, path: string): string | null {
  if (path.charAt(0) === '/') return null;
  const parts = base === '' ? [] : base.split('/');
  const add = path.split('/');
  for (let i = 0; i < add.length; i++) {
    const c = add[i];
    if (c === '' || c === '.') continue;
    if (c === '..') {
      if (parts.length === 0) return null;
      parts.pop();
    } else {
      parts.push(c);
    }
  }
  return parts.join('/');
}

function writeTime(v: DataView, p: number, ms: number): void {
  const whole = Math.floor(ms > 0 ? ms : 0);
  writeMillisAsNanos(v, p, whole, Math.round((ms - whole) * 1000000) % 1000000);
}

function hostGlobal(): any {
  // `this` at the top of a function called plainly is the global object in sloppy mode only;
  // bundles are strict, so look for the usual names instead.
  if (typeof globalThis !== 'undefined') return globalThis;
  if (typeof self !== 'undefined') return self;
  if (typeof global !== 'undefined') return global;
  return null;
}

declare const globalThis: any;
declare const self: any;
declare const global: any;

function hasPerformance(): boolean {
  const g = hostGlobal();
  return g !== null && g.performance !== undefined && typeof g.performance.now === 'function';
}

/** Milliseconds of a monotonic clock: performance.now() where it exists, else Date.now(). */
function monotonicMs(): number {
  const g = hostGlobal();
  if (g !== null && g.performance !== undefined && typeof g.performance.now === 'function') return g.performance.now();
  return Date.now();
}

/**
 * Fills `into` with random bytes: the engine's crypto.getRandomValues where it has one (64 KiB
 * at a time, its limit). Fallback where it has none (XS, QuickJS, Duktape, Espruino without a
 * crypto module): Math.random, which is NOT cryptographically secure.
 */
function fillRandom(into: Uint8Array): void {
  const g = hostGlobal();
  const crypto = g !== null ? g.crypto : undefined;
  if (crypto !== undefined && crypto !== null && typeof crypto.getRandomValues === 'function') {
    for (let i = 0; i < into.length; i += 65536) crypto.getRandomValues(into.subarray(i, Math.min(into.length, i + 65536)));
    return;
  }
  for (let i = 0; i < into.length; i++) into[i] = Math.floor(Math.random() * 256);
}

/**
 * The default stdout/stderr where no sink is given: whole lines decoded from UTF-8 and passed to
 * the engine's `print` (QuickJS, Duktape, XS's xst), `trace` (Moddable, with '\n') or
 * console.log, whichever exists, looked up when a line is complete.
 */
class LineSink {
  private pending: number[];

  constructor() {
    this.pending = [];
  }

  write(bytes: Uint8Array): void {
    for (let i = 0; i < bytes.length; i++) {
      if (bytes[i] === 10) {
        this.emit();
      } else {
        this.pending.push(bytes[i]);
      }
    }
  }

  flush(): void {
    if (this.pending.length > 0) this.emit();
  }

  private emit(): void {
    const line = utf8Decode(new Uint8Array(this.pending), 0, this.pending.length);
    this.pending = [];
    const g = hostGlobal();
    if (g === null) return;
    if (g.console !== undefined && typeof g.console.log === 'function') g.console.log(line);
    else if (typeof g.print === 'function') g.print(line);
    else if (typeof g.trace === 'function') g.trace(line + '\n');
  }
}
