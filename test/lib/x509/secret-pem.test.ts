import assert from 'node:assert/strict'
import {inspect} from 'node:util'

import {redactPrivateKeyBlocks, redactPrivateKeys, SecretPem} from '../../../src/lib/x509/secret-pem.js'
import {readFixture} from '../../helpers/fixtures.js'

describe('SecretPem', () => {
  const pem = '-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----\n'
  const secret = new SecretPem(pem)

  const renderings: Array<[string, () => string]> = [
    ['JSON.stringify', () => JSON.stringify({key: secret})],
    ['String()', () => String(secret)],
    ['template literal', () => `${secret}`],
    ['util.inspect', () => inspect({nested: {secret}}, {depth: 5})],
  ]
  for (const [name, render] of renderings) {
    it(`hides the key from ${name}`, () => {
      const out = render()
      assert.ok(!out.includes('PRIVATE KEY-----'), out)
      assert.ok(!out.includes('MIIEvQ'), out)
      assert.match(out, /REDACTED/)
    })
  }

  it('reveals the key only on request', () => {
    assert.equal(secret.reveal(), pem)
  })
})

describe('redactPrivateKeys', () => {
  const pem = readFixture('key-rsa-pkcs8.pem').toString('utf8')
  const body = pem.replaceAll(/-----[^-]+-----/g, '').replaceAll(/\s/g, '')
  before(() => {
    new SecretPem(pem) // held by this process from now on
  })

  it('takes out any PEM private key block, whole or cut off', () => {
    assert.equal(
      redactPrivateKeys(`Key is invalid: ${pem.trim()} (id 3)`),
      'Key is invalid: [REDACTED PRIVATE KEY] (id 3)',
    )
    assert.equal(
      redactPrivateKeys('bad: -----BEGIN RSA PRIVATE KEY-----\nMIIBOgIBAAJBAK'),
      'bad: [REDACTED PRIVATE KEY]',
    )
    assert.equal(redactPrivateKeyBlocks(`x ${pem} y`), 'x [REDACTED PRIVATE KEY]\n y')
  })

  it('takes out the body of a key it holds: on one line, re-wrapped, or a piece of it', () => {
    const oneLine = body.slice(0, 400)
    assert.equal(redactPrivateKeys(`Key is invalid: ${oneLine}…`), 'Key is invalid: [REDACTED PRIVATE KEY]…')
    const rewrapped =
      body
        .slice(100, 400)
        .match(/.{1,76}/g)
        ?.join(' ') ?? ''
    assert.doesNotMatch(redactPrivateKeys(rewrapped), /[A-Za-z0-9+/]{24}/)
  })

  it('leaves other text alone', () => {
    const text =
      'certificate file not found: server.crt (fingerprint 2e95b69894d46486e5096da22194380bb9b25664f2f822c94e7f25040eb9c07b)'
    assert.equal(redactPrivateKeys(text), text)
  })
})
