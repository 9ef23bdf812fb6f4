// The client against real sockets on 127.0.0.1 (no nock): what nock cannot show about resets and refusals.
import assert from 'node:assert/strict'
import {createServer, type IncomingMessage, type Server, type ServerResponse} from 'node:http'
import type {AddressInfo} from 'node:net'

import {HerokuHttpClient} from '../../../../src/platform/heroku/http/heroku-http-client.js'
import {expectSniError} from '../../contract.js'

type Handler = (req: IncomingMessage, body: string, res: ServerResponse) => void

async function listen(handler: Handler): Promise<{
  server: Server
  url: URL
  requests: Array<{method?: string; url?: string; headers: IncomingMessage['headers']; body: string}>
}> {
  const requests: Array<{method?: string; url?: string; headers: IncomingMessage['headers']; body: string}> = []
  const server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8')
      requests.push({body, headers: req.headers, method: req.method, url: req.url})
      handler(req, body, res)
    })
  })
  await new Promise<void>((resolve) => {
    server.listen(0, '127.0.0.1', resolve)
  })
  const {port} = server.address() as AddressInfo
  return {requests, server, url: new URL(`http://127.0.0.1:${port}`)}
}

async function close(server: Server): Promise<void> {
  server.closeAllConnections()
  await new Promise<void>((resolve) => {
    server.close(() => resolve())
  })
}

async function closedPortUrl(): Promise<URL> {
  const {server, url} = await listen(() => {})
  await close(server)
  return url
}

function client(baseUrl: URL, sleeps: number[] = []): HerokuHttpClient {
  return new HerokuHttpClient({
    baseUrl,
    env: {},
    sleep: async (ms) => {
      sleeps.push(ms)
    },
    timeoutMs: 2000,
    token: 'loopback-token',
    userAgent: 'sni-certs/test',
  })
}

describe('HerokuHttpClient over real loopback sockets', () => {
  it('sends the headers and body, and parses the answer', async () => {
    const {requests, server, url} = await listen((_req, _body, res) => {
      res.writeHead(201, {'Content-Type': 'application/json', 'Request-Id': 'srv-1'}).end('{"name":"t-12345"}')
    })
    try {
      const response = await client(url).request<{name: string}>({
        body: {a: 1},
        method: 'POST',
        path: '/apps/example/sni-endpoints',
      })
      assert.equal(response.body.name, 't-12345')
      assert.equal(response.requestId, 'srv-1')
      assert.equal(requests.length, 1)
      assert.equal(requests[0]?.headers.authorization, 'Bearer loopback-token')
      assert.equal(requests[0]?.headers['content-type'], 'application/json')
      assert.equal(requests[0]?.body, '{"a":1}')
    } finally {
      await close(server)
    }
  })

  it('retries a POST whose connection was refused, then says nothing was changed', async () => {
    const sleeps: number[] = []
    await expectSniError(
      client(await closedPortUrl(), sleeps).request({body: {}, method: 'POST', path: '/apps/example/sni-endpoints'}),
      {
        code: 'API_UNREACHABLE',
        exit: 7,
        message: /\(ECONNREFUSED\) after 3 attempts; nothing was changed/,
      },
    )
    assert.equal(sleeps.length, 2)
  })

  it('does not retry a POST whose connection reset after the body arrived', async () => {
    const {requests, server, url} = await listen((req) => {
      req.socket.destroy()
    })
    try {
      const error = await expectSniError(
        client(url).request({body: {a: 1}, method: 'POST', path: '/apps/example/sni-endpoints'}),
        {code: 'OUTCOME_UNKNOWN', exit: 7},
      )
      assert.equal(error.details?.networkError, 'ECONNRESET')
      assert.equal(requests.length, 1)
    } finally {
      await close(server)
    }
  })

  it('retries a GET whose connection reset, and a body cut short', async () => {
    let calls = 0
    const {server, url} = await listen((req, _body, res) => {
      calls++
      if (calls === 1) req.socket.destroy()
      else if (calls === 2) {
        res.writeHead(200, {'Content-Length': '100', 'Content-Type': 'application/json'})
        res.write('{"partial":')
        setTimeout(() => req.socket.destroy(), 10)
      } else res.writeHead(200, {'Content-Type': 'application/json'}).end('{"ok":true}')
    })
    try {
      const sleeps: number[] = []
      const response = await client(url, sleeps).request<{ok: boolean}>({method: 'GET', path: '/apps/example'})
      assert.equal(response.body.ok, true)
      assert.equal(calls, 3)
      assert.equal(sleeps.length, 2)
    } finally {
      await close(server)
    }
  })
})
