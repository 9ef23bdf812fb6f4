import assert from 'node:assert/strict'
import {X509Certificate} from 'node:crypto'
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import {createServer as createNetServer} from 'node:net'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {createServer, type Server, type TlsOptions} from 'node:tls'

import type {TlsCheckReport} from '../../../src/lib/tls-check/types.js'
import {fixturesDir, readFixture} from '../../helpers/fixtures.js'
import {assertMatchesSchema} from '../../helpers/json-schema.js'
import {runSni, type SniRun, startSni} from '../../helpers/run-sni.js'
import {type RouterProcess, startRouterProcess} from '../../router/router-process.js'

/** A TLS server on 127.0.0.1 (random port) serving the concatenated fixture certificates with a fixture key. */
async function serve(certs: string[], key: string, options: TlsOptions = {}): Promise<{port: number; server: Server}> {
  const cert = Buffer.concat(certs.map((name) => readFixture(name)))
  const server = createServer({cert, key: readFixture(key), ...options}, (socket) => socket.end())
  server.on('tlsClientError', () => {})
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  if (address === null || typeof address === 'string') throw new Error('no port')
  return {port: address.port, server}
}

/** A port on 127.0.0.1 that nothing listens on (bound, then released). */
async function closedPort(): Promise<number> {
  const server = createNetServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  await new Promise<void>((resolve) => server.close(() => resolve()))
  if (address === null || typeof address === 'string') throw new Error('no port')
  return address.port
}

/** The check names of the stderr summary line `N checks failed: a, b.` (none when there is no such line). */
function failedChecks(stderr: string): string[] {
  const match = /^\d+ checks? failed: (.*)\.$/m.exec(stderr)
  return match ? (match[1] ?? '').split(', ') : []
}

/** oclif prints thrown errors as ` ›   Error: ...`, wrapped; this joins them back into one line. */
function oneLine(text: string): string {
  return text
    .replaceAll(/\s*›\s*/g, ' ')
    .replaceAll(/\s+/g, ' ')
    .trim()
}

function fingerprint(name: string): string {
  return new X509Certificate(readFixture(name)).fingerprint256
}

describe('certs:check', function () {
  this.timeout(120_000)
  const servers: Server[] = []
  const homes: string[] = []
  let home: string
  let port: Record<string, number>

  /** `sni certs:check ARGS` in the fixtures folder with a private SNI_HOME; awaited by the test. */
  function check(args: string[], env: Record<string, string | undefined> = {}): Promise<SniRun> {
    const run = startSni(['certs:check', ...args], {
      cwd: fixturesDir,
      env: {HEROKU_APP: undefined, SNI_HOME: home, ...env},
    })
    run.catch(() => {})
    return run
  }

  function at(name: string): string[] {
    return ['--connect', `127.0.0.1:${port[name]}`]
  }

  async function start(name: string, certs: string[], key: string, options: TlsOptions = {}): Promise<void> {
    const {port: p, server} = await serve(certs, key, options)
    servers.push(server)
    port[name] = p
  }

  let routerHome: string
  let closed: number
  /** Every run, started together once the servers are up (at most 4 at a time); each test awaits its own. */
  const cases = {
    good: () => check(['www.example.com', ...at('good'), '--ca', 'root-ca.crt']),
    goodJson: () => check(['www.example.com', ...at('good'), '--ca', 'root-ca.crt', '--json']),
    platformMatch: () => check(['www.example.com', ...at('good'), '--ca', 'root-ca.crt', '--app', 'check-app']),
    platformMismatch: () => check(['www.example.com', ...at('ecdsa'), '--ca', 'root-ca.crt', '--app', 'check-app']),
    platformNone: () => check(['bare.example.com', ...at('good'), '--ca', 'root-ca.crt', '--app', 'check-app']),
    unknownApp: () => check(['www.example.com', ...at('good'), '--app', 'no-such-app']),
    expired: () => check(['www.example.com', ...at('expired'), '--ca', 'root-ca.crt']),
    mismatch: () => check(['www.example.com', ...at('other'), '--ca', 'root-ca.crt']),
    untrusted: () => check(['www.example.com', ...at('good')]),
    leafOnly: () => check(['www.example.com', ...at('leafOnly'), '--ca', 'root-ca.crt']),
    failedJson: () => check(['shop.example.net', ...at('expired'), '--json']),
    protocolsRefused: () => check(['www.example.com', ...at('good'), '--ca', 'root-ca.crt', '--protocols']),
    protocolsAccepted: () => check(['www.example.com', ...at('legacy'), '--ca', 'root-ca.crt', '--protocols']),
    router: () => check(['www.example.com', '--ca', 'root-ca.crt'], {SNI_HOME: routerHome}),
    noRouter: () => check(['www.example.com']),
    refused: () => check(['www.example.com', '--connect', `127.0.0.1:${closed}`]),
    refusedJson: () => check(['www.example.com', '--connect', `127.0.0.1:${closed}`, '--json']),
    badConnect: () => check(['www.example.com', '--connect', '127.0.0.1:99999']),
    badHost: () => check(['not a host', ...at('good')]),
  }
  const runs = new Map<keyof typeof cases, Promise<SniRun>>()
  function ran(name: keyof typeof cases): Promise<SniRun> {
    const run = runs.get(name)
    if (!run) throw new Error(`${name} was not started`)
    return run
  }

  before(async () => {
    home = mkdtempSync(join(tmpdir(), 'sni-check-'))
    routerHome = mkdtempSync(join(tmpdir(), 'sni-check-router-'))
    homes.push(home, routerHome)
    port = {}
    await start('good', ['leaf-rsa2048.crt', 'intermediate-ca.crt'], 'leaf-rsa2048.key', {minVersion: 'TLSv1.2'})
    await start('ecdsa', ['leaf-ecdsa-p256.crt', 'intermediate-ca.crt'], 'leaf-ecdsa-p256.key')
    await start('expired', ['expired.crt', 'intermediate-ca.crt'], 'expired.key')
    await start('other', ['other-leaf.crt', 'intermediate-ca.crt'], 'other-leaf.key')
    await start('leafOnly', ['leaf-rsa2048.crt'], 'leaf-rsa2048.key')
    await start('legacy', ['leaf-rsa2048.crt', 'intermediate-ca.crt'], 'leaf-rsa2048.key', {
      ciphers: 'DEFAULT:@SECLEVEL=0',
      minVersion: 'TLSv1',
    })
    closed = await closedPort()
    // This test process stands in for the router: its pid is alive.
    writeFileSync(
      join(routerHome, 'router.json'),
      JSON.stringify({host: '127.0.0.1', pid: process.pid, port: port.good, startedAt: new Date().toISOString()}),
    )
    // The local platform associates leaf-rsa2048 with www.example.com on check-app.
    for (const args of [
      ['domains:add', 'www.example.com', '--app', 'check-app'],
      ['domains:add', 'bare.example.com', '--app', 'check-app'],
      ['certs:add', 'chain-in-order.pem', 'leaf-rsa2048.key', '--app', 'check-app', '--domains', 'www.example.com'],
    ]) {
      const run = await runSni(args, {cwd: fixturesDir, env: {HEROKU_APP: undefined, SNI_HOME: home}})
      assert.equal(run.exitCode, 0, `${args.join(' ')}: ${run.stderr}`)
    }

    for (const [name, launch] of Object.entries(cases)) runs.set(name as keyof typeof cases, launch())
  })

  after(async () => {
    await Promise.all(servers.map((server) => new Promise<void>((resolve) => server.close(() => resolve()))))
    for (const dir of homes) rmSync(dir, {force: true, recursive: true})
  })

  it('passes a good chain trusted through --ca: every check ✓, exit 0, nothing on stderr', async () => {
    const {exitCode, stderr, stdout} = await ran('good')
    assert.equal(exitCode, 0, stderr)
    assert.equal(stderr, '')
    const lines = stdout.split('\n')
    assert.equal(lines[0], `Checked www.example.com at 127.0.0.1:${port.good}`)
    assert.ok(lines.includes('Protocol: TLSv1.3'), stdout)
    assert.ok(lines.includes('  1. /C=US/ST=California/L=San Francisco/O=Example Inc/CN=www.example.com'), stdout)
    assert.ok(lines.includes('  2. /C=US/O=Fixture Trust/CN=Fixture Intermediate CA'), stdout)
    assert.ok(lines.includes('     issuer:  /C=US/O=Fixture Trust/CN=Fixture Root CA'), stdout)
    for (const name of ['handshake', 'hostname', 'chain', 'trust', 'expiry']) {
      assert.ok(
        lines.some((line) => line.startsWith(`  ✓ ${name} `)),
        `${name} not ✓ in\n${stdout}`,
      )
    }

    assert.ok(
      lines.some((line) => line.startsWith('  - platform ') && line.includes('no --app given')),
      stdout,
    )
  })

  it('prints the report as JSON with --json', async () => {
    const {exitCode, stderr, stdout} = await ran('goodJson')
    assert.equal(exitCode, 0, stderr)
    const report = JSON.parse(stdout) as TlsCheckReport
    assertMatchesSchema('certs-check', report)
    assert.deepEqual(Object.keys(report).sort(), ['chain', 'checks', 'cipher', 'hostname', 'ok', 'protocol', 'target'])
    assert.equal(report.hostname, 'www.example.com')
    assert.deepEqual(report.target, {host: '127.0.0.1', port: port.good})
    assert.equal(report.protocol, 'TLSv1.3')
    assert.match(report.cipher ?? '', /^TLS_/)
    assert.equal(report.ok, true)
    const leaf = new X509Certificate(readFixture('leaf-rsa2048.crt'))
    assert.deepEqual(report.chain[0], {
      fingerprint256: leaf.fingerprint256,
      issuer: '/C=US/O=Fixture Trust/CN=Fixture Intermediate CA',
      notAfter: new Date(leaf.validTo).toISOString(),
      notBefore: new Date(leaf.validFrom).toISOString(),
      subject: '/C=US/ST=California/L=San Francisco/O=Example Inc/CN=www.example.com',
    })
    assert.equal(report.chain[1]?.fingerprint256, fingerprint('intermediate-ca.crt'))
    assert.deepEqual(
      report.checks.map((c) => c.name),
      ['handshake', 'hostname', 'chain', 'trust', 'expiry', 'platform'],
    )
    for (const c of report.checks) {
      assert.deepEqual(
        Object.keys(c)
          .filter((k) => k !== 'skipped')
          .sort(),
        ['detail', 'name', 'ok', 'severity'],
      )
      assert.equal(c.ok, true, c.name)
    }
  })

  describe('the platform association', () => {
    it('passes when the served leaf is the certificate the app associates with the hostname', async () => {
      const {exitCode, stderr, stdout} = await ran('platformMatch')
      assert.equal(exitCode, 0, stderr)
      assert.match(
        stdout,
        /^ +✓ platform +the served certificate is [a-z]+-\d+, the one the platform associates with this hostname/m,
      )
    })

    it('detects a wrong certificate served (exit 10), naming both fingerprints', async () => {
      const {exitCode, stderr, stdout} = await ran('platformMismatch')
      assert.equal(exitCode, 10, stderr)
      assert.deepEqual(failedChecks(stderr), ['platform'])
      const line = stdout.split('\n').find((l) => l.startsWith('  ✗ platform ')) ?? ''
      assert.ok(line.includes(`different certificate (SHA-256 ${fingerprint('leaf-ecdsa-p256.crt')})`), stdout)
      assert.ok(line.includes(`(SHA-256 ${fingerprint('leaf-rsa2048.crt')})`), stdout)
    })

    it('fails when the app associates no certificate with the hostname', async () => {
      const {exitCode, stderr, stdout} = await ran('platformNone')
      assert.equal(exitCode, 10, stderr)
      assert.deepEqual(failedChecks(stderr), ['hostname', 'platform'])
      assert.match(stdout, /✗ platform +check-app associates no certificate with bare\.example\.com/)
    })

    it('refuses an unknown app (exit 5)', async () => {
      const {exitCode, stderr} = await ran('unknownApp')
      assert.equal(exitCode, 5, stderr)
      assert.match(oneLine(stderr), /Couldn't find that app\./)
    })
  })

  it('detects an expired certificate (exit 10)', async () => {
    const {exitCode, stderr, stdout} = await ran('expired')
    assert.equal(exitCode, 10, stderr)
    assert.deepEqual(failedChecks(stderr), ['expiry'])
    assert.match(stdout, /✗ expiry +the certificate expired on 2020-02-01 00:00 UTC/)
  })

  it('detects a hostname mismatch (exit 10), without a common-name fallback', async () => {
    const {exitCode, stderr, stdout} = await ran('mismatch')
    assert.equal(exitCode, 10, stderr)
    assert.deepEqual(failedChecks(stderr), ['hostname'])
    assert.match(stdout, /✗ hostname +the certificate is for api\.example\.org, not www\.example\.com/)
  })

  it('detects an untrusted chain (exit 10) when the private root is not given', async () => {
    const {exitCode, stderr, stdout} = await ran('untrusted')
    assert.equal(exitCode, 10, stderr)
    assert.deepEqual(failedChecks(stderr), ['trust'])
    assert.match(
      stdout,
      /✗ trust +the chain ends at \/C=US\/O=Fixture Trust\/CN=Fixture Intermediate CA, issued by \/C=US\/O=Fixture Trust\/CN=Fixture Root CA, which is not a trusted root/,
    )
  })

  it('detects a missing intermediate (exit 10) even with the root given', async () => {
    const {exitCode, stderr, stdout} = await ran('leafOnly')
    assert.equal(exitCode, 10, stderr)
    assert.deepEqual(failedChecks(stderr), ['chain', 'trust'])
    assert.match(
      stdout,
      /✗ chain +the server does not send the intermediate certificate: the leaf is issued by \/C=US\/O=Fixture Trust\/CN=Fixture Intermediate CA/,
    )
  })

  it('lists failures in --json too, with exit 10', async () => {
    const {exitCode, stderr, stdout} = await ran('failedJson')
    assert.equal(exitCode, 10, stderr)
    const report = JSON.parse(stdout) as TlsCheckReport
    assertMatchesSchema('certs-check', report)
    assert.equal(report.ok, false)
    assert.deepEqual(
      report.checks.filter((c) => !c.ok).map((c) => [c.name, c.severity]),
      [
        ['hostname', 'error'],
        ['trust', 'error'],
        ['expiry', 'error'],
      ],
    )
  })

  describe('--protocols', () => {
    it('passes when TLS 1.0 and 1.1 are refused (server requires TLS 1.2)', async () => {
      const {exitCode, stderr, stdout} = await ran('protocolsRefused')
      assert.equal(exitCode, 0, stderr)
      assert.match(stdout, /^ +✓ tls1\.0 +TLS 1\.0 is refused/m)
      assert.match(stdout, /^ +✓ tls1\.1 +TLS 1\.1 is refused/m)
    })

    it('fails (exit 10) when the server still accepts them', async () => {
      const {exitCode, stderr} = await ran('protocolsAccepted')
      assert.equal(exitCode, 10, stderr)
      assert.deepEqual(failedChecks(stderr), ['tls1.0', 'tls1.1'])
    })
  })

  describe('the target', () => {
    it('is the running local router when --connect is left out', async () => {
      const {exitCode, stderr, stdout} = await ran('router')
      assert.equal(exitCode, 0, stderr)
      assert.equal(stdout.split('\n')[0], `Checked www.example.com at 127.0.0.1:${port.good}`)
    })

    it('is a usage error (exit 2) when the local router is not running and --connect is left out', async () => {
      const {exitCode, stderr} = await ran('noRouter')
      assert.equal(exitCode, 2, stderr)
      assert.match(
        oneLine(stderr),
        /the local router is not running; start it with `sni router:start`, or pass --connect HOST:PORT/,
      )
    })

    it('exits 7 when the connection is refused', async () => {
      const human = await ran('refused')
      assert.equal(human.exitCode, 7, human.stderr)
      assert.match(
        oneLine(human.stderr),
        new RegExp(`could not connect to 127\\.0\\.0\\.1:${closed} \\(ECONNREFUSED\\)`),
      )
      const json = await ran('refusedJson')
      assert.equal(json.exitCode, 7)
      assert.deepEqual(JSON.parse(json.stdout), {
        error: {
          code: 'CONNECT_FAILED',
          exit: 7,
          hint: 'Check that the server is running and reachable at that address, then try again.',
          message: `could not connect to 127.0.0.1:${closed} (ECONNREFUSED)`,
        },
      })
    })

    it('refuses a malformed --connect and an invalid hostname (exit 2)', async () => {
      const [badConnect, badHost] = await Promise.all([ran('badConnect'), ran('badHost')])
      assert.equal(badConnect.exitCode, 2, badConnect.stderr)
      assert.match(oneLine(badConnect.stderr), /--connect "127\.0\.0\.1:99999" has no port from 1 to 65535/)
      assert.equal(badHost.exitCode, 2, badHost.stderr)
    })
  })
})

describe('certs:check against the real local router (sni router:start)', function () {
  this.timeout(120_000)
  let home: string
  let router: RouterProcess | undefined

  async function sni(args: string[]): Promise<SniRun> {
    return runSni(args, {cwd: fixturesDir, env: {HEROKU_APP: undefined, SNI_HOME: home, SNI_PLATFORM: 'local'}})
  }

  before(async () => {
    home = mkdtempSync(join(tmpdir(), 'sni-check-e2e-'))
    for (const args of [
      ['domains:add', 'www.example.com', '--app', 'shop'],
      ['domains:add', 'example.com', '--app', 'apex'],
      ['certs:add', 'chain-in-order.pem', 'leaf-rsa2048.key', '--app', 'shop', '--domains', 'www.example.com'],
      ['certs:add', 'chain-ecdsa-p256.pem', 'leaf-ecdsa-p256.key', '--app', 'apex', '--domains', 'example.com'],
    ]) {
      const run = await sni(args)
      assert.equal(run.exitCode, 0, `${args.join(' ')}: ${run.stderr}`)
    }

    router = await startRouterProcess([], {SNI_HOME: home, SNI_PLATFORM: 'local'})
  })

  after(async () => {
    await router?.stop('SIGKILL')
    rmSync(home, {force: true, recursive: true})
  })

  it('finds the router through router.json and confirms the certificate each app associates', async () => {
    const [shop, apex] = await Promise.all([
      sni(['certs:check', 'www.example.com', '--app', 'shop', '--ca', 'root-ca.crt', '--json']),
      sni(['certs:check', 'example.com', '--app', 'apex', '--ca', 'root-ca.crt', '--json']),
    ])
    for (const [run, leaf] of [
      [shop, 'leaf-rsa2048.crt'],
      [apex, 'leaf-ecdsa-p256.crt'],
    ] as const) {
      assert.equal(run.exitCode, 0, run.stderr)
      const report = JSON.parse(run.stdout) as TlsCheckReport
      assert.deepEqual(report.target, {host: '127.0.0.1', port: router?.port})
      assert.equal(report.chain[0]?.fingerprint256, fingerprint(leaf))
      assert.ok(
        report.checks.every((c) => c.ok && !c.skipped),
        JSON.stringify(report.checks, null, 2),
      )
    }

    // A successful check is not a refused handshake in the router's log (it once logged every one).
    await new Promise((resolve) => setTimeout(resolve, 200))
    assert.doesNotMatch(router?.stderr() ?? '', /refused/)
  })

  it('fails the platform check for a hostname served for another app (exit 10)', async () => {
    // The router serves apex's certificate for example.com; shop has no such domain.
    const run = await sni(['certs:check', 'example.com', '--app', 'shop', '--ca', 'root-ca.crt'])
    assert.equal(run.exitCode, 10, run.stderr)
    assert.deepEqual(failedChecks(run.stderr), ['platform'])
  })
})
