// Benchmark scenarios: each runs a fresh `sni` process. `target` is the allowed ratio to
// `node -e 0`, or to the scenario named by `baseline` when given.
import {execFileSync, spawn} from 'node:child_process'
import {mkdirSync} from 'node:fs'
import {join} from 'node:path'

const fixtureDir = (ctx) => join(ctx.root, 'test', 'fixtures', 'generated')
const fixtures = (ctx) => {
  execFileSync('bash', [join(ctx.root, 'test', 'fixtures', 'generate.sh'), fixtureDir(ctx)])
  return fixtureDir(ctx)
}

/** A local store in the bench's temp dir holding `endpoints` endpoints with 2 domains each. */
const store = (name, endpoints) => (ctx) => {
  fixtures(ctx)
  const home = join(ctx.work, name)
  mkdirSync(home, {recursive: true})
  execFileSync(ctx.node, [join(ctx.root, 'bench', 'seed-local-store.js'), home, 'bench-app', String(endpoints), '2'], {stdio: 'inherit'})
  return {dir: fixtureDir(ctx), home}
}

const local = (_ctx, prepared) => ({SNI_HOME: prepared.home, SNI_PLATFORM: 'local'})
// A certificate for two hostnames: the common case of adding one site's certificate to a big app.
const addArgv = (ctx, prepared) => [ctx.node, ctx.bin, 'certs:add', join(prepared.dir, 'chain-in-order.pem'), join(prepared.dir, 'leaf-rsa2048.key'), '--app', 'bench-app']

/** The fake Heroku API of the test suite, on loopback, seeded with 10 endpoints; stopped by cleanup. */
const herokuApi = (ctx) => {
  fixtures(ctx)
  const child = spawn(ctx.node, ['--import', 'tsx', join(ctx.root, 'bench', 'serve-fake-heroku.ts'), '10'], {cwd: ctx.root, stdio: ['pipe', 'pipe', 'inherit']})
  return new Promise((resolve, reject) => {
    child.once('error', reject)
    child.stdout.once('data', (chunk) => resolve({child, url: chunk.toString().trim()}))
  })
}

export const scenarios = [
  {argv: (ctx) => [ctx.node, ctx.bin, '--version'], name: 'sni --version', target: 2.5},
  {
    argv: (ctx, dir) => [ctx.node, ctx.bin, 'certs:inspect', join(dir, 'chain-in-order.pem'), join(dir, 'leaf-rsa2048.key')],
    name: 'sni certs:inspect (RSA chain + key)',
    prepare: fixtures,
    target: 3,
  },
  {
    argv: (ctx) => [ctx.node, ctx.bin, 'certs', '--app', 'bench-app'],
    env: local,
    name: 'sni certs, empty store',
    prepare: store('empty', 0),
    target: 3,
  },
  {
    argv: (ctx) => [ctx.node, ctx.bin, 'certs', '--app', 'bench-app'],
    env: local,
    name: 'sni certs, 10,000 endpoints / 20,000 domains',
    prepare: store('large', 10_000),
    target: 8,
  },
  {argv: addArgv, env: local, name: 'sni certs:add into an empty store', prepare: store('add-empty', 0)},
  {
    argv: addArgv,
    baseline: 'sni certs:add into an empty store',
    env: local,
    name: 'sni certs:add into the large store (vs empty store)',
    prepare: store('add-large', 10_000),
    target: 1.25,
  },
  {
    argv: (ctx) => [ctx.node, ctx.bin, 'certs', '--app', 'example'],
    cleanup: (prepared) => prepared.child.stdin.end(),
    env: (_ctx, prepared) => ({HEROKU_API_KEY: 'test-token', HEROKU_HOST: prepared.url, SNI_PLATFORM: 'heroku'}),
    name: 'sni certs --platform heroku (loopback API, 10 endpoints)',
    prepare: herokuApi,
    target: 3,
  },
]
