// picowasm bundles to measure: the working tree's dist/node/picowasm.mjs, or the bundle of any
// git ref, built into bench/.previous/<sha>/ from `git archive <ref>` (read-only git use: no
// checkout, no worktree state) with this checkout's node_modules linked in and `npx rollup -c`.
// Builds are cached by commit sha.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, symlinkSync, rmSync, renameSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const previousDir = join(root, 'bench', '.previous');

export function git(args) {
  return execFileSync('git', args, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
}

/** Full sha of a ref. */
export function resolveRef(ref) {
  return git(['rev-parse', '--verify', ref + '^{commit}']);
}

/** True when the working tree has uncommitted changes under core/ or targets/. */
export function coreDirty() {
  return git(['status', '--porcelain', '--', 'core', 'targets']).length > 0;
}

/**
 * The default `--previous`: the newest commit touching core/ that is older than the code being
 * measured. Measuring the working tree with uncommitted core/ changes, that is the last commit
 * touching core/; otherwise (the tree equals HEAD's core/) it is the one before it. Measuring a
 * ref, it is the last commit touching core/ before that ref's own last core/ commit.
 */
export function defaultPrevious(currentRef) {
  const list = git(['log', '--format=%H', currentRef || 'HEAD', '--', 'core']).split('\n').filter(Boolean);
  if (!currentRef && coreDirty()) return list[0] || null;
  return list[1] || null;
}

/**
 * Builds (or reuses) the bundle of `ref`; returns { sha, bundle, dir } (dir: the ref's build
 * directory, whose dist/ the engine hosts read, lib/hosts.mjs) or throws with the build log.
 */
export function buildRef(ref, log) {
  const sha = resolveRef(ref);
  const dir = join(previousDir, sha);
  const bundle = join(dir, 'dist', 'node', 'picowasm.mjs');
  if (existsSync(bundle)) return { sha, bundle, dir };
  if (log) log('building ' + ref + ' (' + sha.slice(0, 8) + ') into ' + dir);
  // built in a temporary directory, renamed when complete (an interrupted build leaves no cache)
  const tmp = dir + '.tmp-' + process.pid;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  execFileSync('sh', ['-c', 'git archive ' + sha + ' | tar -x -C "' + tmp + '"'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  symlinkSync(join(root, 'node_modules'), join(tmp, 'node_modules'));
  let failure = null;
  try {
    execFileSync('npx', ['rollup', '-c'], { cwd: tmp, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });
  } catch (e) {
    // rollup's first error line; the node bundle (the first output) may still have been written
    const text = String(e.stderr || '') + String(e.stdout || '');
    failure = (text.split('\n').find((l) => /Error/.test(l)) || e.message).replace(/\x1b\[[0-9;]*m/g, '').trim();
  }
  if (!existsSync(join(tmp, 'dist', 'node', 'picowasm.mjs'))) {
    rmSync(tmp, { recursive: true, force: true });
    throw new Error('build of ' + ref + ' failed: ' + (failure || 'no dist/node/picowasm.mjs'));
  }
  if (failure && log) log('build of ' + ref + ': ' + failure + ' (the Node bundle was built; using it)');
  rmSync(dir, { recursive: true, force: true });
  renameSync(tmp, dir);
  return { sha, bundle, dir };
}

/** Runs `npx rollup -c` in the working tree (for `--build`). */
export function buildWorkingTree() {
  execFileSync('npx', ['rollup', '-c'], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
}
