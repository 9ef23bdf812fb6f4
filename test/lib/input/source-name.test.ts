import assert from 'node:assert/strict'

import {nameSource} from '../../../src/lib/display-text.js'

describe('nameSource', () => {
  const cases: Array<[string, string]> = [
    ['-', 'stdin'],
    ['certs/server.crt', 'certs/server.crt'],
    ['evil\u001b[31m.crt', 'evil\\x1b[31m.crt'],
  ]
  for (const [label, expected] of cases) {
    it(`names ${JSON.stringify(label)} as ${JSON.stringify(expected)}`, () => {
      assert.equal(nameSource(label), expected)
    })
  }
})
