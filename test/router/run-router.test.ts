import assert from 'node:assert/strict'
import {existsSync, mkdtempSync, rmSync} from 'node:fs'
import {createServer, type Server} from 'node:http'
import {request} from 'node:https'
import type {AddressInfo} from 'node:net'
import {connect} from 'node:tls'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {SecretPem} from '../../src/lib/x509/secret-pem.js'
import {readRouterState} from '../../src/router/router-state.js'
import {runRouter} from '../../src/router/run-router.js'
import {parseUpstream} from '../../src/router/upstream-url.js'
import {readFixture} from '../helpers/fixtures.js'
import {fixtureFingerprint, handshake} from './router-process.js'

const material = {
  certificateChain: readFixture('chain-in-order.pem').toString(),
  endpointName: 'rsa-1',
  privateKey: new SecretPem(readFixture('leaf-rsa2048.key').toString()),
}

function get(
  port: number,
  path: string,
  headers: Record<string, string> = {},
): Promise<{body: string; headers: Record<string, unknown>; status: number}> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        ca: readFixture('root-ca.crt'),
        headers: {host: 'www.example.com', ...headers},
        host: '127.0.0.1',
        path,
        port,
        servername: 'www.example.com',
      },
      (res) => {
        let body = ''
        res.on('data', (chunk: Buffer) => (body += chunk.toString()))
        res.on('end', () => resolve({body, headers: res.headers, status: res.statusCode ?? 0}))
      },
    )
    req.on('error', reject)
    req.end()
  })
}

describe('runRouter (in process)', () => {
  let home: string
  let stop: () => void
  let out: string[]
  let err: string[]
  let done: Promise<{port: number; requests: number}>

  beforeEach(async () => {
    home = mkdtempSync(join(tmpdir(), 'sni-run-router-'))
    out = []
    err = []
    done = runRouter({
      err: (line) => err.push(line),
      home,
      host: '127.0.0.1',
      json: true,
      lookup: async (name) => (name === 'www.example.com' ? material : undefined),
      out: (line) => out.push(line),
      port: 0,
      signals: [],
      stop: new Promise<void>((resolve) => (stop = resolve)),
    })
    while (!readRouterState(home)) await new Promise((resolve) => setTimeout(resolve, 5))
  })

  afterEach(async () => {
    stop()
    await done
    rmSync(home, {force: true, recursive: true})
  })

  it('serves by SNI, echoes, logs JSON lines, and stops cleanly', async () => {
    const {port} = readRouterState(home) ?? {port: 0}
    assert.match(
      err[0] ?? '',
      new RegExp(`^Router listening on https://127\\.0\\.0\\.1:${port} \\(local platform at .+\\)$`),
    )
    assert.equal(
      (await handshake(port, 'www.example.com')).certificate?.fingerprint256,
      fixtureFingerprint('leaf-rsa2048.crt'),
    )

    const response = await get(port, '/hi', {accept: 'application/json', 'x-request-id': 'abcdefghijklmnopqrstuvwxyz'})
    assert.equal(response.status, 200)
    const echo = JSON.parse(response.body)
    assert.deepEqual(
      {endpoint: echo.endpoint, host: echo.host, method: echo.method, path: echo.path, sni: echo.sni},
      {endpoint: 'rsa-1', host: 'www.example.com', method: 'GET', path: '/hi', sni: 'www.example.com'},
    )
    assert.equal(response.headers['x-request-id'], 'abcdefghijklmnopqrstuvwxyz')

    const log = JSON.parse(out[0] ?? '{}')
    assert.deepEqual(
      {
        endpoint: log.endpoint,
        method: log.method,
        path: log.path,
        requestId: log.requestId,
        sni: log.sni,
        status: log.status,
      },
      {
        endpoint: 'rsa-1',
        method: 'GET',
        path: '/hi',
        requestId: 'abcdefghijklmnopqrstuvwxyz',
        sni: 'www.example.com',
        status: 200,
      },
    )

    stop()
    assert.deepEqual(await done, {host: '127.0.0.1', port, requests: 1})
    assert.ok(!existsSync(join(home, 'router.json')))
    assert.equal(err.at(-1), 'Router stopped after 1 request.')
  })

  it('reports refused handshakes on stderr, in a few words', async () => {
    const {port} = readRouterState(home) ?? {port: 0}
    await handshake(port, 'nope.example.com')
    await handshake(port, undefined)
    await new Promise((resolve) => setTimeout(resolve, 50))
    assert.deepEqual(err.slice(1), [
      'TLS handshake from 127.0.0.1 refused (SNI nope.example.com): no certificate serves this name',
      'TLS handshake from 127.0.0.1 refused (SNI none): the client sent no SNI name',
    ])
  })

  it('logs nothing for clients that complete the handshake and close (certs:check, health checks, client loops)', async () => {
    const {port} = readRouterState(home) ?? {port: 0}
    for (let i = 0; i < 20; i++) assert.ok((await handshake(port, 'www.example.com')).certificate)
    await new Promise((resolve) => setTimeout(resolve, 100))
    assert.deepEqual(err.slice(1), [], 'only the "listening" line')
  })

  it('logs a client that offers only ciphers the router does not serve as a cipher mismatch, not a missing certificate', async () => {
    const {port} = readRouterState(home) ?? {port: 0}
    const result = await handshake(port, 'www.example.com', {ciphers: 'AES128-SHA', maxVersion: 'TLSv1.2'})
    assert.ok(result.error)
    await new Promise((resolve) => setTimeout(resolve, 50))
    assert.deepEqual(err.slice(1), [
      'TLS handshake from 127.0.0.1 refused (SNI www.example.com): no cipher in common with the client (the router offers TLS 1.2 and 1.3 with Mozilla "intermediate" ciphers)',
    ])
  })

  it('a second router on the same port (another store): usage error, exit 2', async () => {
    const {port} = readRouterState(home) ?? {port: 0}
    const other = mkdtempSync(join(tmpdir(), 'sni-run-router-other-'))
    try {
      await assert.rejects(
        runRouter({
          err: () => {},
          home: other,
          host: '127.0.0.1',
          json: false,
          lookup: async () => undefined,
          out: () => {},
          port,
          signals: [],
        }),
        {code: 'ROUTER_PORT_IN_USE', exit: 2},
      )
      assert.ok(!existsSync(join(other, 'router.json')))
    } finally {
      rmSync(other, {force: true, recursive: true})
    }
  })

  it("a second router on the same store refuses to start, naming the running one; router.json stays the first one's", async () => {
    const first = readRouterState(home)
    assert.ok(first)
    const lines: string[] = []
    await assert.rejects(
      runRouter({
        err: (l) => lines.push(l),
        home,
        host: '127.0.0.1',
        json: false,
        lookup: async () => undefined,
        out: () => {},
        port: 0,
        signals: [],
      }),
      {
        code: 'ROUTER_ALREADY_RUNNING',
        exit: 2,
        message: `A router is already running for this store: https://127.0.0.1:${first.port} (pid ${process.pid}).`,
      },
    )
    assert.deepEqual(lines, [], 'it never listened')
    assert.deepEqual(readRouterState(home), first)
  })
})

/** One raw HTTP/1.1 request over TLS, with the request target exactly as given; the status line's code. */
function rawRequest(port: number, target: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = connect(
      {ca: readFixture('root-ca.crt'), host: '127.0.0.1', port, servername: 'www.example.com'},
      () => {
        socket.write(`GET ${target} HTTP/1.1\r\nHost: www.example.com\r\nConnection: close\r\n\r\n`)
      },
    )
    let text = ''
    socket.on('data', (chunk: Buffer) => (text += chunk.toString()))
    socket.on('end', () => resolve(Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1] ?? 0)))
    socket.on('error', reject)
  })
}

describe('runRouter on a non-loopback address', () => {
  it('warns that other machines may reach it once it listens, after the listening line', async () => {
    const home = mkdtempSync(join(tmpdir(), 'sni-run-router-any-'))
    const err: string[] = []
    let stop: () => void = () => {}
    try {
      const done = runRouter({
        err: (l) => err.push(l),
        home,
        host: '0.0.0.0',
        json: false,
        lookup: async () => undefined,
        out: () => {},
        port: 0,
        signals: [],
        stop: new Promise<void>((resolve) => (stop = resolve)),
      })
      while (!readRouterState(home)) await new Promise((resolve) => setTimeout(resolve, 5))
      stop()
      await done
      assert.match(err[0] ?? '', /^Router listening on https:\/\/0\.0\.0\.0:\d+ /)
      assert.equal(err[1], 'Warning: 0.0.0.0 is not a loopback address; other machines may reach this router.')
    } finally {
      rmSync(home, {force: true, recursive: true})
    }
  })
})

describe('runRouter with --upstream http://host/base', () => {
  let home: string
  let app: Server
  let seen: string[]
  let stop: () => void
  let done: Promise<unknown>
  let port: number

  before(async () => {
    home = mkdtempSync(join(tmpdir(), 'sni-run-router-up-'))
    seen = []
    app = createServer((req, res) => {
      seen.push(req.url ?? '')
      res.end('ok')
    })
    await new Promise<void>((resolve) => app.listen(0, '127.0.0.1', resolve))
    done = runRouter({
      err: () => {},
      home,
      host: '127.0.0.1',
      json: true,
      lookup: async (name) => (name === 'www.example.com' ? material : undefined),
      out: () => {},
      port: 0,
      signals: [],
      stop: new Promise<void>((resolve) => (stop = resolve)),
      upstream: parseUpstream(`http://127.0.0.1:${(app.address() as AddressInfo).port}/base`),
    })
    while (!readRouterState(home)) await new Promise((resolve) => setTimeout(resolve, 5))
    port = readRouterState(home)?.port ?? 0
  })

  after(async () => {
    stop()
    await done
    app.close()
    rmSync(home, {force: true, recursive: true})
  })

  it('never sends an absolute-form target for another host upstream (421), and keeps dot segments under the base path', async () => {
    assert.equal(await rawRequest(port, 'http://evil.test/abs'), 421)
    assert.equal(await rawRequest(port, '/a/../../etc/passwd'), 200)
    assert.equal(await rawRequest(port, 'http://www.example.com/same-host'), 200)
    assert.deepEqual(seen, ['/base/etc/passwd', '/base/same-host'])
    assert.ok(!seen.some((p) => p.includes('evil') || p.includes('..')))
  })
})
