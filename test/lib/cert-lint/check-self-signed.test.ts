import assert from 'node:assert/strict'

import {checkSelfSigned} from '../../../src/lib/cert-lint/check-self-signed.js'
import {loadFixtureCertificate} from '../../helpers/parsed-fixtures.js'

describe('checkSelfSigned', () => {
  const rows: Array<[string, string[]]> = [
    ['leaf-rsa2048.crt', []],
    ['ca-as-leaf.crt', []],
    ['selfsigned.crt', ['warning:CERT_SELF_SIGNED']],
    ['root-ca.crt', ['warning:CERT_SELF_SIGNED']],
  ]
  for (const [fixture, expected] of rows) {
    it(fixture, () => {
      assert.deepEqual(
        checkSelfSigned(loadFixtureCertificate(fixture)).map((f) => `${f.severity}:${f.code}`),
        expected,
      )
    })
  }
})
