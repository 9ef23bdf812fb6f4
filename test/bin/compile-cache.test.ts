// bin/compile-cache.js: the V8 code cache of the published package's CommonJS bundle. Each case
// runs in a child process, since the cache replaces Module.prototype._compile for the process.
import assert from 'node:assert/strict'
import {execFileSync, spawnSync} from 'node:child_process'
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  renameSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs'
import {tmpdir} from 'node:os'
import {dirname, join} from 'node:path'
import {fileURLToPath, pathToFileURL} from 'node:url'

// @ts-expect-error: plain JavaScript in bin/ (it runs before any build), no type declarations
import {oclifCacheDir} from '../../bin/compile-cache.js'

const compileCache = pathToFileURL(
  join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'bin', 'compile-cache.js'),
).href
const cacheDirOf = oclifCacheDir as (bin: string, env: NodeJS.ProcessEnv, platform?: string) => string

interface Outcome {
  hits: number
  misses: number
  stderr: string
  value: unknown
  written: number
}

describe('bin/compile-cache.js: the code cache of the bundle', () => {
  let dir: string
  let cacheRoot: string
  let dist: string
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'sni-compile-cache-'))
    cacheRoot = join(dir, 'cache', 'compile-cache')
    dist = join(dir, 'pkg', 'dist')
    mkdirSync(dist, {recursive: true})
    writeFileSync(join(dist, 'package.json'), '{"type": "commonjs"}\n')
    writeFileSync(join(dir, 'pkg', 'package.json'), '{"name": "fixture", "version": "1.2.3"}\n')
  })
  afterEach(() => rmSync(dir, {force: true, recursive: true}))

  /** A bundle file whose exports say which value it computed (two functions, so some are compiled lazily). */
  function writeModule(value: string): void {
    writeFileSync(
      join(dist, 'cli.js'),
      `function make(v) { return {value: v, dirname: __dirname, resolved: require.resolve('./package.json')} }\nmodule.exports = make(${JSON.stringify(value)})\n`,
    )
  }

  /** Requires dist/cli.js with the cache in a fresh process; what it loaded, and what the cache did. */
  function run(name = 'v1'): Outcome {
    const script = `
      import {createRequire} from 'node:module'
      import {enableCompileCache} from ${JSON.stringify(compileCache)}
      const stats = enableCompileCache({cacheRoot: ${JSON.stringify(cacheRoot)}, distDir: ${JSON.stringify(dist)}, name: ${JSON.stringify(name)}})
      const cli = createRequire(${JSON.stringify(join(dist, 'cli.js'))})('./cli.js')
      if ('dirname' in cli && (cli.dirname !== ${JSON.stringify(dist)} || cli.resolved !== ${JSON.stringify(join(dist, 'package.json'))})) throw new Error('wrong module scope')
      process.on('exit', () => console.log(JSON.stringify({value: cli.value, hits: stats.hits.length, misses: stats.misses.length, written: stats.written.length})))
    `
    const child = spawnSync(process.execPath, ['--input-type=module', '-e', script], {encoding: 'utf8'})
    assert.equal(child.status, 0, child.stderr)
    const {stderr, stdout} = child
    return {...(JSON.parse(stdout) as Omit<Outcome, 'stderr'>), stderr}
  }

  const cacheFiles = (name = 'v1') => readdirSync(join(cacheRoot, name))

  it('compiles a file without cached data once, writes it at exit, and uses it on the next run', () => {
    writeModule('first')
    assert.deepEqual(run(), {hits: 0, misses: 1, stderr: '', value: 'first', written: 1})
    assert.equal(cacheFiles().length, 1)
    assert.deepEqual(run(), {hits: 1, misses: 0, stderr: '', value: 'first', written: 0})
  })

  it('keys by content, not length: a same-length change is compiled afresh and runs the new code', () => {
    writeModule('aaaaa')
    run()
    writeModule('bbbbb')
    const changed = run()
    assert.equal(changed.value, 'bbbbb')
    assert.equal(changed.misses, 1)
    assert.equal(cacheFiles().length, 2)
  })

  it('runs a file whose cached data is damaged, and rewrites it', () => {
    writeModule('first')
    run()
    const [file] = cacheFiles()
    assert.ok(file)
    writeFileSync(join(cacheRoot, 'v1', file), Buffer.alloc(4096, 0x5a))
    assert.deepEqual(run(), {hits: 0, misses: 1, stderr: '', value: 'first', written: 1})
    assert.equal(run().hits, 1)
  })

  it('runs normally, silently, when the cache cannot be written', () => {
    writeModule('first')
    mkdirSync(dirname(cacheRoot), {recursive: true})
    writeFileSync(cacheRoot, 'a file where the cache directory should be')
    assert.deepEqual(run(), {hits: 0, misses: 1, stderr: '', value: 'first', written: 0})
  })

  it('neither reads nor writes a cache that others could write to, or one reached through a symlink', () => {
    writeModule('first')
    run()
    assert.equal(run().hits, 1)
    chmodSync(cacheRoot, 0o777)
    assert.deepEqual(run(), {hits: 0, misses: 1, stderr: '', value: 'first', written: 0})
    chmodSync(cacheRoot, 0o700)
    const elsewhere = join(dir, 'elsewhere')
    renameSync(join(cacheRoot, 'v1'), elsewhere)
    symlinkSync(elsewhere, join(cacheRoot, 'v1'))
    assert.deepEqual(run(), {hits: 0, misses: 1, stderr: '', value: 'first', written: 0})
  })

  it("removes other versions' caches when it writes its own", () => {
    writeModule('first')
    run('v1')
    run('v2')
    assert.deepEqual(readdirSync(cacheRoot), ['v2'])
  })

  it('leaves files outside dist/ to Node', () => {
    writeFileSync(join(dir, 'pkg', 'other.js'), 'module.exports = {value: "outside"}\n')
    writeFileSync(join(dist, 'cli.js'), "module.exports = require('../other.js')\n")
    const outcome = run()
    assert.equal(outcome.value, 'outside')
    assert.equal(outcome.misses, 1) // dist/cli.js only
  })

  it('requireBundle: only for a CommonJS dist/, and not at all with SNI_COMPILE_CACHE=0', () => {
    writeModule('bundled')
    const requireBundle = (env: Record<string, string>) =>
      execFileSync(
        process.execPath,
        [
          '--input-type=module',
          '-e',
          `import {requireBundle} from ${JSON.stringify(compileCache)}; console.log(JSON.stringify(requireBundle(${JSON.stringify(join(dir, 'pkg'))}, ${JSON.stringify(env)})?.value ?? null))`,
        ],
        {encoding: 'utf8'},
      ).trim()
    const cache = join(dir, 'user-cache')
    assert.equal(requireBundle({SNI_CACHE_DIR: cache, SNI_COMPILE_CACHE: '0'}), '"bundled"')
    assert.ok(!existsSync(cache), 'SNI_COMPILE_CACHE=0 wrote a cache')
    assert.equal(requireBundle({SNI_CACHE_DIR: cache}), '"bundled"')
    assert.deepEqual(readdirSync(join(cache, 'compile-cache')), [`1.2.3-${process.version}-${process.arch}`])
    rmSync(join(dist, 'package.json'))
    assert.equal(requireBundle({SNI_CACHE_DIR: cache}), 'null')
  })

  it("finds oclif's cache directory for sni", () => {
    assert.equal(cacheDirOf('sni', {SNI_CACHE_DIR: '/x/sni'}), '/x/sni')
    assert.equal(cacheDirOf('sni', {XDG_CACHE_HOME: '/x'}, 'linux'), join('/x', 'sni'))
    assert.match(cacheDirOf('sni', {}, 'linux'), /[/\\]\.cache[/\\]sni$/)
    assert.match(cacheDirOf('sni', {}, 'darwin'), /[/\\]Library[/\\]Caches[/\\]sni$/)
    assert.equal(
      cacheDirOf('sni', {LOCALAPPDATA: 'C:\\Users\\a\\AppData\\Local'}, 'win32'),
      join('C:\\Users\\a\\AppData\\Local', 'sni'),
    )
  })
})
