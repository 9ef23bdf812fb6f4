import assert from 'node:assert/strict'

import type {Domain} from '../../../src/lib/models.js'
import type {PlatformClient} from '../../../src/platform/platform-client.js'
import {waitForAcm} from '../../../src/services/acm/wait-for-acm.js'

function domain(hostname: string, acmStatus: string | null, acmStatusReason: string | null = null): Domain {
  return {
    acmStatus,
    acmStatusReason,
    app: {name: 'shop'},
    cname: `${hostname}.target`,
    createdAt: '',
    hostname,
    id: hostname,
    kind: 'custom',
    sniEndpoint: null,
    status: 'succeeded',
    updatedAt: '',
  }
}

/** A platform whose domain listing returns the next snapshot at each call (the last one forever). */
function scripted(snapshots: Domain[][]): {calls: () => number; platform: PlatformClient} {
  let calls = 0
  const platform = {
    kind: 'heroku',
    listDomains: async () => snapshots[Math.min(calls++, snapshots.length - 1)] as Domain[],
  } as unknown as PlatformClient
  return {calls: () => calls, platform}
}

describe('waitForAcm', () => {
  it('polls until every custom domain is issued or failed, reporting each change once', async () => {
    const {calls, platform} = scripted([
      [
        domain('a.example.com', null),
        domain('b.example.com', 'pending'),
        {...domain('shop.herokuapp.com', null), kind: 'heroku'},
      ],
      [domain('a.example.com', 'pending'), domain('b.example.com', 'pending')],
      [domain('a.example.com', 'cert issued'), domain('b.example.com', 'failed', 'no DNS record')],
    ])
    const changes: string[] = []
    const sleeps: number[] = []
    let clock = 0
    const outcome = await waitForAcm(platform, 'shop', {
      intervalMs: (poll) => poll * 100,
      now: () => clock,
      onChange: (d, status) =>
        changes.push(`${d.hostname} ${status}${d.acmStatusReason ? ` (${d.acmStatusReason})` : ''}`),
      sleep: async (ms) => {
        sleeps.push(ms)
        clock += ms
      },
      timeoutMs: 60_000,
    })
    assert.deepEqual(changes, [
      'a.example.com Waiting',
      'b.example.com Pending',
      'a.example.com Pending',
      'a.example.com Cert issued',
      'b.example.com Failed (no DNS record)',
    ])
    assert.deepEqual(outcome, {done: true, failed: ['b.example.com'], pending: [], seconds: 0.3, timedOut: false})
    assert.deepEqual(sleeps, [100, 200])
    assert.equal(calls(), 3)
  })

  it('is bounded: never sleeps past the deadline and reports what is still pending', async () => {
    const {platform} = scripted([[domain('a.example.com', 'pending')]])
    let clock = 0
    const sleeps: number[] = []
    const outcome = await waitForAcm(platform, 'shop', {
      intervalMs: () => 400,
      now: () => clock,
      onChange: () => {},
      sleep: async (ms) => {
        sleeps.push(ms)
        clock += ms
      },
      timeoutMs: 1000,
    })
    assert.deepEqual(sleeps, [400, 400, 200])
    assert.deepEqual(outcome, {done: false, failed: [], pending: ['a.example.com'], seconds: 1, timedOut: true})
  })

  it('stops when the check throws (the local router went away)', async () => {
    const {platform} = scripted([[domain('a.example.com', 'pending')]])
    await assert.rejects(
      waitForAcm(platform, 'shop', {
        check: () => {
          throw new Error('router stopped')
        },
        intervalMs: () => 1,
        onChange: () => {},
        timeoutMs: 1000,
      }),
      /router stopped/,
    )
  })
})
