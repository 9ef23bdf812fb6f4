// Interruptions, retries and re-runs against the fake Heroku API, with the real CLI in child
// processes: re-running certs:add never leaves a second endpoint (after success, after a SIGKILL
// between create and associate, after a POST committed late), Ctrl-C and SIGTERM mid-request report
// what was done, and a DELETE whose retry finds the resource gone counts as done.
import assert from 'node:assert/strict'
import {spawn} from 'node:child_process'
import {mkdtempSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {dirname, join} from 'node:path'
import {fileURLToPath} from 'node:url'

import type {CertsAddResult} from '../../src/commands/certs/add.js'
import {FakeHerokuApi} from '../helpers/fake-heroku-api.js'
import {fixture, readFixture} from '../helpers/fixtures.js'
import {parseJsonError, parseJsonOutput, withoutCertificates} from '../helpers/json-schema.js'
import {assertNoSecrets, oneLine, runSni, type SniRun} from '../helpers/run-sni.js'

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..')
const tsxLoader = import.meta.resolve('tsx')
const APP = 'example'
const ENDPOINTS = `/apps/${APP}/sni-endpoints`
const ADD = ['certs:add', fixture('chain-in-order.pem'), fixture('leaf-rsa2048.key'), '--app', APP]
const KEY = readFixture('leaf-rsa2048.key').toString()

interface Spawned {
  signal(name: NodeJS.Signals): void
  done: Promise<SniRun>
}

/** `sni ARGS` as a child process that the test can signal while it runs. */
function spawnSni(args: string[], env: Record<string, string | undefined>): Spawned {
  const child = spawn(process.execPath, ['--import', tsxLoader, join(root, 'bin', 'run.js'), ...args], {
    cwd: root,
    env: {...process.env, COLUMNS: '120', NODE_ENV: 'test', NO_COLOR: '1', ...env},
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  const done = new Promise<SniRun>((resolve) => {
    child.on('close', (code, signal) => resolve({exitCode: code ?? (signal === 'SIGKILL' ? 137 : 128), stderr, stdout}))
  })
  return {done, signal: (name) => child.kill(name)}
}

async function until(condition: () => boolean, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 25))
  }
}

/** The lines of "To finish, run:", as a user would paste them: each one run as printed. */
function finishCommands(stderr: string): string[][] {
  const lines = stderr.split('\n')
  const start = lines.indexOf('To finish, run:')
  if (start === -1) return []
  return lines
    .slice(start + 1)
    .filter((line) => line.startsWith('  sni '))
    .map((line) => line.trim().split(/\s+/).slice(1))
}

describe('integration: interruptions, retries and re-runs on Heroku (fake API)', function () {
  this.timeout(120_000)
  let api: FakeHerokuApi
  let home: string
  let env: Record<string, string | undefined>

  beforeEach(async () => {
    api = await FakeHerokuApi.start()
    api.seedDomain(APP, 'www.example.com')
    api.seedDomain(APP, 'example.com')
    home = mkdtempSync(join(tmpdir(), 'sni-heroku-interrupt-'))
    env = api.env({HOME: home})
  })

  afterEach(async () => {
    await api.close()
    rmSync(home, {force: true, recursive: true})
  })

  async function sni(args: string[], extraEnv: Record<string, string> = {}): Promise<SniRun> {
    const run = await runSni(args, {env: {...env, ...extraEnv}})
    assertNoSecrets([withoutCertificates(run.stdout), run.stderr], [KEY, api.token])
    return run
  }

  function posts(): number {
    return api.mutations().filter((m) => m === `POST ${ENDPOINTS}`).length
  }

  function state(): {endpoints: string[]; domains: Record<string, string | null>} {
    const snapshot = api.snapshot(APP)
    return {
      domains: Object.fromEntries(
        snapshot.domains
          .filter((d) => d.kind === 'custom')
          .map((d) => [d.hostname as string, (d.sni_endpoint as {name: string} | null)?.name ?? null]),
      ),
      endpoints: snapshot.endpoints.map((e) => e.name as string),
    }
  }

  it('re-run after success: the endpoint is reused (created: false), no second POST, the domains stay associated', async () => {
    const first = await sni([...ADD, '--domains', 'www.example.com,example.com', '--json'])
    assert.equal(first.exitCode, 0, first.stderr)
    const name = parseJsonOutput<CertsAddResult>('certs-add', first.stdout).endpoint?.name
    const patches = api.mutations().filter((m) => m.startsWith('PATCH')).length
    const again = await sni([...ADD, '--domains', 'www.example.com,example.com', '--json'])
    assert.equal(again.exitCode, 0, again.stderr)
    const result = parseJsonOutput<CertsAddResult>('certs-add', again.stdout)
    assert.equal(result.created, false)
    assert.equal(result.endpoint?.name, name)
    assert.deepEqual(
      result.associations.map((a) => [a.hostname, a.ok]),
      [
        ['www.example.com', true],
        ['example.com', true],
      ],
    )
    assert.equal(posts(), 1)
    assert.equal(api.mutations().filter((m) => m.startsWith('PATCH')).length, patches, 'nothing sent again')
    assert.deepEqual(state(), {domains: {'example.com': name, 'www.example.com': name}, endpoints: [name]})
  })

  it('re-run after a SIGKILL between create and associate: one endpoint, the domains associated', async () => {
    api.failNext({fault: 'hang', method: 'PATCH', path: `/apps/${APP}/domains/www.example.com`})
    const killed = spawnSni([...ADD, '--domains', 'www.example.com,example.com'], env)
    await until(() => api.requests.some((r) => r.method === 'PATCH'), 'the first PATCH')
    killed.signal('SIGKILL')
    await killed.done
    const [name] = state().endpoints
    assert.deepEqual(state(), {domains: {'example.com': null, 'www.example.com': null}, endpoints: [name]})

    const rerun = await sni([...ADD, '--domains', 'www.example.com,example.com', '--json'])
    assert.equal(rerun.exitCode, 0, rerun.stderr)
    assert.equal(parseJsonOutput<CertsAddResult>('certs-add', rerun.stdout).created, false)
    assert.deepEqual(state(), {domains: {'example.com': name, 'www.example.com': name}, endpoints: [name]})
    assert.equal(posts(), 1)
  })

  it('a POST held past the timeout and committed late, within the grace period: found, not sent again; one endpoint', async () => {
    api.failNext({commit: true, holdMs: 3000, method: 'POST', path: ENDPOINTS})
    const run = await sni([...ADD, '--domains', 'www.example.com,example.com'], {
      SNI_HTTP_TIMEOUT_MS: '1500',
      SNI_UPLOAD_GRACE_MS: '10000',
    })
    assert.equal(run.exitCode, 0, run.stderr)
    assert.match(
      run.stderr,
      /No answer to the upload; looking for it among the endpoints of example for up to 10 s before deciding \(it is not sent again\)\./,
    )
    assert.match(
      run.stderr,
      /The answer to the upload was lost, but it had succeeded: [a-z]+-\d{5} holds this certificate\./,
    )
    const [name] = state().endpoints
    assert.deepEqual(state(), {domains: {'example.com': name, 'www.example.com': name}, endpoints: [name]})
    assert.equal(posts(), 1)
  })

  it('a POST committed after the grace period: exit 7 "outcome unknown" with the command to check; the re-run reuses it; one endpoint', async () => {
    api.failNext({commit: true, holdMs: 6000, method: 'POST', path: ENDPOINTS})
    const timing = {SNI_HTTP_TIMEOUT_MS: '1500', SNI_UPLOAD_GRACE_MS: '1000'}
    const unknown = await sni([...ADD, '--domains', 'www.example.com,example.com', '--json'], timing)
    const error = parseJsonError(unknown)
    assert.deepEqual([error.exit, error.code], [7, 'OUTCOME_UNKNOWN'])
    assert.match(
      error.message,
      /no answer from 127\.0\.0\.1:\d+ within 2 s after POST \/apps\/example\/sni-endpoints was sent, and after 1 s more no endpoint of example holds this certificate, but the upload may still be applied: the outcome is unknown$/,
    )
    assert.equal(
      error.hint,
      'Check with `sni certs --app example`; running the same certs:add again is safe: it reuses the endpoint if the upload arrived, and uploads it otherwise.',
    )
    assert.equal(posts(), 1, 'never sent again')

    // The command it names runs; meanwhile the held upload is applied.
    const check = await sni(['certs', '--app', APP])
    assert.equal(check.exitCode, 0, check.stderr)
    await until(() => state().endpoints.length === 1, 'the late commit')
    const [name] = state().endpoints
    const rerun = await sni([...ADD, '--domains', 'www.example.com,example.com', '--json'])
    assert.equal(rerun.exitCode, 0, rerun.stderr)
    const result = parseJsonOutput<CertsAddResult>('certs-add', rerun.stdout)
    assert.deepEqual([result.created, result.endpoint?.name], [false, name])
    assert.deepEqual(state(), {domains: {'example.com': name, 'www.example.com': name}, endpoints: [name]})
    assert.equal(posts(), 1)
  })

  it('Ctrl-C (SIGINT) while the upload is in flight: exit 130, "Interrupted.", and that its outcome is unknown with the command to check', async () => {
    api.failNext({fault: 'hang', method: 'POST', path: ENDPOINTS})
    const run = spawnSni([...ADD, '--domains', 'www.example.com'], env)
    await until(() => posts() === 1, 'the POST')
    run.signal('SIGINT')
    const {exitCode, stderr, stdout} = await run.done
    assert.equal(exitCode, 130, stderr)
    assert.equal(stdout, '')
    assert.ok(
      stderr.endsWith(
        [
          'Adding SSL certificate to example... interrupted',
          'Interrupted.',
          '  ? the upload may or may not have reached Heroku; check with `sni certs --app example`.',
          '  ✗ no domain was associated.',
          '',
        ].join('\n'),
      ),
      stderr,
    )
    // The command it names runs.
    const check = await sni(['certs', '--app', APP])
    assert.equal(check.exitCode, 0, check.stderr)
  })

  it('SIGTERM with --json while the upload is in flight: the error object carries the same account (exit 130)', async () => {
    api.failNext({fault: 'hang', method: 'POST', path: ENDPOINTS})
    const run = spawnSni([...ADD, '--json'], env)
    await until(() => posts() === 1, 'the POST')
    run.signal('SIGTERM')
    const done = await run.done
    const error = parseJsonError(done) as {
      code: string
      details?: Record<string, string[]>
      exit: number
      message: string
    }
    assert.deepEqual([error.exit, error.code], [130, 'INTERRUPTED'])
    assert.equal(
      error.message,
      'Interrupted; the upload may or may not have reached Heroku; check with `sni certs --app example`.',
    )
    assert.deepEqual(error.details, {
      done: [],
      notDone: [],
      toFinish: [],
      uncertain: ['the upload may or may not have reached Heroku; check with `sni certs --app example`'],
    })
  })

  it('Ctrl-C during the domain PATCHes: the endpoint and the first domain are reported done, the second unknown; the printed command finishes it', async () => {
    api.failNext({fault: 'hang', method: 'PATCH', path: `/apps/${APP}/domains/example.com`})
    const run = spawnSni([...ADD, '--domains', 'www.example.com,example.com'], env)
    await until(
      () => api.requests.some((r) => r.method === 'PATCH' && r.path.endsWith('/example.com')),
      'the second PATCH',
    )
    run.signal('SIGINT')
    const {exitCode, stderr} = await run.done
    assert.equal(exitCode, 130, stderr)
    const [name] = state().endpoints
    assert.ok(
      stderr.endsWith(
        [
          'Interrupted.',
          `  ✓ endpoint ${name} was added to example.`,
          `  ✓ www.example.com was associated with ${name}.`,
          `  ? example.com may or may not have been associated with ${name}; check with \`sni domains:info example.com --app example\`.`,
          'To finish, run:',
          `  sni domains:update example.com --cert ${name} --app example`,
          '',
        ].join('\n'),
      ),
      stderr,
    )
    for (const command of finishCommands(stderr)) {
      const finish = await sni(command)
      assert.equal(finish.exitCode, 0, finish.stderr)
    }

    assert.deepEqual(state(), {domains: {'example.com': name, 'www.example.com': name}, endpoints: [name]})
  })

  it('a DELETE applied but answered by a reset, retried and answered 404: done (exit 0) for domains:remove and certs:remove', async () => {
    const added = await sni([...ADD, '--domains', 'www.example.com', '--json'])
    const name = parseJsonOutput<CertsAddResult>('certs-add', added.stdout).endpoint?.name ?? ''
    api.failNext({commit: true, fault: 'reset', method: 'DELETE', path: `/apps/${APP}/domains/example.com`})
    const domain = await sni(['domains:remove', 'example.com', '--app', APP, '--confirm', APP, '--json'])
    assert.equal(domain.exitCode, 0, domain.stderr)
    assert.equal(JSON.parse(domain.stdout).hostname, 'example.com')
    api.failNext({commit: true, fault: 'reset', method: 'DELETE', path: `${ENDPOINTS}/${name}`})
    const cert = await sni(['certs:remove', '--app', APP, '--name', name, '--confirm', APP])
    assert.equal(cert.exitCode, 0, oneLine(cert.stderr))
    assert.deepEqual(state(), {domains: {'www.example.com': null}, endpoints: []})
    assert.deepEqual(
      api.mutations().filter((m) => m.startsWith('DELETE')),
      [
        `DELETE /apps/${APP}/domains/example.com`,
        `DELETE /apps/${APP}/domains/example.com`,
        `DELETE ${ENDPOINTS}/${name}`,
        `DELETE ${ENDPOINTS}/${name}`,
      ],
    )
  })
})
