// WASI calls made directly from a small wasm module (text compiled with wabt), on the same
// sandbox, under Node's node:wasi (native WebAssembly) and under picowasm's WASI layer
// (picowasm's interpreter): the errnos and results must be the same. Covers the error paths a
// program meets: missing files, paths escaping the preopen, bad descriptors, wrong file types,
// rights, seeking on stdio. Then what only ours can show: ENOSYS for the rest of preview 1,
// faults instead of exceptions, proc_exit, the API's checks.
import { beforeAll, describe, expect, test } from 'vitest';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { WASI as NodeWASI } from 'node:wasi';
import { WebAssembly as W } from '../../../core/index';
import { WASI, MemoryFS, resolvePath } from '../../../wasi/index';
import { WASI as NodeEntryWASI } from '../../../targets/wasi';
import { loadWabt, wat } from '../api/helpers';
import { makeSandbox } from './oracle';

const native: any = (globalThis as any).WebAssembly;

// A reactor: each export makes one WASI call and returns its errno; results land at 0..15.
const probeWat = `(module
  (import "wasi_snapshot_preview1" "path_open" (func $path_open (param i32 i32 i32 i32 i32 i64 i64 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_read" (func $fd_read (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_close" (func $fd_close (param i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_seek" (func $fd_seek (param i32 i64 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_tell" (func $fd_tell (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_prestat_get" (func $fd_prestat_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_prestat_dir_name" (func $fd_prestat_dir_name (param i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_filestat_get" (func $fd_filestat_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_readdir" (func $fd_readdir (param i32 i32 i32 i64 i32) (result i32)))
  (import "wasi_snapshot_preview1" "args_sizes_get" (func $args_sizes_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "environ_sizes_get" (func $environ_sizes_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "clock_time_get" (func $clock_time_get (param i32 i64 i32) (result i32)))
  (import "wasi_snapshot_preview1" "random_get" (func $random_get (param i32 i32) (result i32)))
  (memory (export "memory") 1)
  (func (export "_initialize"))
  ;; path at 1024 (len), rights as i32 (read 2, write 64), fd written at 0
  (func (export "open") (param $dirfd i32) (param $len i32) (param $oflags i32) (param $rights i32) (param $fdflags i32) (result i32)
    (call $path_open (local.get $dirfd) (i32.const 1) (i32.const 1024) (local.get $len) (local.get $oflags)
      (i64.extend_i32_u (local.get $rights)) (i64.const 0) (local.get $fdflags) (i32.const 0)))
  ;; one iovec at 16: buffer 2048, length n; count at 4
  (func (export "write") (param $fd i32) (param $n i32) (result i32)
    (i32.store (i32.const 16) (i32.const 2048)) (i32.store (i32.const 20) (local.get $n))
    (call $fd_write (local.get $fd) (i32.const 16) (i32.const 1) (i32.const 4)))
  (func (export "read") (param $fd i32) (param $n i32) (result i32)
    (i32.store (i32.const 16) (i32.const 2048)) (i32.store (i32.const 20) (local.get $n))
    (call $fd_read (local.get $fd) (i32.const 16) (i32.const 1) (i32.const 4)))
  (func (export "close") (param $fd i32) (result i32) (call $fd_close (local.get $fd)))
  ;; new offset at 8
  (func (export "seek") (param $fd i32) (param $off i32) (param $whence i32) (result i32)
    (call $fd_seek (local.get $fd) (i64.extend_i32_s (local.get $off)) (local.get $whence) (i32.const 8)))
  (func (export "tell") (param $fd i32) (result i32) (call $fd_tell (local.get $fd) (i32.const 8)))
  (func (export "prestat") (param $fd i32) (result i32) (call $fd_prestat_get (local.get $fd) (i32.const 8)))
  (func (export "prestat_name") (param $fd i32) (param $len i32) (result i32) (call $fd_prestat_dir_name (local.get $fd) (i32.const 3072) (local.get $len)))
  (func (export "filestat") (param $fd i32) (result i32) (call $fd_filestat_get (local.get $fd) (i32.const 4096)))
  (func (export "readdir") (param $fd i32) (param $len i32) (result i32) (call $fd_readdir (local.get $fd) (i32.const 8192) (local.get $len) (i64.const 0) (i32.const 4)))
  (func (export "args_sizes") (result i32) (call $args_sizes_get (i32.const 8) (i32.const 12)))
  (func (export "environ_sizes") (result i32) (call $environ_sizes_get (i32.const 8) (i32.const 12)))
  (func (export "clock") (param $id i32) (result i32) (call $clock_time_get (local.get $id) (i64.const 1) (i32.const 8)))
  (func (export "random") (param $ptr i32) (param $n i32) (result i32) (call $random_get (local.get $ptr) (local.get $n)))
)`;

interface Probe {
  e: any;
  mem: () => DataView;
  setPath(s: string): number;
  setData(s: string): number;
}

function probe(instance: any): Probe {
  const e = instance.exports;
  const mem = () => new DataView(e.memory.buffer);
  const put = (at: number, s: string) => {
    const b = Buffer.from(s, 'utf8');
    new Uint8Array(e.memory.buffer).set(b, at);
    return b.length;
  };
  return { e, mem, setPath: (s) => put(1024, s), setData: (s) => put(2048, s) };
}

// Rights as wasi-libc asks for them (bits of the low word).
const READ = 2;
const WRITE = 64;
const SEEK_TELL_STAT = 4 | 32 | (1 << 21);

/** The script of calls; returns a list of [label, result] to compare. */
function script(p: Probe): [string, any][] {
  const out: [string, any][] = [];
  const u32 = (at: number) => p.mem().getUint32(at, true);
  const open = (label: string, name: string, oflags: number, rights: number, fdflags = 0) => {
    const errno = p.e.open(3, p.setPath(name), oflags, rights, fdflags);
    out.push([`open ${label}`, errno]);
    return errno === 0 ? u32(0) : -1;
  };
  out.push(['prestat 3', p.e.prestat(3), u32(8), u32(12)] as any);
  out.push(['prestat_name 3', p.e.prestat_name(3, 8), Buffer.from(new Uint8Array(p.e.memory.buffer, 3072, 8)).toString()] as any);
  out.push(['prestat 0 (stdin)', p.e.prestat(0)]);
  out.push(['prestat 9 (not open)', p.e.prestat(9)]);
  const r = open('read-only rights', 'input.txt', 0, READ);
  out.push(['tell without FD_TELL', p.e.tell(r)]);
  out.push(['filestat without FD_FILESTAT_GET', p.e.filestat(r)]);
  p.e.close(r);
  const f = open('existing file', 'input.txt', 0, READ | SEEK_TELL_STAT);
  out.push(['read it', p.e.read(f, 100), u32(4)] as any);
  out.push(['tell', p.e.tell(f), u32(8)] as any);
  out.push(['seek end', p.e.seek(f, -3, 2), u32(8)] as any);
  out.push(['seek before start', p.e.seek(f, -100, 1)]);
  out.push(['seek bad whence', p.e.seek(f, 0, 7)]);
  out.push(['write to a read-only fd', p.e.write(f, 1)]);
  out.push(['filestat size', p.e.filestat(f), p.mem().getUint8(4096 + 16), u32(4096 + 32)] as any);
  out.push(['close', p.e.close(f)]);
  out.push(['close again', p.e.close(f)]);
  open('missing file', 'nope.txt', 0, 2);
  open('missing directory', 'nodir/x.txt', 0, 2);
  open('escaping with ..', '../escape.txt', 1, 64);
  open('escaping deeper', 'sub/../../escape.txt', 1, 64);
  open('.. that stays inside', 'sub/../input.txt', 0, 2);
  open('file as directory', 'input.txt', 2, 2);
  open('file below a file', 'input.txt/x', 0, 2);
  open('create exclusive existing', 'input.txt', 1 | 4, 64);
  const g = open('create new', 'new.txt', 1 | 8, WRITE | READ | SEEK_TELL_STAT);
  p.setData('hello\n');
  out.push(['write new', p.e.write(g, 6), u32(4)] as any);
  out.push(['seek 0', p.e.seek(g, 0, 0)]);
  out.push(['read back', p.e.read(g, 100), u32(4), Buffer.from(new Uint8Array(p.e.memory.buffer, 2048, 6)).toString()] as any);
  p.e.close(g);
  const w = open('write-only', 'new.txt', 0, 64);
  out.push(['read a write-only fd', p.e.read(w, 10)]);
  p.e.close(w);
  const a = open('append', 'new.txt', 0, WRITE | SEEK_TELL_STAT, 1);
  p.setData('more\n');
  out.push(['append', p.e.write(a, 5), u32(4)] as any);
  out.push(['filestat after append', p.e.filestat(a), u32(4096 + 32)] as any);
  p.e.close(a);
  const d = open('directory', 'sub', 2, 0x4000 | SEEK_TELL_STAT);
  out.push(['read a directory', p.e.read(d, 10) !== 0]);
  out.push(['filestat of directory', p.e.filestat(d), p.mem().getUint8(4096 + 16)] as any);
  p.e.close(d);
  out.push(['open with stdout as the directory', p.e.open(1, p.setPath('x'), 0, 2, 0) !== 0]);
  out.push(['open with a bad directory fd', p.e.open(77, p.setPath('x'), 0, 2, 0)]);
  out.push(['write bad fd', p.e.write(77, 1)]);
  out.push(['read bad fd', p.e.read(77, 1)]);
  out.push(['close bad fd', p.e.close(77)]);
  out.push(['seek on stdout', p.e.seek(1, 0, 0) !== 0]);
  out.push(['filestat bad fd', p.e.filestat(77)]);
  out.push(['args sizes', p.e.args_sizes(), u32(8), u32(12)] as any);
  out.push(['environ sizes', p.e.environ_sizes(), u32(8), u32(12)] as any);
  out.push(['clock realtime', p.e.clock(0)]);
  out.push(['clock monotonic', p.e.clock(1)]);
  out.push(['clock bad id', p.e.clock(9)]);
  out.push(['random', p.e.random(5000, 64)]);
  return out;
}

const options = { args: ['probe', 'ä'], env: { A: '1', LONGER: 'value' } };
const files = { 'input.txt': 'abcdefghij' };

let bytes: Uint8Array;
let expected: [string, any][];

beforeAll(async () => {
  await loadWabt();
  bytes = wat(probeWat);
  const dir = makeSandbox(files);
  fs.mkdirSync(path.join(dir, 'sub'));
  try {
    const wasi = new NodeWASI({ version: 'preview1', ...options, preopens: { '/sandbox': dir } } as any);
    const instance = await native.instantiate(bytes, wasi.getImportObject());
    wasi.initialize(instance.instance);
    expected = script(probe(instance.instance));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

describe('WASI errnos equal node:wasi', () => {
  test('on disk (Node entry, NodeFS)', () => {
    const dir = makeSandbox(files);
    fs.mkdirSync(path.join(dir, 'sub'));
    try {
      const wasi = new NodeEntryWASI({ ...options, preopens: { '/sandbox': dir } });
      const instance = new W.Instance(new W.Module(bytes), wasi.getImportObject());
      wasi.initialize(instance);
      expect(script(probe(instance))).toEqual(expected);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('in memory (MemoryFS)', () => {
    const mem = new MemoryFS({ '/data/input.txt': files['input.txt'], '/data/sub/': '' });
    const wasi = new WASI({ ...options, fs: mem, preopens: { '/sandbox': '/data' } });
    const instance = new W.Instance(new W.Module(bytes), wasi.getImportObject());
    wasi.initialize(instance);
    expect(script(probe(instance))).toEqual(expected);
    expect(Buffer.from(mem.readFile('/data/new.txt') as Uint8Array).toString()).toBe('hello\nmore\n');
  });

  test('the oracle saw the error paths (not all successes)', () => {
    const errnos = new Map(expected.map(([k, v]) => [k, v]));
    expect(errnos.get('open missing file')).toBe(44);
    expect(errnos.get('open escaping with ..')).toBe(76);
    expect(errnos.get('write bad fd')).toBe(8);
  });
});

describe('WASI layer behaviour of its own', () => {
  function reactor(text: string, wasi: WASI): any {
    const instance = new W.Instance(new W.Module(wat(text)), wasi.getImportObject());
    wasi.initialize(instance);
    return instance.exports;
  }

  test('every other preview-1 function returns ENOSYS (52)', () => {
    const wasi = new WASI({});
    for (const name of ['poll_oneoff', 'path_unlink_file', 'sock_accept', 'fd_pread', 'proc_raise', 'path_rename']) {
      expect(wasi.wasiImport[name](0, 0, 0, 0)).toBe(52);
    }
    expect(Object.keys(wasi.wasiImport).length).toBe(46);
  });

  test('out-of-bounds pointers are EFAULT (21), not exceptions', () => {
    const wasi = new WASI({ args: ['x'] });
    const e = reactor(`(module (import "wasi_snapshot_preview1" "args_sizes_get" (func $f (param i32 i32) (result i32)))
      (import "wasi_snapshot_preview1" "random_get" (func $r (param i32 i32) (result i32)))
      (import "wasi_snapshot_preview1" "fd_write" (func $w (param i32 i32 i32 i32) (result i32)))
      (memory (export "memory") 1)
      (func (export "a") (result i32) (call $f (i32.const 65534) (i32.const 0)))
      (func (export "r") (result i32) (call $r (i32.const 65500) (i32.const 100)))
      (func (export "w") (result i32) (i32.store (i32.const 0) (i32.const 65530)) (i32.store (i32.const 4) (i32.const 10))
        (call $w (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8))))`, wasi);
    expect(e.a()).toBe(21);
    expect(e.r()).toBe(21);
    expect(e.w()).toBe(21);
  });

  test('proc_exit ends start() with its code; traps propagate as RuntimeError', () => {
    const exitWat = `(module (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
      (memory (export "memory") 1) (func (export "_start") (call $exit (i32.const 7)) unreachable))`;
    const wasi = new WASI({});
    expect(wasi.start(new W.Instance(new W.Module(wat(exitWat)), wasi.getImportObject()))).toBe(7);
    const trapWat = `(module (memory (export "memory") 1) (func (export "_start") unreachable))`;
    const wasi2 = new WASI({});
    const inst = new W.Instance(new W.Module(wat(trapWat)), wasi2.getImportObject());
    expect(() => wasi2.start(inst)).toThrow(/unreachable/);
    expect(() => wasi2.start(inst)).toThrow(/already started/);
  });

  test('start() checks its instance like node:wasi', () => {
    const noMemory = new W.Instance(new W.Module(wat('(module (func (export "_start")))')), {});
    expect(() => new WASI({}).start(noMemory)).toThrow(TypeError);
    const reactorOnly = new W.Instance(new W.Module(wat('(module (memory (export "memory") 1) (func (export "_initialize")))')), {});
    expect(() => new WASI({}).start(reactorOnly)).toThrow(TypeError);
    expect(() => new WASI({ preopens: { '/x': '/y' } })).toThrow(/file system/);
  });

  test('stdin from a string and from a function; default sink lines', () => {
    const readWat = `(module (import "wasi_snapshot_preview1" "fd_read" (func $r (param i32 i32 i32 i32) (result i32)))
      (memory (export "memory") 1)
      (func (export "read") (param $n i32) (result i32)
        (i32.store (i32.const 0) (i32.const 64)) (i32.store (i32.const 4) (local.get $n))
        (drop (call $r (i32.const 0) (i32.const 0) (i32.const 1) (i32.const 8))) (i32.load (i32.const 8))))`;
    const e = reactor(readWat, new WASI({ stdin: 'héllo' }));
    expect([e.read(3), e.read(10), e.read(10)]).toEqual([3, 3, 0]);
    let asked = 0;
    const e2 = reactor(readWat, new WASI({ stdin: (max: number) => (asked++ === 0 ? new Uint8Array(max).fill(65) : null) }));
    expect([e2.read(4), e2.read(4)]).toEqual([4, 0]);
  });

  test('resolvePath keeps paths inside the preopen', () => {
    expect(resolvePath('', 'a/./b//c')).toBe('a/b/c');
    expect(resolvePath('a', '../b')).toBe('b');
    expect(resolvePath('a', '../../b')).toBe(null);
    expect(resolvePath('', '/etc/passwd')).toBe(null);
    expect(resolvePath('', '.')).toBe('');
  });
});
