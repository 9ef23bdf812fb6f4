import assert from 'node:assert/strict'
import {spawnSync} from 'node:child_process'
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {parseCertificateDer} from '../../../src/lib/x509/parse-certificate.js'
import {
  type GeneratedRequest,
  generateKeyAndRequest,
  type GenerateOptions,
} from '../../../src/lib/generate/generate-key-and-request.js'
import type {KeyRequest} from '../../../src/lib/generate/key-spec.js'

function runOpenssl(args: string[], input: string): {output: string; status: number | null} {
  const result = spawnSync('openssl', args, {encoding: 'utf8', input})
  return {output: result.stdout + result.stderr, status: result.status}
}

function parsePem(pem: string) {
  const body = pem.replaceAll(/-----[^-]+-----|\s/g, '')
  return parseCertificateDer(Buffer.from(body, 'base64'), 'generated.crt', 0)
}

describe('buildSelfSignedCertificateDer', () => {
  const keys: Array<{
    name: string
    request: KeyRequest
    keyUsage: string
    publicKey: {bits: number; curve?: string; type: string}
    signatureAlgorithm: string
  }> = [
    {
      keyUsage: 'Digital Signature, Key Encipherment',
      name: 'RSA 2048',
      publicKey: {bits: 2048, curve: undefined, type: 'rsa'},
      request: {},
      signatureAlgorithm: 'sha256WithRSAEncryption',
    },
    {
      keyUsage: 'Digital Signature',
      name: 'ECDSA P-256',
      publicKey: {bits: 256, curve: 'prime256v1', type: 'ecdsa'},
      request: {keyType: 'ecdsa'},
      signatureAlgorithm: 'ecdsa-with-SHA256',
    },
    {
      keyUsage: 'Digital Signature',
      name: 'ECDSA P-384',
      publicKey: {bits: 384, curve: 'secp384r1', type: 'ecdsa'},
      request: {curve: 'p384', keyType: 'ecdsa'},
      signatureAlgorithm: 'ecdsa-with-SHA384',
    },
  ]
  for (const {keyUsage, name, publicKey, request, signatureAlgorithm} of keys) {
    describe(name, () => {
      let generated: GeneratedRequest
      let pem: string
      before(() => {
        generated = generateKeyAndRequest({
          ...request,
          domain: 'www.example.com',
          sans: ['*.example.com'],
          selfSigned: true,
          subject: '/C=US/O=Example Inc/CN=www.example.com',
        })
        pem = generated.certificatePem ?? ''
      })

      it('is a v3 server certificate with the extensions openssl expects', () => {
        const {output, status} = runOpenssl(['x509', '-noout', '-text'], pem)
        assert.equal(status, 0, output)
        assert.match(output, /Version: 3 \(0x2\)/)
        assert.match(output, /X509v3 Basic Constraints: critical\n\s+CA:FALSE\n/)
        assert.match(output, new RegExp(`X509v3 Key Usage: critical\\n\\s+${keyUsage}\\n`))
        assert.match(output, /X509v3 Extended Key Usage: \n\s+TLS Web Server Authentication\n/)
        assert.match(output, /X509v3 Subject Key Identifier: \n\s+([0-9A-F]{2}:){19}[0-9A-F]{2}\n/)
        assert.match(output, /X509v3 Subject Alternative Name: \n\s+DNS:www.example.com, DNS:\*.example.com\n/)
      })

      it('verifies against itself for TLS server use', () => {
        const dir = mkdtempSync(join(tmpdir(), 'sni-selfsigned-'))
        try {
          const file = join(dir, 'cert.pem')
          writeFileSync(file, pem)
          const {output, status} = runOpenssl(['verify', '-CAfile', file, '-purpose', 'sslserver', file], '')
          assert.equal(status, 0, output)
        } finally {
          rmSync(dir, {force: true, recursive: true})
        }
      })

      it('reads back through our own parser', () => {
        const {summary} = parsePem(pem)
        assert.equal(summary.subject, '/C=US/O=Example Inc/CN=www.example.com')
        assert.equal(summary.issuer, summary.subject)
        assert.deepEqual(summary.dnsNames, ['www.example.com', '*.example.com'])
        assert.equal(summary.signatureAlgorithm, signatureAlgorithm)
        assert.deepEqual(
          {bits: summary.publicKey.bits, curve: summary.publicKey.curve, type: summary.publicKey.type},
          publicKey,
        )
        assert.equal(summary.isCA, false)
        assert.equal(summary.selfSigned, true)
        assert.equal(generated.keyType, name)
      })
    })
  }

  describe('validity and serial number', () => {
    const now = new Date('2030-01-15T12:00:00Z')
    const options: GenerateOptions = {days: 90, domain: 'a.example', keyType: 'ecdsa', now, selfSigned: true}

    it('starts five minutes before now and lasts the given days', () => {
      const {summary} = parsePem(generateKeyAndRequest(options).certificatePem ?? '')
      assert.equal(summary.notBefore, '2030-01-15T11:55:00.000Z')
      assert.equal(summary.notAfter, '2030-04-15T12:00:00.000Z')
    })

    it('defaults to 90 days', () => {
      const {summary} = parsePem(generateKeyAndRequest({...options, days: undefined}).certificatePem ?? '')
      assert.equal(summary.notAfter, '2030-04-15T12:00:00.000Z')
    })

    it('switches to GeneralizedTime from 2050', () => {
      const pem =
        generateKeyAndRequest({...options, days: 3650, now: new Date('2045-06-01T00:00:00Z')}).certificatePem ?? ''
      const {output, status} = runOpenssl(['asn1parse'], pem)
      assert.equal(status, 0, output)
      assert.match(output, /UTCTIME\s+:450531235500Z/)
      assert.match(output, /GENERALIZEDTIME\s+:20550530000000Z/)
      assert.equal(parsePem(pem).summary.notAfter, '2055-05-30T00:00:00.000Z')
    })

    it('uses a fresh positive 16-byte serial number each time', () => {
      const serials = Array.from(
        {length: 5},
        () => parsePem(generateKeyAndRequest(options).certificatePem ?? '').summary.serialNumber,
      )
      for (const serial of serials) assert.match(serial, /^[4-7][0-9A-F]{31}$/)
      assert.equal(new Set(serials).size, serials.length)
    })
  })
})
