import assert from 'node:assert/strict'

import {createWaitProgress} from '../../src/lib/display/wait-progress.js'
import {SniError} from '../../src/lib/sni-error.js'
import type {Domain} from '../../src/lib/models.js'
import type {PlatformClient} from '../../src/platform/platform-client.js'
import {DEFAULT_POLL_INTERVAL_MS, pollIntervalMs, waitForDomains} from '../../src/services/wait-for-domains.js'

function domain(hostname: string, status: string): Domain {
  return {
    acmStatus: null,
    acmStatusReason: null,
    app: {name: 'shop'},
    cname: 'x.herokudns.com',
    createdAt: '',
    hostname,
    id: `id-${hostname}`,
    kind: 'custom',
    sniEndpoint: null,
    status,
    updatedAt: '',
  }
}

/** A platform whose domains answer the given statuses, one per read (the last one repeats). */
function platformAnswering(statuses: Record<string, string[]>): PlatformClient & {reads: string[]} {
  const reads: string[] = []
  const getDomain = async (_app: string, id: string): Promise<Domain> => {
    reads.push(id)
    const hostname = id.replace(/^id-/, '')
    const queue = statuses[hostname] ?? ['succeeded']
    return domain(hostname, (queue.length > 1 ? queue.shift() : queue[0]) as string)
  }

  return {getDomain, reads} as unknown as PlatformClient & {reads: string[]}
}

function clock(): {now: () => number; sleep: (ms: number) => Promise<void>; slept: number[]} {
  let time = 0
  const slept: number[] = []
  return {
    now: () => time,
    async sleep(ms) {
      slept.push(ms)
      time += ms
    },
    slept,
  }
}

describe('waitForDomains', () => {
  const base = {appArgument: ' --app shop', bin: 'sni', intervalMs: 5000, timeoutMs: 60_000}

  it('reads each pending domain by id every interval until it is no longer pending, with progress lines', async () => {
    const platform = platformAnswering({'www.example.com': ['pending', 'pending', 'succeeded']})
    const c = clock()
    const lines: string[] = []
    const settled = await waitForDomains(
      platform,
      'shop',
      [domain('www.example.com', 'pending'), domain('api.example.com', 'succeeded')],
      {
        ...base,
        now: c.now,
        progress: createWaitProgress((t) => lines.push(t)),
        sleep: c.sleep,
      },
    )
    assert.deepEqual(
      settled.map((d) => [d.hostname, d.status]),
      [
        ['www.example.com', 'succeeded'],
        ['api.example.com', 'succeeded'],
      ],
    )
    assert.deepEqual(
      platform.reads,
      ['id-www.example.com', 'id-www.example.com', 'id-www.example.com'],
      'a domain that is already set up is not read again',
    )
    assert.deepEqual(c.slept, [5000, 5000, 5000])
    assert.equal(
      lines.join(''),
      'Waiting for www.example.com... pending after 5 s\nWaiting for www.example.com... pending after 10 s\nWaiting for www.example.com... done\nWaiting for api.example.com... done\n',
    )
  })

  it('stops at the bound with exit 7, naming every domain still pending and the command to check later', async () => {
    const platform = platformAnswering({'a.example.com': ['pending'], 'b.example.com': ['pending']})
    const c = clock()
    const lines: string[] = []
    let caught: unknown
    try {
      await waitForDomains(platform, 'shop', [domain('a.example.com', 'pending'), domain('b.example.com', 'pending')], {
        ...base,
        now: c.now,
        progress: createWaitProgress((t) => lines.push(t)),
        sleep: c.sleep,
        timeoutMs: 12_000,
      })
    } catch (error) {
      caught = error
    }

    assert.ok(caught instanceof SniError)
    assert.deepEqual([caught.code, caught.exit], ['DOMAIN_WAIT_TIMEOUT', 7])
    assert.equal(
      caught.message,
      'Timed out after 12 s waiting for a.example.com, b.example.com (still pending on shop).',
    )
    assert.equal(
      caught.hint,
      'The platform keeps working on them; check again later with `sni domains:wait --app shop`.',
    )
    assert.deepEqual(c.slept, [5000, 5000], 'never sleeps past the bound')
    assert.match(
      lines.join(''),
      /Waiting for a\.example\.com\.\.\. pending after 10 s\nWaiting for a\.example\.com\.\.\. pending\n$/,
    )
  })

  it("ends with Heroku's message (exit 5) when the platform's setup fails", async () => {
    const platform = platformAnswering({'www.example.com': ['failed']})
    const c = clock()
    await assert.rejects(
      waitForDomains(platform, 'shop', [domain('www.example.com', 'pending')], {...base, now: c.now, sleep: c.sleep}),
      (error: unknown) => {
        assert.ok(error instanceof SniError)
        assert.deepEqual(
          [error.code, error.exit, error.message],
          ['DOMAIN_FAILED', 5, 'The domain creation finished with status failed.'],
        )
        assert.equal(
          error.hint,
          'Check www.example.com with `sni domains:info www.example.com --app shop`; remove it and add it again to retry.',
        )
        return true
      },
    )
  })

  it("polls every 5 s as Heroku's, or as SNI_POLL_INTERVAL_MS says (at least 100 ms)", () => {
    assert.equal(pollIntervalMs({}), DEFAULT_POLL_INTERVAL_MS)
    assert.equal(pollIntervalMs({SNI_POLL_INTERVAL_MS: '250'}), 250)
    assert.equal(pollIntervalMs({SNI_POLL_INTERVAL_MS: '5'}), DEFAULT_POLL_INTERVAL_MS)
    assert.equal(pollIntervalMs({SNI_POLL_INTERVAL_MS: 'soon'}), DEFAULT_POLL_INTERVAL_MS)
  })
})
