import assert from 'node:assert/strict'
import {X509Certificate} from 'node:crypto'
import {createServer as createNetServer, type Server as NetServer, type Socket} from 'node:net'
import {createServer, type Server, type TlsOptions} from 'node:tls'

import {SniError} from '../../../src/lib/sni-error.js'
import {probeProtocol, tlsHandshake} from '../../../src/lib/tls-check/tls-handshake.js'
import {readFixture} from '../../helpers/fixtures.js'

async function listen(server: Server | NetServer): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  if (address === null || typeof address === 'string') throw new Error('no port')
  return address.port
}

async function close(server: Server | NetServer): Promise<void> {
  await new Promise<void>((resolve) => server.close(() => resolve()))
}

function tlsServer(options: TlsOptions = {}): Server {
  const server = createServer(
    {cert: readFixture('chain-in-order.pem'), key: readFixture('leaf-rsa2048.key'), ...options},
    (socket) => socket.end(),
  )
  server.on('tlsClientError', () => {})
  return server
}

describe('tlsHandshake', () => {
  it('returns protocol, cipher and the served chain as DER, leaf first', async () => {
    const server = tlsServer()
    const port = await listen(server)
    try {
      const outcome = await tlsHandshake({
        servername: 'www.example.com',
        target: {host: '127.0.0.1', port},
        timeoutMs: 5000,
      })
      assert.equal(outcome.ok, true)
      if (!outcome.ok) return
      assert.equal(outcome.protocol, 'TLSv1.3')
      assert.match(outcome.cipher, /^TLS_/)
      const expected = ['leaf-rsa2048.crt', 'intermediate-ca.crt'].map(
        (name) => new X509Certificate(readFixture(name)).raw,
      )
      assert.deepEqual(outcome.certificates, expected)
    } finally {
      await close(server)
    }
  })

  it('sends the hostname as SNI', async () => {
    let seen: string | undefined
    const server = tlsServer({
      SNICallback(servername, callback) {
        seen = servername
        callback(null)
      },
    })
    const port = await listen(server)
    try {
      await tlsHandshake({servername: 'shop.example.com', target: {host: '127.0.0.1', port}, timeoutMs: 5000})
      assert.equal(seen, 'shop.example.com')
    } finally {
      await close(server)
    }
  })

  it('reports a refused handshake as a result, not an error', async () => {
    const server = tlsServer({
      SNICallback(_servername, callback) {
        callback(new Error('no certificate for that name'))
      },
    })
    const port = await listen(server)
    try {
      const outcome = await tlsHandshake({
        servername: 'www.example.com',
        target: {host: '127.0.0.1', port},
        timeoutMs: 5000,
      })
      assert.equal(outcome.ok, false)
      assert.ok(!outcome.ok && outcome.reason.length > 0)
    } finally {
      await close(server)
    }
  })

  it('rejects with exit 7 when nothing listens', async () => {
    const server = createNetServer()
    const port = await listen(server)
    await close(server)
    await assert.rejects(
      tlsHandshake({servername: 'www.example.com', target: {host: '127.0.0.1', port}, timeoutMs: 5000}),
      (error: unknown) =>
        error instanceof SniError &&
        error.exit === 7 &&
        error.message === `could not connect to 127.0.0.1:${port} (ECONNREFUSED)`,
    )
  })

  it('rejects with exit 7 when the server never answers the handshake', async () => {
    const sockets: Socket[] = []
    const server = createNetServer((socket) => sockets.push(socket))
    const port = await listen(server)
    try {
      await assert.rejects(
        tlsHandshake({servername: 'www.example.com', target: {host: '127.0.0.1', port}, timeoutMs: 300}),
        (error: unknown) =>
          error instanceof SniError &&
          error.exit === 7 &&
          error.message === `could not connect to 127.0.0.1:${port} (the TLS handshake timed out after 0.3 s)`,
      )
    } finally {
      for (const socket of sockets) socket.destroy()
      await close(server)
    }
  })
})

describe('probeProtocol', () => {
  it('finds TLS 1.0 and 1.1 refused by a server that requires TLS 1.2', async () => {
    const server = tlsServer({minVersion: 'TLSv1.2'})
    const port = await listen(server)
    try {
      for (const version of ['TLSv1', 'TLSv1.1'] as const) {
        const probe = await probeProtocol(
          {servername: 'www.example.com', target: {host: '127.0.0.1', port}, timeoutMs: 5000},
          version,
        )
        assert.equal(probe.outcome, 'refused', JSON.stringify(probe))
        assert.equal(probe.version, version)
      }
    } finally {
      await close(server)
    }
  })

  it('finds them accepted by a server that still allows them', async () => {
    const server = tlsServer({ciphers: 'DEFAULT:@SECLEVEL=0', minVersion: 'TLSv1'})
    const port = await listen(server)
    try {
      for (const version of ['TLSv1', 'TLSv1.1'] as const) {
        const probe = await probeProtocol(
          {servername: 'www.example.com', target: {host: '127.0.0.1', port}, timeoutMs: 5000},
          version,
        )
        assert.deepEqual(probe, {outcome: 'accepted', version})
      }
    } finally {
      await close(server)
    }
  })

  it('reports an unreachable server, not a refusal', async () => {
    const server = createNetServer()
    const port = await listen(server)
    await close(server)
    const probe = await probeProtocol(
      {servername: 'www.example.com', target: {host: '127.0.0.1', port}, timeoutMs: 5000},
      'TLSv1',
    )
    assert.deepEqual(probe, {detail: 'ECONNREFUSED', outcome: 'unreachable', version: 'TLSv1'})
  })
})
