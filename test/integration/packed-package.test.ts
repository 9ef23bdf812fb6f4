// The published package end to end: `npm pack` (prepack bundles dist/ with esbuild and writes the
// oclif manifest), the tarball installed into a folder of its own (scripts/packed-package.js), then
// `sni` run from there as a user runs it: no NODE_ENV, no tsx, cwd outside the checkout. Every other
// test runs the sources; this one proves that what ships works: the bundle's command registry and
// lazy chunks, better-sqlite3 from the package's dependencies, the PKCS#12 worker beside its chunk,
// @oclif/plugin-help and the command_not_found hook.
import assert from 'node:assert/strict'
import {execFile} from 'node:child_process'
import {existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {parse} from 'acorn'

import {fixture, fixturePassphrase, writePkcs12} from '../helpers/fixtures.js'

// @ts-expect-error: plain JavaScript shared with bench/run.js, no type declarations
import {installPackage, packPackage} from '../../scripts/packed-package.js'

interface Run {
  code: number
  stdout: string
  stderr: string
}

describe('the packed package (npm pack, installed)', function () {
  this.timeout(300_000)
  let work: string
  let sni: string
  let home: string

  function run(args: string[], env: Record<string, string> = {}): Promise<Run> {
    const childEnv: NodeJS.ProcessEnv = {
      ...process.env,
      COLUMNS: '120',
      NO_COLOR: '1',
      SNI_CACHE_DIR: join(work, 'cache'), // the bundle's code cache (bin/compile-cache.js), not ~/.cache
      SNI_HOME: home,
      SNI_PLATFORM: 'local',
      ...env,
    }
    for (const name of ['NODE_ENV', 'NODE_OPTIONS', 'HEROKU_APP', 'HEROKU_API_KEY']) delete childEnv[name]
    return new Promise((resolve) => {
      execFile(sni, args, {cwd: work, env: childEnv, timeout: 60_000}, (error, stdout, stderr) => {
        resolve({code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stderr, stdout})
      })
    })
  }

  before(() => {
    work = mkdtempSync(join(tmpdir(), 'sni-packed-'))
    home = join(work, 'home')
    mkdirSync(home, {mode: 0o700})
    sni = (installPackage as (tarball: string, prefix: string) => string)(
      (packPackage as (work: string) => string)(join(work, 'pack')),
      join(work, 'prefix'),
    )
  })

  after(() => {
    if (work) rmSync(work, {force: true, recursive: true})
  })

  it('ships the bundle and the manifest, not the compiled tree or the sources', () => {
    const pkg = join(work, 'prefix', 'node_modules', 'sni-certs')
    for (const file of [
      'oclif.manifest.json',
      'dist/cli.js',
      'dist/commands.js',
      'dist/hooks/command-not-found.js',
      'dist/chunks/pkcs12-worker.js',
    ]) {
      assert.ok(existsSync(join(pkg, file)), `${file} is missing from the package`)
    }

    for (const file of ['dist/commands', 'dist/lib', 'src', 'test'])
      assert.ok(!existsSync(join(pkg, file)), `${file} should not be in the package`)
  })

  it('ships its bundle as CommonJS, with no import() or import.meta left that a code-cached file could not run', () => {
    const dist = join(work, 'prefix', 'node_modules', 'sni-certs', 'dist')
    assert.deepEqual(JSON.parse(readFileSync(join(dist, 'package.json'), 'utf8')), {type: 'commonjs'})
    const files = ['cli.js', 'commands.js', ...readdirSync(join(dist, 'chunks')).map((f) => join('chunks', f))]
    for (const file of files) {
      // As a script: an import or export statement would be a syntax error here.
      const found: string[] = []
      const walk = (node: unknown): void => {
        if (!node || typeof node !== 'object') return
        const {meta, type} = node as {meta?: {name: string}; type?: string}
        if (type === 'ImportExpression' || meta?.name === 'import') found.push(String(type))
        for (const value of Object.values(node)) {
          if (Array.isArray(value)) for (const child of value) walk(child)
          else if (value && typeof value === 'object' && 'type' in value) walk(value)
        }
      }

      walk(parse(readFileSync(join(dist, file), 'utf8'), {ecmaVersion: 'latest', sourceType: 'script'}))
      assert.deepEqual(found, [], `${file} is not plain CommonJS`)
    }
  })

  it('keeps a code cache of its bundle: written by the first run, used by the next, off with SNI_COMPILE_CACHE=0', async () => {
    const cache = join(work, 'code-cache-test')
    const inspect = ['certs:inspect', fixture('chain-ecdsa-p256.pem'), '--ca', fixture('root-ca.crt')]
    const first = await run(inspect, {SNI_CACHE_DIR: cache})
    assert.equal(first.code, 0, first.stderr)
    const [name = ''] = readdirSync(join(cache, 'compile-cache'))
    assert.match(name, new RegExp(`^\\d+\\.\\d+\\.\\d+-${process.version.replaceAll('.', '\\.')}-${process.arch}$`))
    const written = readdirSync(join(cache, 'compile-cache', name)).length
    assert.ok(written >= 3, `only ${written} files cached`)
    const second = await run(inspect, {SNI_CACHE_DIR: cache})
    assert.deepEqual(second, first)
    assert.equal(readdirSync(join(cache, 'compile-cache', name)).length, written) // all hits: nothing new
    const off = join(work, 'code-cache-off')
    assert.equal((await run(['--version'], {SNI_CACHE_DIR: off, SNI_COMPILE_CACHE: '0'})).code, 0)
    assert.ok(!existsSync(join(off, 'compile-cache')))
  })

  it('prints its version', async () => {
    const {code, stdout} = await run(['--version'])
    assert.equal(code, 0)
    assert.match(stdout, /^sni-certs\/\d+\.\d+\.\d+ \S+ node-v\d+/)
  })

  it('inspects a chain and key, and a PKCS#12 bundle opened in its worker thread', async () => {
    const ok = await run([
      'certs:inspect',
      fixture('chain-ecdsa-p256.pem'),
      fixture('leaf-ecdsa-p256.key'),
      '--ca',
      fixture('root-ca.crt'),
    ])
    assert.equal(ok.code, 0, ok.stderr)
    assert.match(ok.stdout, /Private key: ECDSA P-256, matches the certificate/)
    assert.match(ok.stdout, /Verdict: a browser would accept this chain .*: yes/)
    // Above the inline iteration budget: forge runs in the worker (dist/chunks/pkcs12-worker.js).
    const p12 = join(work, 'heavy.p12')
    writePkcs12(p12, 100_000)
    const bundle = await run(['certs:inspect', p12, '--json'], {SNI_KEY_PASSPHRASE: fixturePassphrase})
    assert.equal(bundle.code, 0, bundle.stderr)
    assert.equal(typeof JSON.parse(bundle.stdout), 'object')
  })

  it('lists certificates on the local platform (better-sqlite3 from the package dependencies)', async () => {
    const add = await run([
      'certs:add',
      fixture('chain-in-order.pem'),
      fixture('leaf-rsa2048.key'),
      '--app',
      'example-app',
    ])
    assert.equal(add.code, 0, add.stderr)
    const list = await run(['certs', '-a', 'example-app'])
    assert.equal(list.code, 0, list.stderr)
    assert.match(list.stdout, /^\s+[a-z]+-\d{5}\s+www\.example\.com, example\.com\s/m)
  })

  it('shows help from @oclif/plugin-help, unwrapped when piped', async () => {
    const {code, stdout} = await run(['help', 'certs:add'])
    assert.equal(code, 0)
    // Piped, so not wrapped (bin/run.js sets oclif's columns before the bundled @oclif/core reads them).
    assert.match(stdout, /USAGE\n {2}\$ sni certs:add CRT KEY -a <value> .*\[--dry-run\]\n/)
  })

  it('answers an unknown command with its hook: exit 2 and the likely command', async () => {
    const {code, stderr, stdout} = await run(['cert', '--app', 'example-app'])
    assert.equal(code, 2)
    assert.equal(stdout, '')
    assert.match(stderr, /cert is not a sni command\./)
    assert.match(stderr, /Did you mean `sni certs --app example-app`\?/)
  })
})
