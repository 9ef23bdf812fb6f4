import assert from 'node:assert/strict'
import {X509Certificate} from 'node:crypto'
import {mkdtempSync, readFileSync, rmSync} from 'node:fs'
import {get} from 'node:http'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {connect} from 'node:tls'

import {SecretPem} from '../../src/lib/x509/secret-pem.js'
import {AcmeChallengeResponder} from '../../src/router/acme-challenge-responder.js'
import {startHttpServer} from '../../src/router/http-server.js'
import {type RunningRouter, startRouter} from '../../src/router/router-server.js'
import {SniResolver} from '../../src/router/sni-resolver.js'
import {readFixture} from '../helpers/fixtures.js'
import {writeOpensslEcCertificate} from '../helpers/openssl-self-signed.js'

/** A self-signed validation certificate for a name, as acme-client's createAlpnCertificate makes (minus the acmeIdentifier extension). */
function validationCertificate(dir: string, name: string): {cert: string; key: string} {
  const key = join(dir, 'alpn.key')
  const cert = join(dir, 'alpn.crt')
  writeOpensslEcCertificate({cert, key}, {days: 1, subject: `/CN=${name}`, subjectAltName: `DNS:${name}`})
  return {cert: readFileSync(cert, 'utf8'), key: readFileSync(key, 'utf8')}
}

function handshake(
  port: number,
  servername: string,
  alpn: string[],
  maxVersion: 'TLSv1.2' | 'TLSv1.3',
): Promise<{alpn?: false | null | string; error?: string; fingerprint?: string}> {
  return new Promise((resolve) => {
    const socket = connect({
      ALPNProtocols: alpn,
      host: '127.0.0.1',
      maxVersion,
      port,
      rejectUnauthorized: false,
      servername,
    })
    socket.once('secureConnect', () => {
      resolve({alpn: socket.alpnProtocol, fingerprint: socket.getPeerX509Certificate()?.fingerprint256})
      socket.destroy()
    })
    socket.once('error', (error) => resolve({error: error.message}))
  })
}

describe('the router answers ACME challenges', () => {
  const challenges = new AcmeChallengeResponder()
  let dir: string
  let router: RunningRouter
  let validation: {cert: string; key: string}
  const served = readFixture('chain-in-order.pem').toString()

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sni-alpn-'))
    validation = validationCertificate(dir, 'www.example.com')
    const resolver = new SniResolver({
      lookup: async (hostname) =>
        hostname === 'www.example.com'
          ? {
              certificateChain: served,
              endpointName: 'tyrannosaurus-12345',
              privateKey: new SecretPem(readFixture('leaf-rsa2048.key').toString()),
            }
          : undefined,
    })
    router = await startRouter({challenges, host: '127.0.0.1', onRequest: () => {}, port: 0, resolver})
  })

  after(async () => {
    await router.close()
    rmSync(dir, {force: true, recursive: true})
  })

  // TLS 1.3 only: see tlsCallbacks in router-server.ts for why TLS 1.2 validators are not served.
  it("TLS-ALPN-01 over TLS 1.3: acme-tls/1 gets the validation certificate, http/1.1 the domain's", async () => {
    challenges.addTlsAlpn01('www.example.com', validation.cert, new SecretPem(validation.key))
    try {
      const acme = await handshake(router.port, 'www.example.com', ['acme-tls/1'], 'TLSv1.3')
      assert.equal(acme.alpn, 'acme-tls/1', acme.error)
      assert.equal(acme.fingerprint, new X509Certificate(validation.cert).fingerprint256)
      const browser = await handshake(router.port, 'www.example.com', ['h2', 'http/1.1'], 'TLSv1.2')
      assert.equal(browser.alpn, 'http/1.1', browser.error)
      assert.equal(browser.fingerprint, new X509Certificate(readFixture('leaf-rsa2048.crt')).fingerprint256)
    } finally {
      challenges.removeTlsAlpn01('www.example.com')
    }
  })

  it('a name without a pending challenge never negotiates acme-tls/1; a name nobody serves gets no certificate', async () => {
    const refused = await handshake(router.port, 'www.example.com', ['acme-tls/1'], 'TLSv1.3')
    assert.ok(refused.error, 'handshake refused')
    const validationForOther = validationCertificate(dir, 'other.example.com')
    challenges.addTlsAlpn01('other.example.com', validationForOther.cert, new SecretPem(validationForOther.key))
    try {
      assert.equal((await handshake(router.port, 'other.example.com', ['acme-tls/1'], 'TLSv1.3')).alpn, 'acme-tls/1')
      assert.ok(
        (await handshake(router.port, 'other.example.com', ['http/1.1'], 'TLSv1.3')).error,
        'no certificate serves it over http/1.1',
      )
    } finally {
      challenges.removeTlsAlpn01('other.example.com')
    }
  })

  it('HTTP-01: the HTTP port serves the key authorization of a pending token, whatever the Host; other paths go to the app', async () => {
    const http = await startHttpServer({challenges, host: '127.0.0.1', onRequest: () => {}, port: 0})
    const fetch = (path: string): Promise<{body: string; status: number}> =>
      new Promise((resolve, reject) => {
        get({headers: {host: 'www.example.com:5002'}, host: '127.0.0.1', path, port: http.port}, (response) => {
          let body = ''
          response.on('data', (chunk: Buffer) => (body += chunk.toString()))
          response.on('end', () => resolve({body, status: response.statusCode ?? 0}))
        }).on('error', reject)
      })
    try {
      challenges.addHttp01('tok_en-1', 'tok_en-1.thumbprint')
      assert.deepEqual(await fetch('/.well-known/acme-challenge/tok_en-1'), {body: 'tok_en-1.thumbprint', status: 200})
      challenges.removeHttp01('tok_en-1')
      const gone = await fetch('/.well-known/acme-challenge/tok_en-1')
      assert.equal(gone.status, 200)
      assert.match(gone.body, /no --upstream given/, 'a finished challenge falls through to the app (the echo here)')
      assert.match((await fetch('/')).body, /x-forwarded-proto: http\n/)
    } finally {
      await http.close()
    }
  })
})
