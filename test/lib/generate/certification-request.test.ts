import assert from 'node:assert/strict'
import {spawnSync} from 'node:child_process'
import {createPublicKey} from 'node:crypto'

import {type GeneratedRequest, generateKeyAndRequest} from '../../../src/lib/generate/generate-key-and-request.js'
import type {KeyRequest} from '../../../src/lib/generate/key-spec.js'

function runOpenssl(args: string[], input: string): {output: string; status: number | null} {
  const result = spawnSync('openssl', args, {encoding: 'utf8', input})
  return {output: result.stdout + result.stderr, status: result.status}
}

describe('buildCertificationRequestDer', () => {
  const keys: Array<{name: string; request: KeyRequest; publicKeyAlgorithm: RegExp; signatureAlgorithm: string}> = [
    {
      name: 'RSA 2048',
      publicKeyAlgorithm: /rsaEncryption[\s\S]*Public-Key: \(2048 bit\)/,
      request: {},
      signatureAlgorithm: 'sha256WithRSAEncryption',
    },
    {
      name: 'ECDSA P-256',
      publicKeyAlgorithm: /id-ecPublicKey[\s\S]*NIST CURVE: P-256/,
      request: {keyType: 'ecdsa'},
      signatureAlgorithm: 'ecdsa-with-SHA256',
    },
    {
      name: 'ECDSA P-384',
      publicKeyAlgorithm: /id-ecPublicKey[\s\S]*NIST CURVE: P-384/,
      request: {curve: 'p384', keyType: 'ecdsa'},
      signatureAlgorithm: 'ecdsa-with-SHA384',
    },
  ]
  for (const {name, publicKeyAlgorithm, request, signatureAlgorithm} of keys) {
    describe(name, () => {
      let generated: GeneratedRequest
      let csr: string
      before(() => {
        generated = generateKeyAndRequest({
          ...request,
          domain: 'www.example.com',
          owner: {area: 'California', city: 'San Francisco', country: 'US', owner: 'Example Inc'},
          sans: ['example.com', 'bücher.example'],
        })
        csr = generated.csrPem ?? ''
      })

      it('has a self-signature openssl verifies', () => {
        const {output, status} = runOpenssl(['req', '-verify', '-noout'], csr)
        assert.equal(status, 0, output)
        assert.match(output, /verify OK/)
      })

      it('carries the subject, the key, the requested names and the signature algorithm', () => {
        const {output, status} = runOpenssl(['req', '-noout', '-text'], csr)
        assert.equal(status, 0, output)
        assert.match(
          output,
          /Subject: C = US, ST = California, L = San Francisco, O = Example Inc, CN = www.example.com\n/,
        )
        assert.match(output, publicKeyAlgorithm)
        assert.match(
          output,
          /Requested Extensions:\s+X509v3 Subject Alternative Name: \n\s+DNS:www.example.com, DNS:example.com, DNS:xn--bcher-kva.example\n/,
        )
        assert.match(output, new RegExp(`Signature Algorithm: ${signatureAlgorithm}`))
      })

      it('is for the public half of the generated key', () => {
        const {output} = runOpenssl(['req', '-noout', '-pubkey'], csr)
        const fromCsr = createPublicKey(output).export({format: 'der', type: 'spki'})
        const fromKey = createPublicKey(generated.privateKeyPem.reveal()).export({format: 'der', type: 'spki'})
        assert.deepEqual(fromCsr, fromKey)
      })
    })
  }

  it('marks subjectAltName critical when the subject is empty', () => {
    const domain = `${'a'.repeat(60)}.example.com`
    const {csrPem, subject} = generateKeyAndRequest({domain, keyType: 'ecdsa'})
    assert.equal(subject, '')
    const {output, status} = runOpenssl(['req', '-noout', '-text', '-verify'], csrPem ?? '')
    assert.equal(status, 0, output)
    assert.match(output, /X509v3 Subject Alternative Name: critical\n\s+DNS:a{60}\.example\.com/)
  })
})
