// WASI preview 1 numbers used by the WASI layer (wasi.ts): errnos, file types, flags, rights,
// clock ids, whence, and the sizes of the structs it writes. Values are those of the preview-1
// witx (wasi_snapshot_preview1); only the ones this layer uses or reports are listed.
// Plain numeric enums (const enum: inlined, nothing is left at run time).

export const enum Errno {
  SUCCESS = 0,
  ACCES = 2,
  AGAIN = 6,
  BADF = 8,
  EXIST = 20,
  FAULT = 21,
  FBIG = 22,
  INVAL = 28,
  IO = 29,
  ISDIR = 31,
  LOOP = 32,
  MFILE = 33,
  NAMETOOLONG = 37,
  NOENT = 44,
  NOMEM = 48,
  NOSPC = 51,
  NOSYS = 52,
  NOTDIR = 54,
  NOTEMPTY = 55,
  NOTSUP = 58,
  OVERFLOW = 61,
  PERM = 63,
  PIPE = 64,
  ROFS = 69,
  SPIPE = 70,
  NOTCAPABLE = 76,
}

export const enum FileType {
  UNKNOWN = 0,
  BLOCK_DEVICE = 1,
  CHARACTER_DEVICE = 2,
  DIRECTORY = 3,
  REGULAR_FILE = 4,
  SOCKET_DGRAM = 5,
  SOCKET_STREAM = 6,
  SYMBOLIC_LINK = 7,
}

/** oflags of path_open. */
export const enum OFlags {
  CREAT = 1,
  DIRECTORY = 2,
  EXCL = 4,
  TRUNC = 8,
}

/** fdflags (path_open, fd_fdstat_get). */
export const enum FdFlags {
  APPEND = 1,
  DSYNC = 2,
  NONBLOCK = 4,
  RSYNC = 8,
  SYNC = 16,
}

export const enum Whence {
  SET = 0,
  CUR = 1,
  END = 2,
}

export const enum ClockId {
  REALTIME = 0,
  MONOTONIC = 1,
  PROCESS_CPUTIME_ID = 2,
  THREAD_CPUTIME_ID = 3,
}

/** Rights bits (low word); every right of preview 1 is below bit 29. */
export const enum Rights {
  FD_READ = 2,          // 1 << 1
  FD_SEEK = 4,          // 1 << 2
  FD_TELL = 32,         // 1 << 5
  FD_WRITE = 64,        // 1 << 6
  PATH_CREATE_FILE = 1024,        // 1 << 10
  PATH_OPEN = 8192,               // 1 << 13
  FD_READDIR = 16384,             // 1 << 14
  PATH_FILESTAT_GET = 262144,     // 1 << 18
  FD_FILESTAT_GET = 2097152,      // 1 << 21
  ALL = 0x1fffffff,     // bits 0 .. 28
}
