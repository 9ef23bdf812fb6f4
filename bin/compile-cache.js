// A V8 code cache for the published package's bundle, so that a run does not parse and compile the
// same ~600 kB of JavaScript (bundled @oclif/core and the command registry) that the previous run
// did. Node 22 has this built in (module.enableCompileCache); Node 20, which we support, does not,
// so this does what the v8-compile-cache package does, for our own files only: CommonJS files under
// the package's dist/ (the bundle is CommonJS for this reason: Node 20 has no code cache for ES
// modules) are compiled with vm.Script and V8's cached data, and a file compiled without usable
// cached data gets it written at exit, after the run compiled the functions it used.
//
// - Where: oclif's cache directory for sni (SNI_CACHE_DIR, else XDG_CACHE_HOME or ~/.cache on Linux,
//   ~/Library/Caches on macOS, %LOCALAPPDATA% on Windows), under compile-cache/<sni version>-<node
//   version>-<arch>/. Writing a new one removes the others there, so upgrades do not pile up.
// - Keyed by the file's path and its whole content (sha1), because V8 checks only the source's
//   length before using cached data. V8 rejects data from another V8 version or with other flags,
//   or a damaged file (checksum); the file is then compiled normally and its cache rewritten.
// - Best effort: a cache that cannot be read or written (read-only home, full disk) only costs
//   the time it would have saved; nothing is printed. SNI_COMPILE_CACHE=0 turns it off.
// - The cache holds compiled code of our published JavaScript only: no input, key or token. Compiled
//   code runs as the user, so the cache is used only in a directory the user owns that nobody else
//   can write to (checked with lstat, so not through a symlink); anywhere else it is neither read nor
//   written, as if it were off (a shared SNI_CACHE_DIR=/tmp/x, say).
import {createHash} from 'node:crypto'
import {lstatSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync} from 'node:fs'
import Module from 'node:module'
import {homedir} from 'node:os'
import {dirname, join, sep} from 'node:path'
import vm from 'node:vm'

/** oclif's cache directory for a CLI named `bin` (Config#dir('cache')). */
export function oclifCacheDir(bin, env = process.env, platform = process.platform) {
  const override = env[`${bin.toUpperCase()}_CACHE_DIR`]
  if (override) return override
  if (platform === 'darwin') return join(homedir(), 'Library', 'Caches', bin)
  if (platform === 'win32' && env.LOCALAPPDATA) return join(env.LOCALAPPDATA, bin)
  return join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), bin)
}

/** A directory of this user's that no one else can write to (not a symlink); false if missing. */
export function isPrivateDirectory(path) {
  try {
    const stats = lstatSync(path)
    if (!stats.isDirectory()) return false
    if (typeof process.getuid !== 'function') return true // Windows: ACLs, not modes
    return stats.uid === process.getuid() && (stats.mode & 0o022) === 0
  } catch {
    return false
  }
}

/**
 * Compiles CommonJS files under `distDir` with a code cache kept in `cacheRoot`/`name`. Returns
 * what it did, for tests: `hits` and `misses` (file paths), `written` (cache files written at exit).
 */
export function enableCompileCache({cacheRoot, distDir, name}) {
  const cacheDir = join(cacheRoot, name)
  const prefix = distDir.endsWith(sep) ? distDir : distDir + sep
  const stats = {hits: [], misses: [], written: []}
  const pending = []
  const compile = Module.prototype._compile
  let readable
  Module.prototype._compile = function (content, filename) {
    if (!filename.startsWith(prefix)) return compile.call(this, content, filename)
    const file = join(cacheDir, createHash('sha1').update(filename).update('\0').update(content).digest('hex'))
    readable ??= isPrivateDirectory(cacheRoot) && isPrivateDirectory(cacheDir)
    let cachedData
    try {
      if (readable) cachedData = readFileSync(file)
    } catch {
      // not cached yet
    }

    // No import() in these files: Node 20 runs it in vm.Script code only with a flag, so
    // scripts/bundle.js sends every import() through bin/dynamic-import.cjs.
    const script = new vm.Script(Module.wrap(content), {cachedData, filename})
    if (cachedData === undefined || script.cachedDataRejected) {
      stats.misses.push(filename)
      pending.push({file, script})
    } else stats.hits.push(filename)
    const require = (id) => this.require(id)
    require.resolve = (request, options) => Module._resolveFilename(request, this, false, options)
    require.resolve.paths = (request) => Module._resolveLookupPaths(request, this)
    require.main = process.mainModule
    require.extensions = Module._extensions
    require.cache = Module._cache
    const wrapper = script.runInThisContext({displayErrors: true})
    return wrapper.call(this.exports, this.exports, require, this, filename, dirname(filename))
  }

  process.once('exit', () => {
    if (pending.length === 0) return
    try {
      mkdirSync(cacheDir, {mode: 0o700, recursive: true})
      if (!isPrivateDirectory(cacheRoot) || !isPrivateDirectory(cacheDir)) return
      for (const other of readdirSync(cacheRoot))
        if (other !== name) rmSync(join(cacheRoot, other), {force: true, recursive: true})
      for (const {file, script} of pending) {
        const partial = `${file}.${process.pid}.partial`
        writeFileSync(partial, script.createCachedData(), {mode: 0o600})
        renameSync(partial, file) // atomic: a concurrent run reads the old file or the new one
        stats.written.push(file)
      }
    } catch {
      // best effort (see above)
    }
  })
  return stats
}

/**
 * bin/run.js: the published package's bundle (dist/package.json says commonjs; tsc's ES module build
 * in a checkout has none), required with the code cache on unless SNI_COMPILE_CACHE=0. Returns its
 * dist/cli.js exports, or undefined when dist/ is not that bundle.
 */
export function requireBundle(root, env = process.env) {
  let version
  try {
    if (JSON.parse(readFileSync(join(root, 'dist', 'package.json'), 'utf8')).type !== 'commonjs') return undefined
    version = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version
  } catch {
    return undefined
  }

  if (env.SNI_COMPILE_CACHE !== '0')
    enableCompileCache({
      cacheRoot: join(oclifCacheDir('sni', env), 'compile-cache'),
      distDir: join(root, 'dist'),
      name: `${version}-${process.version}-${process.arch}`,
    })
  // require(), not import(): an ES module importing CommonJS costs a lexer pass over its source.
  const cli = join(root, 'dist', 'cli.js')
  return Module.createRequire(cli)(cli)
}
