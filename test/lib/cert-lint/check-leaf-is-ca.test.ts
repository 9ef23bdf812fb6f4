import assert from 'node:assert/strict'

import {checkLeafIsCa} from '../../../src/lib/cert-lint/check-leaf-is-ca.js'
import {issueIntermediate, issueRoot} from '../../helpers/certificate-builder.js'
import {loadFixtureCertificate} from '../../helpers/parsed-fixtures.js'

describe('checkLeafIsCa', () => {
  const rows: Array<[string, string[]]> = [
    ['leaf-rsa2048.crt', []],
    ['selfsigned.crt', []],
    ['ca-as-leaf.crt', ['error:LEAF_IS_CA']],
    ['intermediate-ca.crt', ['error:LEAF_IS_CA']],
  ]
  for (const [fixture, expected] of rows) {
    it(fixture, () => {
      assert.deepEqual(
        checkLeafIsCa(loadFixtureCertificate(fixture)).map((f) => `${f.severity}:${f.code}`),
        expected,
      )
    })
  }

  it('spares a lone self-signed CA:TRUE certificate (what openssl req -x509 makes), not one a CA issued', () => {
    const selfSigned = issueRoot('www.example.com').parse()
    assert.equal(selfSigned.summary.isCA, true)
    assert.deepEqual(checkLeafIsCa(selfSigned), [])
    assert.deepEqual(
      checkLeafIsCa(issueIntermediate(issueRoot()).parse()).map((f) => f.code),
      ['LEAF_IS_CA'],
    )
  })
})
