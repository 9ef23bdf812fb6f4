import assert from 'node:assert/strict'

import {decideAcmAction, nextAcmDecisionAt} from '../../../src/lib/acm/acm-decision.js'
import {herokuRenewalAt, localRenewalAt, RETRY_MAX_MS, retryDelayMs} from '../../../src/lib/acm/renewal-schedule.js'

describe('ACM renewal schedule', () => {
  it('renews local certificates at two thirds of their lifetime (day 60 of a 90-day certificate)', () => {
    assert.equal(
      localRenewalAt('2026-01-01T00:00:00Z', '2026-04-01T00:00:00Z')?.toISOString(),
      '2026-03-02T00:00:00.000Z',
    )
    assert.equal(
      localRenewalAt('2026-01-01T00:00:00Z', '2026-01-01T00:00:09Z')?.toISOString(),
      '2026-01-01T00:00:06.000Z',
    )
    assert.equal(localRenewalAt(undefined, '2026-04-01T00:00:00Z'), undefined)
    assert.equal(localRenewalAt('2026-04-01T00:00:00Z', '2026-01-01T00:00:00Z'), undefined)
  })

  it("Heroku's renewal line: one calendar month before expiry", () => {
    assert.equal(herokuRenewalAt('2027-01-26T02:35:00Z')?.toISOString(), '2026-12-26T02:35:00.000Z')
    assert.equal(herokuRenewalAt('nonsense'), undefined)
  })

  it('backs off 2, 4, 8 ... minutes after failures, at most 6 hours', () => {
    assert.deepEqual(
      [1, 2, 3, 4].map((n) => retryDelayMs(n) / 60_000),
      [2, 4, 8, 16],
    )
    assert.equal(retryDelayMs(50), RETRY_MAX_MS)
  })
})

describe('what the ACM worker does for a domain', () => {
  const now = new Date('2026-03-01T00:00:00Z')
  const acm = (startsAt: string, expiresAt: string) => ({acm: true, sslCert: {expiresAt, startsAt}})
  // next: when the worker must look at the domain again if the store does not change (nextAcmDecisionAt).
  const cases: Array<{name: string; next?: string; state: Parameters<typeof decideAcmAction>[0]; want: string}> = [
    {
      name: 'no certificate yet: issue',
      next: '2026-03-01T00:00:00.000Z',
      state: {acmStatus: null, endpoint: null, nextAttemptAt: null},
      want: 'issue',
    },
    {
      name: 'failed, backoff not over: wait',
      next: '2026-03-01T00:05:00.000Z',
      state: {acmStatus: 'failed', endpoint: null, nextAttemptAt: '2026-03-01T00:05:00Z'},
      want: 'none',
    },
    {
      name: 'failed, backoff over: issue again',
      next: '2026-03-01T00:00:00.000Z',
      state: {acmStatus: 'failed', endpoint: null, nextAttemptAt: '2026-02-28T23:55:00Z'},
      want: 'issue',
    },
    {
      name: 'ACM certificate before its renewal time: nothing',
      next: '2026-04-02T00:00:00.000Z',
      state: {
        acmStatus: 'cert issued',
        endpoint: acm('2026-02-01T00:00:00Z', '2026-05-02T00:00:00Z'),
        nextAttemptAt: null,
      },
      want: 'none',
    },
    {
      name: 'ACM certificate past two thirds: renew',
      next: '2026-03-01T00:00:00.000Z',
      state: {
        acmStatus: 'cert issued',
        endpoint: acm('2025-12-01T00:00:00Z', '2026-03-02T00:00:00Z'),
        nextAttemptAt: null,
      },
      want: 'renew',
    },
    {
      name: 'renewal failing, backoff not over: wait',
      next: '2026-03-01T01:00:00.000Z',
      state: {
        acmStatus: 'failing',
        endpoint: acm('2025-12-01T00:00:00Z', '2026-03-02T00:00:00Z'),
        nextAttemptAt: '2026-03-01T01:00:00Z',
      },
      want: 'none',
    },
    {
      name: 'a manual certificate took over: release once',
      next: '2026-03-01T00:00:00.000Z',
      state: {acmStatus: 'cert issued', endpoint: {acm: false, sslCert: {}}, nextAttemptAt: null},
      want: 'release',
    },
    {
      name: 'a manual certificate, already released: nothing',
      state: {acmStatus: null, endpoint: {acm: false, sslCert: {}}, nextAttemptAt: null},
      want: 'none',
    },
  ]
  for (const {name, next, state, want} of cases) {
    it(name, () => {
      assert.equal(decideAcmAction(state, now), want)
      assert.equal(nextAcmDecisionAt(state, now)?.toISOString(), next)
    })
  }
})
