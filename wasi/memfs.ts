// MemoryFS: a file system held in JS objects, for every engine (and for tests): directories and
// regular files, created from an initial map of paths to contents and readable back afterwards.
// Paths are '/'-separated; relative paths are taken from the root. No links, permissions or
// size limits. What it leaves to others: the WASI rules (wasi.ts), real disks (node-fs.ts).
import { Errno, FileType } from './constants';
import { DirEntry, FileHandle, FileStat, FileSystem, OpenOptions } from './fs';
import { utf8Encode } from './text';

interface Node {
  dir: boolean;
  /** Directory: children by name, in a prototype-less object. */
  children: any;
  /** File: the bytes in data[0, size). */
  data: Uint8Array;
  size: number;
  ino: number;
  mtimeMs: number;
}

export class MemoryFS implements FileSystem {
  private root: Node;
  private nextIno: number;

  /** `files`: path → contents (a string, written as UTF-8, or bytes); a path ending in '/' makes a directory. */
  constructor(files?: { [path: string]: string | Uint8Array }) {
    this.nextIno = 1;
    this.root = this.makeNode(true);
    if (files) {
      for (const p in files) {
        if (!Object.prototype.hasOwnProperty.call(files, p)) continue;
        if (p.charAt(p.length - 1) === '/') this.mkdir(p);
        else this.writeFile(p, files[p]);
      }
    }
  }

  /** Creates directory `path` and its parents (no error when it exists). */
  mkdir(path: string): void {
    const parts = split(path);
    let node = this.root;
    for (let i = 0; i < parts.length; i++) {
      let next: Node | undefined = node.children[parts[i]];
      if (next === undefined) {
        next = this.makeNode(true);
        node.children[parts[i]] = next;
      }
      if (!next.dir) throw new Error('MemoryFS.mkdir: not a directory: ' + path);
      node = next;
    }
  }

  /** Creates or replaces file `path` (making its parent directories). */
  writeFile(path: string, contents: string | Uint8Array): void {
    const parts = split(path);
    if (parts.length === 0) throw new Error('MemoryFS.writeFile: no file name');
    const name = parts.pop() as string;
    this.mkdir(parts.join('/'));
    const parent = this.lookup(parts.join('/')) as Node;
    const bytes = typeof contents === 'string' ? utf8Encode(contents) : new Uint8Array(contents);
    const node = this.makeNode(false);
    node.data = bytes;
    node.size = bytes.length;
    parent.children[name] = node;
  }

  /** The bytes of file `path`, or null when it is missing or a directory. */
  readFile(path: string): Uint8Array | null {
    const node = this.lookup(path);
    if (node === null || typeof node === 'number' || node.dir) return null;
    return node.data.subarray(0, node.size);
  }

  stat(path: string): FileStat | number {
    const node = this.lookup(path);
    if (typeof node === 'number') return node;
    return statOf(node);
  }

  open(path: string, options: OpenOptions): FileHandle | number {
    let node = this.lookup(path);
    if (node === Errno.NOENT && options.create) {
      const parts = split(path);
      const name = parts.pop() as string;
      const parent = this.lookup(parts.join('/'));
      if (typeof parent === 'number') return parent;
      if (!parent.dir) return Errno.NOTDIR;
      node = this.makeNode(false);
      parent.children[name] = node;
    } else if (typeof node === 'number') {
      return node;
    } else if (options.create && options.exclusive) {
      return Errno.EXIST;
    }
    if (node.dir) return Errno.ISDIR;
    if (options.truncate) node.size = 0;
    return new MemoryFile(node);
  }

  readdir(path: string): DirEntry[] | number {
    const node = this.lookup(path);
    if (typeof node === 'number') return node;
    if (!node.dir) return Errno.NOTDIR;
    const out: DirEntry[] = [];
    for (const name in node.children) {
      const child: Node = node.children[name];
      out.push({ name: name, filetype: child.dir ? FileType.DIRECTORY : FileType.REGULAR_FILE, ino: child.ino });
    }
    out.sort(function (a, b) { return a.name < b.name ? -1 : a.name > b.name ? 1 : 0; });
    return out;
  }

  private makeNode(dir: boolean): Node {
    return { dir: dir, children: dir ? Object.create(null) : null, data: new Uint8Array(0), size: 0, ino: this.nextIno++, mtimeMs: Date.now() };
  }

  /** The node at `path`, or NOENT / NOTDIR. */
  private lookup(path: string): Node | number {
    const parts = split(path);
    let node = this.root;
    for (let i = 0; i < parts.length; i++) {
      if (!node.dir) return Errno.NOTDIR;
      const next: Node | undefined = node.children[parts[i]];
      if (next === undefined) return Errno.NOENT;
      node = next;
    }
    return node;
  }
}

class MemoryFile implements FileHandle {
  private node: Node;

  constructor(node: Node) {
    this.node = node;
  }

  read(buffer: Uint8Array, position: number): number {
    const node = this.node;
    if (position >= node.size) return 0;
    const n = Math.min(buffer.length, node.size - position);
    buffer.set(node.data.subarray(position, position + n));
    return n;
  }

  write(buffer: Uint8Array, position: number): number {
    const node = this.node;
    const end = position + buffer.length;
    if (end > node.data.length) {
      let cap = node.data.length * 2;
      if (cap < end) cap = end;
      const grown = new Uint8Array(cap);
      grown.set(node.data.subarray(0, node.size));
      node.data = grown;
    }
    for (let i = node.size; i < position; i++) node.data[i] = 0; // a hole reads as zeros
    node.data.set(buffer, position);
    if (end > node.size) node.size = end;
    node.mtimeMs = Date.now();
    return buffer.length;
  }

  stat(): FileStat | number {
    return statOf(this.node);
  }

  close(): void {
    // nothing to release
  }
}

function statOf(node: Node): FileStat {
  return {
    filetype: node.dir ? FileType.DIRECTORY : FileType.REGULAR_FILE,
    size: node.dir ? 0 : node.size,
    atimeMs: node.mtimeMs,
    mtimeMs: node.mtimeMs,
    ctimeMs: node.mtimeMs,
    dev: 0,
    ino: node.ino,
    nlink: 1,
  };
}

/** The non-empty, non-'.' components of a '/'-separated path. */
function split(path: string): string[] {
  const raw = path.split('/');
  const out: string[] = [];
  for (let i = 0; i < raw.length; i++) if (raw[i] !== '' && raw[i] !== '.') out.push(raw[i]);
  return out;
}
