import assert from 'node:assert/strict'
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import type {AddressInfo} from 'node:net'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {createServer, type Server} from 'node:tls'

import {ExitCode} from '../../src/lib/exit-codes.js'
import {fixturesDir, readFixture} from './fixtures.js'
import {chainInput, withLocalClient} from './local-store.js'
import {needsChildProcess, type RunSniOptions, runSni, type SniRun, startSni} from './run-sni.js'

// Command tests run sni inside the test process (test/helpers/in-process-sni.ts). These runs prove
// that what they see is what the real binary prints: each line runs both ways, and stdout, stderr
// and the exit code must be the same, for every exit code family and for help, version, --json
// errors, oclif's own errors, a parse error's usage and a progress line (ux.action).
describe('runSni: in-process runs against the real binary', function () {
  this.timeout(180_000)
  const home = mkdtempSync(join(tmpdir(), 'sni-run-parity-'))
  const file = join(home, 'not-a-directory')
  /** Replaced in the argv once known: the endpoint's name, a TLS server's and a closed port's address. */
  const values = new Map<string, string>()
  let server: Server | undefined

  const local = {SNI_HOME: home, SNI_PLATFORM: 'local'}
  const lines: Array<{args: string[]; exit: number; options?: RunSniOptions}> = [
    {args: ['--version'], exit: ExitCode.ok},
    {args: ['certs:add', '--help'], exit: ExitCode.ok},
    // --at: both runs judge at the same instant, so a minute boundary between them cannot change the verdict line.
    {
      args: ['certs:inspect', 'leaf-rsa2048.crt', 'leaf-rsa2048.key', '--at', new Date().toISOString()],
      exit: ExitCode.ok,
    },
    {args: ['domains', '--app', 'shop'], exit: ExitCode.ok},
    {args: ['certs', '--app', 'shop', '--json'], exit: ExitCode.ok},
    {args: ['frobnicate'], exit: ExitCode.usage},
    {args: ['certs:add', '--app'], exit: ExitCode.usage},
    {args: ['certs:add', 'leaf-rsa2048.crt', '--app', 'shop'], exit: ExitCode.usage},
    {args: ['certs:inspect', 'garbage.pem'], exit: ExitCode.inputRejected},
    {args: ['certs:add', 'expired.crt', 'expired.key', '--app', 'shop', '--json'], exit: ExitCode.inputRejected},
    {args: ['certs', '--app', 'shop'], exit: ExitCode.auth, options: {env: {HOME: home, SNI_PLATFORM: 'heroku'}}},
    {args: ['certs:info', '--app', 'nowhere'], exit: ExitCode.platformRefused},
    {
      args: ['certs', '--app', 'shop', '--json'],
      exit: ExitCode.store,
      options: {env: {SNI_HOME: file, SNI_PLATFORM: 'local'}},
    },
    {args: ['certs:remove', '--app', 'shop', '--name', 'ENDPOINT'], exit: ExitCode.confirmation},
    {args: ['certs:check', 'www.example.com', '--connect', 'CLOSED', '--timeout', '5'], exit: ExitCode.transient},
    {args: ['certs:check', 'www.example.com', '--connect', 'SERVER'], exit: ExitCode.checkFailed},
  ]
  const runs = new Map<number, Promise<[SniRun, SniRun]>>()

  before(async () => {
    writeFileSync(file, '')
    await withLocalClient(home, async (client) => {
      values.set(
        'ENDPOINT',
        (await client.createSniEndpoint('shop', chainInput('chain-in-order.pem', 'leaf-rsa2048.key'))).name,
      )
      await client.addDomain('shop', {hostname: 'www.example.com', sniEndpoint: null})
    })
    // A certificate from the fixtures' own CA: not trusted, so the live check fails (exit 10).
    const listening = (s: Server) =>
      new Promise<string>((resolve) =>
        s.listen(0, '127.0.0.1', () => resolve(`127.0.0.1:${(s.address() as AddressInfo).port}`)),
      )
    server = createServer({cert: readFixture('chain-wildcard.pem'), key: readFixture('wildcard.key')})
    values.set('SERVER', await listening(server))
    const closed = createServer()
    values.set('CLOSED', await listening(closed))
    await new Promise((resolve) => closed.close(resolve))
    for (const [i, line] of lines.entries()) {
      const args = line.args.map((arg) => values.get(arg) ?? arg)
      const options = {cwd: fixturesDir, env: local, ...line.options}
      // Both are read-only or refused, so the order of the two runs does not matter.
      runs.set(i, Promise.all([runSni(args, options), startSni(args, {...options, process: true})]))
    }
  })

  after(() => {
    server?.close()
    rmSync(home, {force: true, recursive: true})
  })

  for (const [i, line] of lines.entries()) {
    it(`sni ${line.args.join(' ')}: exit ${line.exit}, the same output both ways`, async () => {
      const [inProcess, child] = (await runs.get(i)) as [SniRun, SniRun]
      assert.equal(child.exitCode, line.exit, child.stderr)
      assert.deepEqual(inProcess, child)
    })
  }

  it('a second run in the process starts clean: no exit code, signal handler or variable left by the first', async () => {
    const before = {
      exitCode: process.exitCode,
      sigint: process.listenerCount('SIGINT'),
      sigterm: process.listenerCount('SIGTERM'),
    }
    const refused = await runSni(['certs', '--app', 'shop', '--json'], {env: {SNI_HOME: file, SNI_PLATFORM: 'local'}})
    assert.equal(refused.exitCode, ExitCode.store)
    assert.deepEqual(
      {exitCode: process.exitCode, sigint: process.listenerCount('SIGINT'), sigterm: process.listenerCount('SIGTERM')},
      before,
    )
    assert.equal(process.env.SNI_HOME, undefined)
    const listed = await runSni(['certs', '--app', 'shop', '--json'], {cwd: fixturesDir, env: local})
    assert.equal(listed.exitCode, ExitCode.ok, listed.stderr)
  })

  it('runs as a child process what only a process can show: stdin, DEBUG and other load-time variables, or when asked', () => {
    assert.equal(needsChildProcess(['certs:inspect', 'a.crt'], {}), false)
    assert.equal(needsChildProcess(['certs:inspect', '-'], {}), true)
    assert.equal(needsChildProcess(['certs:inspect', 'a.crt'], {input: ''}), true)
    assert.equal(needsChildProcess(['certs:inspect', 'a.crt'], {env: {DEBUG: '*'}}), true)
    assert.equal(needsChildProcess(['certs:inspect', 'a.crt'], {env: {NODE_EXTRA_CA_CERTS: 'root.pem'}}), true)
    assert.equal(needsChildProcess(['certs:inspect', 'a.crt'], {env: {NODE_ENV: 'test', SNI_HOME: '/tmp/x'}}), false)
    assert.equal(needsChildProcess(['certs:inspect', 'a.crt'], {process: true}), true)
  })
})
