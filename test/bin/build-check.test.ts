import assert from 'node:assert/strict'
import {execFile} from 'node:child_process'
import {copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, utimesSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {dirname, join} from 'node:path'
import {fileURLToPath} from 'node:url'

// @ts-expect-error: plain JavaScript in bin/ (it runs before any build), no type declarations
import {findBuildProblem} from '../../bin/build-check.js'

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..')
const check = findBuildProblem as (root: string, env?: NodeJS.ProcessEnv) => string | undefined

/** A checkout's shape: src/commands/certs, and optionally a dist/commands built `builtAgo` seconds ago. */
function makeCheckout(dir: string, options: {built?: boolean}): void {
  mkdirSync(join(dir, 'src', 'commands', 'certs'), {recursive: true})
  if (options.built) mkdirSync(join(dir, 'dist', 'commands'), {recursive: true})
}

function setTime(path: string, secondsAgo: number): void {
  const time = new Date(Date.now() - secondsAgo * 1000)
  utimesSync(path, time, time)
}

describe('bin/run.js: a missing or stale build in a checkout', () => {
  let dir: string
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'sni-build-check-'))
  })
  afterEach(() => {
    rmSync(dir, {force: true, recursive: true})
  })

  it('never checks an installed package (no src/), nor under NODE_ENV=test or development (src/ runs)', () => {
    assert.equal(check(dir, {}), undefined)
    makeCheckout(dir, {built: false})
    assert.equal(check(dir, {NODE_ENV: 'test'}), undefined)
    assert.equal(check(dir, {NODE_ENV: 'development'}), undefined)
  })

  it('finds dist/ missing, or older than a directory of src/commands', () => {
    makeCheckout(dir, {built: false})
    assert.equal(check(dir, {}), 'dist/ is missing: this checkout has not been built')
    makeCheckout(dir, {built: true})
    for (const path of ['src', 'src/commands', 'src/commands/certs']) setTime(join(dir, path), 60)
    assert.equal(check(dir, {}), undefined)
    setTime(join(dir, 'dist', 'commands'), 120)
    assert.equal(check(dir, {NODE_ENV: 'production'}), 'dist/ is older than src/ (src changed after the last build)')
    setTime(join(dir, 'dist', 'commands'), 30)
    setTime(join(dir, 'src', 'commands', 'certs'), 10) // `git pull` replaced a file in src/commands/certs
    assert.equal(check(dir, {}), 'dist/ is older than src/ (src/commands/certs changed after the last build)')
  })

  it('stops the CLI with exit 1 and says to run npm run build, in JSON with --json', async () => {
    // A checkout without dist/: bin/ and package.json as in the repository, its node_modules.
    mkdirSync(join(dir, 'bin'))
    for (const file of ['run.js', 'build-check.js', 'compile-cache.js'])
      copyFileSync(join(root, 'bin', file), join(dir, 'bin', file))
    copyFileSync(join(root, 'package.json'), join(dir, 'package.json'))
    symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'))
    makeCheckout(dir, {built: false})
    const run = (args: string[]) =>
      new Promise<{code: number; stderr: string; stdout: string}>((resolve) => {
        const env = {...process.env}
        delete env.NODE_ENV
        execFile(process.execPath, [join(dir, 'bin', 'run.js'), ...args], {env}, (error, stdout, stderr) => {
          resolve({code: typeof error?.code === 'number' ? error.code : 0, stderr, stdout})
        })
      })
    const [human, json] = await Promise.all([
      run(['certs', '--app', 'shop']),
      run(['certs', '--app', 'shop', '--json']),
    ])
    assert.equal(human.code, 1)
    assert.equal(human.stdout, '')
    assert.equal(
      human.stderr,
      ' ›   Error: dist/ is missing: this checkout has not been built, so sni cannot run from it.\n ›   Try this: Run `npm run build` in the checkout, then run the command again (or use bin/dev.js, which runs src/ directly).\n',
    )
    assert.equal(json.code, 1)
    assert.deepEqual(JSON.parse(json.stdout), {
      error: {
        code: 'BUILD_MISSING',
        exit: 1,
        hint: 'Run `npm run build` in the checkout, then run the command again (or use bin/dev.js, which runs src/ directly).',
        message: 'dist/ is missing: this checkout has not been built, so sni cannot run from it.',
      },
    })
  })
})
