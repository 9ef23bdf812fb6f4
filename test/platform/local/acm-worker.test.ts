// The ACM worker's schedule: a pass over the store every interval, skipped while the store is
// unchanged and no job is due (the router over a large store no longer scans it every second).
import assert from 'node:assert/strict'

import type {AcmDomainJob, LocalAcmStore} from '../../../src/platform/local/acm-store.js'
import {AcmWorker} from '../../../src/platform/local/acm-worker.js'

/** A domain whose ACM certificate falls due for renewal at `renewAt` (a 90-day certificate). */
function servedJob(renewAt: Date): AcmDomainJob {
  const day = 86_400_000
  const startsAt = new Date(renewAt.getTime() - 60 * day).toISOString()
  const expiresAt = new Date(renewAt.getTime() + 30 * day).toISOString()
  return {
    acmStatus: 'cert issued',
    app: 'shop',
    cname: null,
    domainPk: 1,
    endpoint: {acm: true, name: 'acm-endpoint', sslCert: {expiresAt, startsAt} as never},
    failures: 0,
    hostname: 'www.example.com',
    nextAttemptAt: null,
    settings: {} as never,
  }
}

describe('AcmWorker: when it looks at the store', () => {
  let now: Date
  let version: string
  let passes: number
  let worker: AcmWorker
  const renewAt = new Date('2026-12-01T00:00:00Z')

  function makeWorker(options: {storeVersion?: boolean} = {}): AcmWorker {
    const store = {
      // A job that falls due is attempted and fails at once: no CA in this test.
      accountKey: () => {
        throw new Error('no CA in this test')
      },
      listJobs: () => {
        passes++
        return [servedJob(renewAt)]
      },
      recordFailure: () => {},
      removeOrphanedCertificates: () => [],
    } as unknown as LocalAcmStore
    return new AcmWorker({
      intervalMs: 5,
      log: () => {},
      now: () => now,
      responder: {} as never,
      store,
      ...(options.storeVersion === false ? {} : {storeVersion: () => version}),
    })
  }

  const ticks = (n: number) => new Promise((resolve) => setTimeout(resolve, n * 5 + 40))

  beforeEach(() => {
    now = new Date('2026-11-29T00:00:00Z')
    version = '1:0'
    passes = 0
  })
  afterEach(async () => worker.stop())

  it('makes one pass, then none while the store is unchanged and nothing is due', async () => {
    worker = makeWorker()
    worker.start()
    await ticks(10)
    assert.equal(passes, 1)
  })

  it('passes again at the next check after the store changed', async () => {
    worker = makeWorker()
    worker.start()
    await ticks(4)
    version = '2:0'
    await ticks(4)
    assert.equal(passes, 2)
  })

  it('passes again once a job falls due, the store unchanged', async () => {
    worker = makeWorker()
    worker.start()
    await ticks(4)
    now = new Date(renewAt.getTime() + 1)
    await ticks(4)
    assert.ok(passes >= 2, `only ${passes} pass(es)`)
  })

  it('without a store version, passes at every check as before', async () => {
    worker = makeWorker({storeVersion: false})
    worker.start()
    await ticks(10)
    assert.ok(passes >= 3, `only ${passes} pass(es)`)
  })
})
