import assert from 'node:assert/strict'

import {parseIsoTime} from '../../../src/lib/input/iso-time.js'
import {SniError} from '../../../src/lib/sni-error.js'

describe('parseIsoTime (--at)', () => {
  const rows: Array<[string, string]> = [
    ['2026-12-01', '2026-12-01T00:00:00.000Z'],
    ['2026-12-01T09:30:00Z', '2026-12-01T09:30:00.000Z'],
    ['2026-12-01T09:30Z', '2026-12-01T09:30:00.000Z'],
    ['2026-12-01 09:30:15z', '2026-12-01T09:30:15.000Z'],
    ['2026-12-01T10:30:00+01:00', '2026-12-01T09:30:00.000Z'],
    ['2026-12-01T10:30:00+0100', '2026-12-01T09:30:00.000Z'],
    ['2024-03-01T00:00:00.999+00:00', '2024-03-01T00:00:00.999Z'],
    ['2024-02-29', '2024-02-29T00:00:00.000Z'],
  ]
  for (const [input, iso] of rows) it(input, () => assert.equal(parseIsoTime(input).toISOString(), iso))

  const rejected: Array<[string, RegExp]> = [
    ['2026-12-01T09:30:00', /has no zone/],
    ['2026-02-30', /no such date/],
    ['2026-12-01T25:00Z', /no such date or time/],
    ['tomorrow', /expected YYYY-MM-DD/],
    ['12/01/2026', /expected YYYY-MM-DD/],
    ['', /expected/],
  ]
  for (const [input, message] of rejected) {
    it(`refuses ${JSON.stringify(input)} with a usage error`, () => {
      assert.throws(
        () => parseIsoTime(input),
        (error: unknown) =>
          error instanceof SniError && error.code === 'INVALID_TIME' && error.exit === 2 && message.test(error.message),
      )
    })
  }
})
