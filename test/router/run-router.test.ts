import assert from 'node:assert/strict'
import {existsSync, mkdtempSync, rmSync} from 'node:fs'
import {request} from 'node:https'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {SecretPem} from '../../src/lib/cert/secret-pem.js'
import {readRouterState} from '../../src/router/router-state.js'
import {runRouter} from '../../src/router/run-router.js'
import {readFixture} from '../helpers/fixtures.js'
import {fixtureFingerprint, handshake} from './router-process.js'

const material = {
  certificateChain: readFixture('chain-in-order.pem').toString(),
  endpointName: 'rsa-1',
  privateKey: new SecretPem(readFixture('leaf-rsa2048.key').toString()),
}

function get(port: number, path: string, headers: Record<string, string> = {}): Promise<{body: string; headers: Record<string, unknown>; status: number}> {
  return new Promise((resolve, reject) => {
    const req = request(
      {ca: readFixture('root-ca.crt'), headers: {host: 'www.example.com', ...headers}, host: '127.0.0.1', path, port, servername: 'www.example.com'},
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
    assert.match(err[0] ?? '', new RegExp(`^Router listening on https://127\\.0\\.0\\.1:${port} \\(local platform at .+\\)$`))
    assert.equal((await handshake(port, 'www.example.com')).certificate?.fingerprint256, fixtureFingerprint('leaf-rsa2048.crt'))

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
      {endpoint: log.endpoint, method: log.method, path: log.path, requestId: log.requestId, sni: log.sni, status: log.status},
      {endpoint: 'rsa-1', method: 'GET', path: '/hi', requestId: 'abcdefghijklmnopqrstuvwxyz', sni: 'www.example.com', status: 200},
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

  it('a second router on the same port (another store): usage error, exit 2', async () => {
    const {port} = readRouterState(home) ?? {port: 0}
    const other = mkdtempSync(join(tmpdir(), 'sni-run-router-other-'))
    try {
      await assert.rejects(
        runRouter({err: () => {}, home: other, host: '127.0.0.1', json: false, lookup: async () => undefined, out: () => {}, port, signals: []}),
        {code: 'ROUTER_PORT_IN_USE', exit: 2},
      )
      assert.ok(!existsSync(join(other, 'router.json')))
    } finally {
      rmSync(other, {force: true, recursive: true})
    }
  })

  it('a second router on the same store refuses to start, naming the running one; router.json stays the first one\'s', async () => {
    const first = readRouterState(home)
    assert.ok(first)
    const lines: string[] = []
    await assert.rejects(
      runRouter({err: (l) => lines.push(l), home, host: '127.0.0.1', json: false, lookup: async () => undefined, out: () => {}, port: 0, signals: []}),
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
