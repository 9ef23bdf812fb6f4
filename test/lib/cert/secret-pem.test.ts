import assert from 'node:assert/strict'
import {inspect} from 'node:util'

import {SecretPem} from '../../../src/lib/cert/secret-pem.js'

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
