import assert from 'node:assert/strict'

import {formatDistance} from '../../../src/lib/display/format-distance.js'

describe("formatDistance (date-fns formatDistanceToNow, as Heroku's Last Updated column)", () => {
  const now = new Date('2026-06-01T00:00:00Z')
  const ago = (seconds: number): Date => new Date(now.getTime() - seconds * 1000)
  const cases: Array<[number, string]> = [
    [10, 'less than a minute'],
    [60, '1 minute'],
    [44 * 60, '44 minutes'],
    [50 * 60, 'about 1 hour'],
    [5 * 3600, 'about 5 hours'],
    [30 * 3600, '1 day'],
    [3 * 86_400, '3 days'],
    [35 * 86_400, 'about 1 month'],
    [150 * 86_400, '5 months'],
    [370 * 86_400, 'about 1 year'],
    [(365 + 150) * 86_400, 'over 1 year'],
    [(365 + 320) * 86_400, 'almost 2 years'],
  ]
  for (const [seconds, want] of cases) {
    it(`${seconds} s -> ${want}`, () => {
      assert.equal(formatDistance(ago(seconds), now), want)
    })
  }
})
