import assert from 'node:assert/strict'

import {checkKeyMatch} from '../../../src/lib/cert-lint/check-key-match.js'
import {loadFixtureCertificate, loadFixtureKey} from '../../helpers/parsed-fixtures.js'

describe('checkKeyMatch', () => {
  const matching: Array<[string, string]> = [
    ['leaf-rsa2048.crt', 'leaf-rsa2048.key'],
    ['leaf-rsa2048.crt', 'key-rsa-pkcs1.pem'],
    ['leaf-ecdsa-p256.crt', 'key-ec-sec1.pem'],
    ['leaf-ed25519.crt', 'leaf-ed25519.key'],
  ]
  for (const [cert, key] of matching) {
    it(`${key} matches ${cert}`, () => {
      assert.deepEqual(checkKeyMatch(loadFixtureCertificate(cert), loadFixtureKey(key)), [])
    })
  }

  const mismatched: Array<[string, string, RegExp?]> = [
    ['leaf-rsa2048.crt', 'leaf-rsa4096.key'],
    ['leaf-rsa2048.crt', 'other-leaf.key', /the certificate has an RSA 2048 key, the private key is ECDSA P-256/],
    ['leaf-ecdsa-p256.crt', 'leaf-rsa2048.key', /the certificate has an ECDSA P-256 key, the private key is RSA 2048/],
    ['leaf-ecdsa-p256.crt', 'other-leaf.key'],
  ]
  for (const [certName, keyName, kinds] of mismatched) {
    it(`${keyName} does not match ${certName}`, () => {
      const cert = loadFixtureCertificate(certName)
      const key = loadFixtureKey(keyName)
      const [finding, ...rest] = checkKeyMatch(cert, key)
      assert.equal(rest.length, 0)
      assert.equal(finding?.code, 'KEY_MISMATCH')
      assert.equal(finding?.severity, 'error')
      assert.ok(
        finding?.message.startsWith(
          `${keyName}: the private key does not match the certificate ${certName} (certificate key SHA-256 ${cert.summary.publicKey.spkiSha256}, private key SHA-256 ${key.info.spkiSha256}`,
        ),
      )
      if (kinds) assert.match(finding?.message ?? '', kinds)
      // fingerprints only: no key material in any field
      const body = key.pem.reveal().split('\n').slice(1, -2).join('')
      assert.ok(!JSON.stringify(finding).includes(body.slice(0, 40)))
    })
  }
})
