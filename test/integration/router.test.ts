// End to end: the real CLI in child processes, a real router on 127.0.0.1, real handshakes with
// node:tls, openssl s_client and curl.
import assert from 'node:assert/strict'
import {execFile} from 'node:child_process'
import {existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync} from 'node:fs'
import {createServer, type IncomingHttpHeaders, type Server} from 'node:http'
import type {AddressInfo} from 'node:net'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {fixture, readFixture} from '../helpers/fixtures.js'
import {assertNoSecrets, runSni} from '../helpers/run-sni.js'
import {readRouterState} from '../../src/router/router-state.js'
import {fixtureFingerprint, handshake, type RouterProcess, startRouterProcess} from '../router/router-process.js'

interface ToolRun {
  code: number
  stdout: string
  stderr: string
}

/** openssl or curl; stdin closed at once so s_client ends after the handshake. */
function tool(command: string, args: string[]): Promise<ToolRun> {
  return new Promise((resolve) => {
    const child = execFile(command, args, {timeout: 20_000}, (error, stdout, stderr) => {
      resolve({code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stderr, stdout})
    })
    child.stdin?.end()
  })
}

function sClient(port: number, servername: string, ...extra: string[]): Promise<ToolRun> {
  return tool('openssl', [
    's_client',
    '-connect',
    `127.0.0.1:${port}`,
    '-servername',
    servername,
    '-CAfile',
    fixture('root-ca.crt'),
    ...extra,
  ])
}

function curl(port: number, name: string, path: string, ...extra: string[]): Promise<ToolRun> {
  return tool('curl', [
    '-sS',
    '--max-time',
    '10',
    '--connect-to',
    `${name}:443:127.0.0.1:${port}`,
    '--cacert',
    fixture('root-ca.crt'),
    ...extra,
    `https://${name}${path}`,
  ])
}

const KEY_FIXTURES = ['leaf-rsa2048.key', 'leaf-ecdsa-p256.key', 'leaf-ecdsa-p384.key', 'wildcard.key']

describe('router:start (integration, 127.0.0.1)', function () {
  this.timeout(120_000)
  let home: string
  let env: Record<string, string>
  let router: RouterProcess

  async function sni(...args: string[]): Promise<void> {
    const run = await runSni(args, {env})
    assert.equal(run.exitCode, 0, `sni ${args.join(' ')}: ${run.stderr}`)
  }

  before(async () => {
    home = mkdtempSync(join(tmpdir(), 'sni-router-'))
    env = {SNI_HOME: home, SNI_PLATFORM: 'local'}
    // Three apps: an RSA certificate on www, an ECDSA one on the apex, a wildcard on *.example.com.
    await Promise.all([
      sni('domains:add', 'www.example.com', '-a', 'shop'),
      sni('domains:add', 'example.com', '-a', 'apex'),
      sni('domains:add', '*.example.com', '-a', 'wild'),
    ])
    await Promise.all([
      sni(
        'certs:add',
        fixture('chain-in-order.pem'),
        fixture('leaf-rsa2048.key'),
        '-a',
        'shop',
        '--domains',
        'www.example.com',
      ),
      sni(
        'certs:add',
        fixture('chain-ecdsa-p256.pem'),
        fixture('leaf-ecdsa-p256.key'),
        '-a',
        'apex',
        '--domains',
        'example.com',
      ),
      sni(
        'certs:add',
        fixture('chain-wildcard.pem'),
        fixture('wildcard.key'),
        '-a',
        'wild',
        '--domains',
        '*.example.com',
      ),
    ])
    router = await startRouterProcess([], env)
  })

  after(async () => {
    await router?.stop('SIGKILL')
    rmSync(home, {force: true, recursive: true})
  })

  it('writes router.json (mode 0600) with its address and pid', () => {
    const state = JSON.parse(readFileSync(join(home, 'router.json'), 'utf8'))
    assert.deepEqual(
      {host: state.host, pid: state.pid, port: state.port},
      {host: '127.0.0.1', pid: router.child.pid, port: router.port},
    )
    assert.match(state.startedAt, /^\d{4}-\d\d-\d\dT/)
    if (process.platform !== 'win32') assert.equal(statSync(join(home, 'router.json')).mode & 0o777, 0o600)
  })

  describe('certificate per SNI name (node:tls)', () => {
    const cases: Array<[string, string, string]> = [
      ['www.example.com', 'leaf-rsa2048.crt', 'RSA, exact'],
      ['WWW.Example.COM', 'leaf-rsa2048.crt', 'RSA, exact, any case'],
      ['example.com', 'leaf-ecdsa-p256.crt', 'ECDSA, exact'],
      ['api.example.com', 'wildcard.crt', 'wildcard'],
    ]
    for (const [name, certificate, label] of cases) {
      it(`${name}: ${label}`, async () => {
        const result = await handshake(router.port, name)
        assert.equal(result.error, undefined, result.error?.message)
        assert.equal(result.certificate?.fingerprint256, fixtureFingerprint(certificate))
        assert.equal(result.protocol, 'TLSv1.3')
      })
    }

    for (const name of ['nope.example.org', 'a.b.example.com', 'localhost']) {
      it(`${name}: unknown, a handshake_failure alert and no certificate`, async () => {
        const result = await handshake(router.port, name)
        assert.equal(result.certificate, undefined)
        assert.equal(result.error?.code, 'ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE')
      })
    }

    it("no SNI name: an alert, never some app's certificate", async () => {
      for (const maxVersion of ['TLSv1.2', 'TLSv1.3'] as const) {
        const result = await handshake(router.port, undefined, {maxVersion})
        assert.equal(result.certificate, undefined)
        assert.equal(result.error?.code, 'ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE', maxVersion)
      }
    })

    it('serves the intermediate too, so the chain verifies against the root alone', async () => {
      const result = await handshake(router.port, 'example.com')
      assert.equal(result.error, undefined) // rejectUnauthorized with only root-ca.crt as CA
    })
  })

  describe('openssl s_client', () => {
    it('accepts TLS 1.2 with a Mozilla intermediate cipher and a verified chain', async () => {
      const run = await sClient(router.port, 'www.example.com', '-tls1_2')
      assert.match(run.stdout, /Protocol\s*: TLSv1\.2/)
      assert.match(run.stdout, /Cipher\s*: ECDHE-RSA-(AES(128|256)-GCM-SHA(256|384)|CHACHA20-POLY1305)/)
      assert.match(run.stdout, /Verify return code: 0 \(ok\)/)
    })

    it('accepts TLS 1.2 with ECDSA', async () => {
      const run = await sClient(router.port, 'example.com', '-tls1_2')
      assert.match(run.stdout, /Cipher\s*: ECDHE-ECDSA-/)
    })

    it('refuses TLS 1.1 with a protocol_version alert', async () => {
      // SECLEVEL=0 so the refusal is the router's, not the local client's policy.
      const run = await sClient(router.port, 'www.example.com', '-tls1_1', '-cipher', 'DEFAULT@SECLEVEL=0')
      assert.notEqual(run.code, 0)
      assert.match(run.stderr, /alert protocol version/)
      assert.doesNotMatch(run.stdout, /BEGIN CERTIFICATE/)
    })

    it('accepts DHE with 2048-bit groups (Mozilla intermediate)', async () => {
      const run = await sClient(router.port, 'www.example.com', '-tls1_2', '-cipher', 'DHE-RSA-AES128-GCM-SHA256')
      assert.match(run.stdout, /Cipher\s*: DHE-RSA-AES128-GCM-SHA256/)
      assert.match(run.stdout, /Server Temp Key: DH, 2048 bits/)
    })

    for (const cipher of ['AES128-SHA', 'AES256-GCM-SHA384', 'ECDHE-RSA-AES128-SHA256']) {
      it(`refuses a TLS 1.2 client offering only ${cipher} (not in the list)`, async () => {
        const run = await sClient(router.port, 'www.example.com', '-tls1_2', '-cipher', cipher)
        assert.notEqual(run.code, 0)
        assert.match(run.stderr, /alert handshake failure/)
      })
    }

    it('sends an alert for an unknown name', async () => {
      const run = await sClient(router.port, 'nope.example.org')
      assert.notEqual(run.code, 0)
      assert.match(run.stderr, /alert handshake failure/)
      assert.doesNotMatch(run.stdout, /BEGIN CERTIFICATE/)
    })
  })

  describe('curl, without --upstream', () => {
    it('answers with what the app would receive', async () => {
      const run = await curl(
        router.port,
        'api.example.com',
        '/orders?id=7',
        '-H',
        'Accept: application/json',
        '-H',
        'X-Forwarded-For: 203.0.113.7',
      )
      assert.equal(run.code, 0, run.stderr)
      const echo = JSON.parse(run.stdout)
      assert.equal(echo.method, 'GET')
      assert.equal(echo.path, '/orders?id=7')
      assert.equal(echo.host, 'api.example.com')
      assert.equal(echo.sni, 'api.example.com')
      assert.match(echo.endpoint, /^[a-z]+-\d+$/)
      assert.equal(echo.headers['x-forwarded-for'], '203.0.113.7, 127.0.0.1')
      assert.equal(echo.headers['x-forwarded-proto'], 'https')
      assert.equal(echo.headers['x-forwarded-port'], String(router.port))
      assert.match(echo.headers['x-request-id'], /^[0-9a-f-]{36}$/)
    })

    it('answers in plain text by default', async () => {
      const run = await curl(router.port, 'www.example.com', '/')
      assert.equal(run.code, 0, run.stderr)
      assert.match(run.stdout, /^GET \/$/m)
      assert.match(run.stdout, /^x-forwarded-proto: https$/m)
      assert.match(run.stdout, /^SNI name: www\.example\.com$/m)
    })

    it('logs one line per request on stdout, and never a key', async () => {
      // Each request is found by its own id: the line of an earlier test's request may still be on
      // its way (a request is logged when its response has ended, possibly after curl has exited).
      const ids = ['integration-test-request-0001', 'integration-test-request-0002']
      await curl(router.port, 'www.example.com', '/logged', '-H', `X-Request-Id: ${ids[0]}`)
      await curl(router.port, 'www.example.com', '/logged-too', '-H', `X-Request-Id: ${ids[1]}`)
      const stdout = await router.waitForStdout((out) => ids.every((id) => out.includes(`request_id=${id} `)))
      const lines = stdout.split('\n').filter(Boolean)
      const [first, second] = ids.map((id) => lines.filter((line) => line.includes(`request_id=${id} `)))
      assert.equal(first?.length, 1, 'one line for the first request')
      assert.equal(second?.length, 1, 'one line for the second request')
      assert.match(
        first?.[0] ?? '',
        /^\d{4}-\d\d-\d\dT\S+Z sni=www\.example\.com endpoint=[a-z]+-\d+ method=GET path=\/logged status=200 ms=[\d.]+ request_id=integration-test-request-0001 fwd=127\.0\.0\.1$/,
      )
      assert.match(second?.[0] ?? '', / path=\/logged-too status=200 /)
      assertNoSecrets(
        [router.stdout(), router.stderr()],
        KEY_FIXTURES.map((name) => readFixture(name).toString()),
      )
    })
  })

  describe('curl, with --upstream', () => {
    let upstream: Server
    let seen: Array<{body: string; headers: IncomingHttpHeaders; method?: string; url?: string}>
    let proxy: RouterProcess
    // One router per store: the proxying router serves a second store with the same certificates.
    let proxyHome: string

    before(async () => {
      proxyHome = mkdtempSync(join(tmpdir(), 'sni-router-proxy-'))
      const proxyEnv = {SNI_HOME: proxyHome, SNI_PLATFORM: 'local'}
      for (const args of [
        ['domains:add', 'www.example.com', '-a', 'shop'],
        ['domains:add', 'example.com', '-a', 'apex'],
        [
          'certs:add',
          fixture('chain-in-order.pem'),
          fixture('leaf-rsa2048.key'),
          '-a',
          'shop',
          '--domains',
          'www.example.com',
        ],
        [
          'certs:add',
          fixture('chain-ecdsa-p256.pem'),
          fixture('leaf-ecdsa-p256.key'),
          '-a',
          'apex',
          '--domains',
          'example.com',
        ],
      ]) {
        const run = await runSni(args, {env: proxyEnv})
        assert.equal(run.exitCode, 0, `sni ${args.join(' ')}: ${run.stderr}`)
      }

      seen = []
      upstream = createServer((req, res) => {
        const chunks: Buffer[] = []
        req.on('data', (chunk: Buffer) => chunks.push(chunk))
        req.on('end', () => {
          const body = Buffer.concat(chunks).toString()
          seen.push({body, headers: req.headers, method: req.method, url: req.url})
          res.writeHead(201, {'content-type': 'text/plain', 'x-app': 'yes'})
          res.end(`app got ${body.length} bytes`)
        })
      })
      await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve))
      proxy = await startRouterProcess(['--upstream', `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`], {
        SNI_HOME: proxyHome,
        SNI_PLATFORM: 'local',
      })
    })

    after(async () => {
      assert.equal(await proxy?.stop('SIGTERM'), 0, proxy?.stderr())
      upstream.closeAllConnections()
      await new Promise((resolve) => upstream.close(resolve))
      rmSync(proxyHome, {force: true, recursive: true})
    })

    it('proxies with X-Forwarded-For/Proto/Port and X-Request-Id, bodies both ways', async () => {
      const id = 'client-request-id-0123456789'
      const run = await curl(
        proxy.port,
        'example.com',
        '/submit?x=1',
        '-i',
        '-X',
        'POST',
        '--data-binary',
        'hello app',
        '-H',
        'X-Forwarded-For: 198.51.100.1',
        '-H',
        `X-Request-Id: ${id}`,
      )
      assert.equal(run.code, 0, run.stderr)
      assert.match(run.stdout, /^HTTP\/1\.1 201 /)
      assert.match(run.stdout, /^x-app: yes\r$/m)
      assert.match(run.stdout, /app got 9 bytes$/)
      const request = seen.at(-1)
      assert.ok(request)
      assert.equal(request.method, 'POST')
      assert.equal(request.url, '/submit?x=1')
      assert.equal(request.body, 'hello app')
      assert.equal(request.headers.host, 'example.com')
      assert.equal(request.headers['x-forwarded-for'], '198.51.100.1, 127.0.0.1')
      assert.equal(request.headers['x-forwarded-proto'], 'https')
      assert.equal(request.headers['x-forwarded-port'], String(proxy.port))
      assert.equal(request.headers['x-request-id'], id)
      await proxy.waitForStdout((out) => out.includes('request_id=client-request-id-0123456789'))
      assert.match(
        proxy.stdout(),
        /sni=example\.com endpoint=\S+ method=POST path="?\/submit\?x=1"? status=201 .*request_id=client-request-id-0123456789/,
      )
    })

    it('gives a new UUID when the client sent no usable X-Request-Id, and overrides X-Forwarded-Proto/Port', async () => {
      await curl(
        proxy.port,
        'www.example.com',
        '/',
        '-H',
        'X-Request-Id: short',
        '-H',
        'X-Forwarded-Proto: http',
        '-H',
        'X-Forwarded-Port: 1',
      )
      const request = seen.at(-1)
      assert.match(
        String(request?.headers['x-request-id']),
        /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
      )
      assert.equal(request?.headers['x-forwarded-proto'], 'https')
      assert.equal(request?.headers['x-forwarded-port'], String(proxy.port))
      assert.equal(request?.headers['x-forwarded-for'], '127.0.0.1')
    })

    it('answers 502 when the upstream is down', async () => {
      upstream.closeAllConnections()
      await new Promise((resolve) => upstream.close(resolve))
      const run = await curl(proxy.port, 'www.example.com', '/', '-i')
      assert.match(run.stdout, /^HTTP\/1\.1 502 /)
      assert.match(run.stdout, /did not answer/)
      upstream.listen(0, '127.0.0.1') // reopened so after() can close it
    })
  })

  // The router keeps its SNI map in memory while the store's version (PRAGMA data_version) stays the
  // same: each test first handshakes (the name is then mapped), changes the store from another sni
  // process, and handshakes again.
  describe('changes by other processes, without a restart', () => {
    it('certs:update: the next handshake serves the new certificate', async () => {
      assert.equal(
        (await handshake(router.port, 'www.example.com')).certificate?.fingerprint256,
        fixtureFingerprint('leaf-rsa2048.crt'),
      )
      const chain = join(home, 'p384-chain.pem')
      writeFileSync(chain, Buffer.concat([readFixture('leaf-ecdsa-p384.crt'), readFixture('intermediate-ca.crt')]))
      await sni('certs:update', chain, fixture('leaf-ecdsa-p384.key'), '-a', 'shop', '--confirm', 'shop')
      const result = await handshake(router.port, 'www.example.com')
      assert.equal(result.error, undefined, result.error?.message)
      assert.equal(result.certificate?.fingerprint256, fixtureFingerprint('leaf-ecdsa-p384.crt'))
      const run = await curl(router.port, 'www.example.com', '/')
      assert.equal(run.code, 0, run.stderr)
    })

    it('certs:remove: HTTPS stops for its domains on the next handshake', async () => {
      assert.equal(
        (await handshake(router.port, 'example.com')).certificate?.fingerprint256,
        fixtureFingerprint('leaf-ecdsa-p256.crt'),
      )
      await sni('certs:remove', '-a', 'apex', '--confirm', 'apex')
      const result = await handshake(router.port, 'example.com')
      assert.equal(result.certificate, undefined)
      assert.equal(result.error?.code, 'ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE')
      const run = await curl(router.port, 'example.com', '/')
      assert.notEqual(run.code, 0)
      assert.match(run.stderr, /alert handshake failure/)
      // Others are unaffected.
      assert.equal(
        (await handshake(router.port, 'api.example.com')).certificate?.fingerprint256,
        fixtureFingerprint('wildcard.crt'),
      )
    })

    it('domains:update: associating a domain with a certificate serves it on the next handshake', async () => {
      // example.com lost its certificate above; the wildcard certificate also names example.com.
      await sni('certs:add', fixture('chain-wildcard.pem'), fixture('wildcard.key'), '-a', 'apex')
      assert.equal((await handshake(router.port, 'example.com')).error?.code, 'ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE')
      const [endpoint] = JSON.parse((await runSni(['certs', '-a', 'apex', '--json'], {env})).stdout) as Array<{
        name: string
      }>
      assert.ok(endpoint)
      await sni('domains:update', 'example.com', '--cert', endpoint.name, '-a', 'apex')
      assert.equal(
        (await handshake(router.port, 'example.com')).certificate?.fingerprint256,
        fixtureFingerprint('wildcard.crt'),
      )
    })
  })

  describe('shutdown', () => {
    it('SIGTERM: closes the server, removes router.json, exits 0', async () => {
      const code = await router.stop('SIGTERM')
      assert.equal(code, 0, router.stderr())
      assert.match(router.stderr(), /Router stopped after \d+ requests\./)
      // It removed its own router.json.
      assert.equal(readRouterState(home), undefined)
      assert.ok(!existsSync(join(home, 'router.json')))
      assert.equal((await handshake(router.port, 'www.example.com')).error?.code, 'ECONNREFUSED')
    })

    it('SIGINT: the same (not the usual exit 130)', async () => {
      const extra = await startRouterProcess([], env)
      assert.ok(existsSync(join(home, 'router.json')))
      const code = await extra.stop('SIGINT')
      assert.equal(code, 0, extra.stderr())
      assert.match(extra.stderr(), /Router stopped after 0 requests\./)
      assert.ok(!existsSync(join(home, 'router.json')))
    })
  })
})
