import assert from 'node:assert/strict'

import {formatByteSize} from '../../../src/lib/input/read-input-file.js'

describe('formatByteSize', () => {
  const cases: Array<[number, string]> = [
    [0, '0 B'],
    [1023, '1023 B'],
    [1024, '1 KiB'],
    [1536, '1.5 KiB'],
    [16 * 1024, '16 KiB'],
    [16 * 1024 + 1, '16385 B'],
    [1024 * 1024, '1 MiB'],
    [40 * 1024 * 1024, '40 MiB'],
    [2.5 * 1024 * 1024, '2.5 MiB'],
  ]
  for (const [bytes, expected] of cases) {
    it(`shows ${bytes} as ${expected}`, () => {
      assert.equal(formatByteSize(bytes), expected)
    })
  }
})
