import assert from 'node:assert/strict'
import {createPrivateKey, createPublicKey, X509Certificate} from 'node:crypto'
import {inspect} from 'node:util'

import {SecretPem} from '../../../src/lib/x509/secret-pem.js'
import {
  generateKeyAndRequest,
  type GenerateOptions,
  planGeneration,
} from '../../../src/lib/generate/generate-key-and-request.js'
import {SniError} from '../../../src/lib/sni-error.js'

describe('generateKeyAndRequest', () => {
  it('returns a CSR, a PKCS#8 key held as a secret, and the normalised names', () => {
    const generated = generateKeyAndRequest({
      domain: 'WWW.Example.com.',
      owner: {owner: 'Example Inc'},
      sans: ['example.com'],
    })
    assert.ok(generated.privateKeyPem instanceof SecretPem)
    assert.match(generated.privateKeyPem.reveal(), /^-----BEGIN PRIVATE KEY-----\n/)
    assert.match(
      generated.csrPem ?? '',
      /^-----BEGIN CERTIFICATE REQUEST-----\n(.{64}\n)+.{1,64}\n-----END CERTIFICATE REQUEST-----\n$/,
    )
    assert.equal(generated.certificatePem, undefined)
    assert.equal(generated.domain, 'www.example.com')
    assert.deepEqual(generated.sans, ['www.example.com', 'example.com'])
    assert.equal(generated.subject, '/O=Example Inc/CN=www.example.com')
    assert.equal(generated.keyType, 'RSA 2048')
  })

  it('never shows the key when the result is serialised or inspected', () => {
    const generated = generateKeyAndRequest({domain: 'a.example', keyType: 'ecdsa', selfSigned: true})
    const body = generated.privateKeyPem.reveal().split('\n')[1] ?? ''
    for (const text of [JSON.stringify(generated), inspect(generated, {depth: 5}), String(generated.privateKeyPem)]) {
      assert.ok(!text.includes('PRIVATE KEY-----'))
      assert.ok(!text.includes(body.slice(0, 40)))
    }
  })

  it('signs the self-signed certificate with the returned key', () => {
    const generated = generateKeyAndRequest({domain: 'a.example', keyType: 'ecdsa', selfSigned: true})
    const certificate = new X509Certificate(generated.certificatePem ?? '')
    const publicFromKey = createPublicKey(createPrivateKey(generated.privateKeyPem.reveal()))
    assert.ok(certificate.checkPrivateKey(createPrivateKey(generated.privateKeyPem.reveal())))
    assert.ok(certificate.verify(publicFromKey))
    assert.equal(generated.csrPem, undefined)
  })

  it('generates RSA keys of the size asked for', function () {
    this.timeout(120_000)
    const generated = generateKeyAndRequest({domain: 'a.example', keySize: 3072})
    assert.equal(generated.keyType, 'RSA 3072')
  })
})

describe('planGeneration', () => {
  const invalid: Array<{name: string; options: GenerateOptions; code: string}> = [
    {code: 'INVALID_HOSTNAME', name: 'a bad DOMAIN', options: {domain: 'a b'}},
    {code: 'INVALID_HOSTNAME', name: 'a bad --san', options: {domain: 'a.example', sans: ['*']}},
    {code: 'INVALID_SUBJECT', name: 'a malformed --subject', options: {domain: 'a.example', subject: 'CN=a.example'}},
    {
      code: 'INVALID_SUBJECT',
      name: 'a bad --country',
      options: {domain: 'a.example', owner: {country: 'United States'}},
    },
    {code: 'KEY_SPEC_CONFLICT', name: 'a curve for an RSA key', options: {curve: 'p384', domain: 'a.example'}},
    {code: 'INVALID_DAYS', name: 'zero days', options: {days: 0, domain: 'a.example', selfSigned: true}},
    {code: 'INVALID_DAYS', name: 'days beyond ten years', options: {days: 3651, domain: 'a.example', selfSigned: true}},
  ]
  for (const {code, name, options} of invalid) {
    it(`rejects ${name} before generating anything`, () => {
      assert.throws(
        () => planGeneration(options),
        (error: unknown) => error instanceof SniError && error.code === code && error.exit === 2,
      )
    })
  }

  it('prefers --subject over owner details and ignores days for a CSR', () => {
    const plan = planGeneration({days: 0, domain: 'a.example', owner: {owner: 'Ignored'}, subject: '/CN=a.example'})
    assert.deepEqual(
      plan.subject.map((a) => a.shortName),
      ['CN'],
    )
    assert.equal(plan.days, undefined)
  })
})
