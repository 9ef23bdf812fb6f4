import assert from 'node:assert/strict'

import {checkLeafIsCa} from '../../../src/lib/checks/check-leaf-is-ca.js'
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
      assert.deepEqual(checkLeafIsCa(loadFixtureCertificate(fixture)).map((f) => `${f.severity}:${f.code}`), expected)
    })
  }
})
