'use strict';
/**
 * Keeps dist/ (the compiled JavaScript every entry point runs) built from the current sources.
 *
 * `ensureFreshBuild(root)` fingerprints the sources — the SHA-256 of every file under the
 * folders that tsconfig.build.json includes, plus the compiler settings and the lock file — and
 * compares that with the fingerprint dist/ was last built from (dist/.source-fingerprint.json).
 * Only when they differ does it run tsc (incremental; dist/.tsbuildinfo). If a source file was
 * deleted since, dist/ is removed first, so no compiled file without a source is left to load.
 * A build with errors prints tsc's messages and throws BuildError: nothing runs stale or
 * half-built code. Concurrent callers (parallel test workers, two terminals) build once, under a
 * lock directory.
 *
 * Run directly (`node bin/fresh-build.js`, which `npm run build` and `prepare` do) it does the
 * same and exits 1 on a failed build. Plain JavaScript, because it runs before anything is compiled.
 */
const { spawnSync } = require('node:child_process');
const { createHash } = require('node:crypto');
const { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync, renameSync } = require('node:fs');
const { join, relative, sep } = require('node:path');

const BUILD_CONFIG = 'tsconfig.build.json';
const OUT_DIR = 'dist';
const FINGERPRINT_FILE = '.source-fingerprint.json';
const LOCK_DIR = '.build.lock';
/** Files besides the sources that change what tsc emits or whether it accepts the sources. */
const SETTINGS_FILES = ['tsconfig.json', BUILD_CONFIG, 'package-lock.json'];
/** A lock older than this is abandoned, whoever holds it (no build takes that long). */
const STALE_LOCK_MS = 10 * 60 * 1000;

class BuildError extends Error {
  constructor(message) {
    super(message);
    this.name = 'BuildError';
  }
}

/**
 * Builds dist/ under `root` if its sources changed since the last build.
 * @returns true when it built, false when dist/ was already up to date (or there is nothing to build)
 * @throws BuildError when tsc reports errors (its messages are on stderr)
 */
function ensureFreshBuild(root, { write = (text) => process.stderr.write(text) } = {}) {
  // An installed package ships dist/ without sources or build settings: nothing to check.
  if (!existsSync(join(root, BUILD_CONFIG))) return false;
  const outDir = join(root, OUT_DIR);
  let current = fingerprint(root);
  if (isBuiltFrom(outDir, current)) return false;
  return withLock(outDir, () => {
    // Another process may have built while this one waited for the lock.
    current = fingerprint(root);
    const previous = readBuilt(outDir);
    if (previous && previous.hash === current.hash) return false;
    const removed = previous ? previous.files.filter((file) => !current.files.includes(file)) : [];
    if (removed.length > 0) cleanOutDir(outDir);
    write(`itsm-scale: compiling TypeScript to ${OUT_DIR}/ (sources changed)\n`);
    const tsc = require.resolve('typescript/bin/tsc', { paths: [root, __dirname] });
    const result = spawnSync(process.execPath, [tsc, '-p', join(root, BUILD_CONFIG)], { cwd: root, encoding: 'utf8' });
    if (result.status !== 0) {
      write(result.stdout + result.stderr);
      throw new BuildError(`the TypeScript build failed (tsc exit ${result.status ?? result.signal}): fix the errors above, then run again`);
    }
    writeAtomically(join(outDir, FINGERPRINT_FILE), JSON.stringify(current));
    return true;
  });
}

/** SHA-256 over the build settings and every source file (path and content), with the sorted file list. */
function fingerprint(root) {
  const files = sourceFiles(root);
  const hash = createHash('sha256');
  for (const file of [...SETTINGS_FILES.filter((f) => existsSync(join(root, f))), ...files]) {
    hash.update(`${file}\0`);
    hash.update(readFileSync(join(root, file)));
    hash.update('\0');
  }
  return { hash: hash.digest('hex'), files };
}

/**
 * The files tsconfig.build.json compiles: every .ts/.json file under the folders (and every
 * top-level file) its `include` patterns name, except what it excludes by folder name.
 */
function sourceFiles(root) {
  const config = JSON.parse(readFileSync(join(root, BUILD_CONFIG), 'utf8'));
  const excluded = new Set((config.exclude ?? []).map((pattern) => pattern.split('/')[0]));
  const files = new Set();
  for (const pattern of config.include ?? []) {
    const top = pattern.split('/')[0];
    if (top.includes('*') || excluded.has(top)) continue;
    const path = join(root, top);
    if (!existsSync(path)) continue;
    if (statSync(path).isDirectory()) walk(path, root, files);
    else files.add(top);
  }
  return [...files].sort();
}

function walk(dir, root, files) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'node_modules' && !entry.name.startsWith('.')) walk(path, root, files);
    } else if (/\.(ts|json)$/.test(entry.name)) {
      files.add(relative(root, path).split(sep).join('/'));
    }
  }
}

function readBuilt(outDir) {
  try {
    const built = JSON.parse(readFileSync(join(outDir, FINGERPRINT_FILE), 'utf8'));
    return typeof built.hash === 'string' && Array.isArray(built.files) ? built : undefined;
  } catch {
    return undefined;
  }
}

function isBuiltFrom(outDir, current) {
  const built = readBuilt(outDir);
  return built !== undefined && built.hash === current.hash;
}

/** Empties dist/ except the lock this process holds. */
function cleanOutDir(outDir) {
  for (const entry of readdirSync(outDir)) if (entry !== LOCK_DIR) rmSync(join(outDir, entry), { recursive: true, force: true });
}

function writeAtomically(file, text) {
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, text);
  renameSync(temporary, file);
}

/**
 * Runs `action` holding dist/.build.lock (which records the holder's pid); waits for a live
 * holder, takes over from a dead one (a build that was killed) or from one older than STALE_LOCK_MS.
 */
function withLock(outDir, action) {
  mkdirSync(outDir, { recursive: true });
  const lock = join(outDir, LOCK_DIR);
  for (;;) {
    try {
      mkdirSync(lock);
      writeFileSync(join(lock, 'pid'), String(process.pid));
      break;
    } catch (error) {
      if (error.code !== 'EEXIST') throw error;
      if (isAbandoned(lock)) rmSync(lock, { recursive: true, force: true });
      else Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 200);
    }
  }
  try {
    return action();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

/** Whether the lock's holder is gone (its pid no longer runs) or the lock is older than STALE_LOCK_MS. */
function isAbandoned(lock) {
  try {
    if (Date.now() - statSync(lock).mtimeMs > STALE_LOCK_MS) return true;
    const pid = Number(readFileSync(join(lock, 'pid'), 'utf8'));
    if (!Number.isInteger(pid) || pid <= 0) return false;
    process.kill(pid, 0);
    return false;
  } catch (error) {
    // ESRCH: no such process. A lock without its pid file yet is being taken right now: not abandoned.
    return error.code === 'ESRCH';
  }
}

/**
 * What the launchers (itsm-scale.js, cdktf-app.js) do before loading dist/: build it if stale, and on a
 * failed build print tsc's verdict and exit 1 instead of running stale or half-built code.
 */
function ensureFreshBuildOrExit(root) {
  try {
    ensureFreshBuild(root);
  } catch (error) {
    if (!(error instanceof BuildError)) throw error;
    process.stderr.write(`itsm-scale: ${error.message}\n`);
    process.exit(1);
  }
}

module.exports = { ensureFreshBuild, ensureFreshBuildOrExit, BuildError, sourceFiles };

if (require.main === module) {
  try {
    ensureFreshBuild(join(__dirname, '..'));
  } catch (error) {
    process.stderr.write(`${error instanceof BuildError ? error.message : error.stack}\n`);
    process.exitCode = 1;
  }
}
