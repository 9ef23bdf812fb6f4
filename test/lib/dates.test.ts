import assert from 'node:assert/strict'

import {formatDate} from '../../src/lib/dates.js'

describe('formatDate', () => {
  const rows: Array<[Date | string, string]> = [
    ['2020-02-01T00:00:00.000Z', '2020-02-01 00:00 UTC'],
    [new Date('2027-11-27T02:32:59Z'), '2027-11-27 02:32 UTC'],
    ['2026-03-15T23:59:00+02:00', '2026-03-15 21:59 UTC'],
  ]
  for (const [input, expected] of rows) {
    it(`${String(input)} -> ${expected}`, () => assert.equal(formatDate(input), expected))
  }
})
