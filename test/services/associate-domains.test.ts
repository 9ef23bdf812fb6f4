import assert from 'node:assert/strict'

import {associateDomains, withAssociatedDomains} from '../../src/services/associate-domains.js'
import type {Domain, SniEndpoint} from '../../src/lib/models.js'
import type {PlatformClient} from '../../src/platform/platform-client.js'
import {SniError} from '../../src/lib/sni-error.js'
import {type InterruptionAccount, StepJournal} from '../../src/lib/step-journal.js'

/** A platform whose updateDomain succeeds except for the hostnames given; nothing else is called. */
function fakePlatform(failing: string[]): PlatformClient & {calls: string[]} {
  const calls: string[] = []
  const updateDomain = async (app: string, hostname: string, change: {sniEndpoint: string | null}): Promise<Domain> => {
    calls.push(`${app} ${hostname} ${change.sniEndpoint}`)
    if (failing.includes(hostname)) throw new SniError('Internal server error.', {code: 'API_UNAVAILABLE', exit: 7})
    return {
      acmStatus: null,
      acmStatusReason: null,
      app: {name: app},
      cname: `target-${hostname}.herokudns.com`,
      createdAt: '',
      hostname,
      id: `id-${hostname}`,
      kind: 'custom',
      sniEndpoint: {id: 'e1', name: String(change.sniEndpoint)},
      status: 'succeeded',
      updatedAt: '',
    }
  }

  return {calls, updateDomain} as unknown as PlatformClient & {calls: string[]}
}

describe('associateDomains', () => {
  it('attempts every hostname in order, reporting each, with the resume command for failures', async () => {
    const platform = fakePlatform(['b.example.com'])
    const results = await associateDomains(
      platform,
      'shop',
      'stego-12345',
      ['a.example.com', 'b.example.com', 'c.example.com'],
      'heroku',
    )
    assert.deepEqual(platform.calls, [
      'shop a.example.com stego-12345',
      'shop b.example.com stego-12345',
      'shop c.example.com stego-12345',
    ])
    assert.deepEqual(
      results.map((r) => [r.hostname, r.ok, r.cname, r.domainId, r.resume]),
      [
        ['a.example.com', true, 'target-a.example.com.herokudns.com', 'id-a.example.com', undefined],
        ['b.example.com', false, null, undefined, 'heroku domains:update b.example.com --cert stego-12345 --app shop'],
        ['c.example.com', true, 'target-c.example.com.herokudns.com', 'id-c.example.com', undefined],
      ],
    )
    assert.equal(results[1]?.error, 'Internal server error.')
  })

  it('with a journal, the account at each request says what is done, what is in flight and how to finish', async () => {
    const journal = new StepJournal()
    const seen: InterruptionAccount[] = []
    const platform = fakePlatform(['b.example.com'])
    const update = platform.updateDomain.bind(platform)
    platform.updateDomain = async (app, hostname, change) => {
      seen.push(journal.account())
      return update(app, hostname, change)
    }

    await associateDomains(
      platform,
      'shop',
      'stego-12345',
      ['a.example.com', 'b.example.com', 'c.example.com'],
      'sni',
      journal,
    )
    const resume = (h: string) => `sni domains:update ${h} --cert stego-12345 --app shop`
    const inFlight = (h: string) =>
      `${h} may or may not have been associated with stego-12345; check with \`sni domains:info ${h} --app shop\``
    assert.deepEqual(seen, [
      {
        done: [],
        notDone: ['b.example.com, c.example.com were not associated with stego-12345'],
        toFinish: ['a.example.com', 'b.example.com', 'c.example.com'].map(resume),
        uncertain: [inFlight('a.example.com')],
      },
      {
        done: ['a.example.com was associated with stego-12345'],
        notDone: ['c.example.com was not associated with stego-12345'],
        toFinish: ['b.example.com', 'c.example.com'].map(resume),
        uncertain: [inFlight('b.example.com')],
      },
      {
        done: ['a.example.com was associated with stego-12345'],
        notDone: ['b.example.com was not associated with stego-12345'],
        toFinish: ['c.example.com', 'b.example.com'].map(resume),
        uncertain: [inFlight('c.example.com')],
      },
    ])
    // Afterwards: the failure is what is left.
    assert.deepEqual(journal.account(), {
      done: ['a.example.com was associated with stego-12345', 'c.example.com was associated with stego-12345'],
      notDone: ['b.example.com was not associated with stego-12345'],
      toFinish: [resume('b.example.com')],
      uncertain: [],
    })
  })
})

describe('withAssociatedDomains', () => {
  it('adds the ids of the domains that were associated, after those it had and without duplicates, and leaves the input alone', () => {
    const endpoint = {domainIds: ['id-www']} as unknown as SniEndpoint
    const updated = withAssociatedDomains(endpoint, [
      {cname: 'x', domainId: 'id-api', hostname: 'api.example.com', ok: true},
      {cname: null, hostname: 'bad.example.com', ok: false},
      {cname: 'y', domainId: 'id-www', hostname: 'www.example.com', ok: true},
    ])
    assert.deepEqual(updated.domainIds, ['id-www', 'id-api'])
    assert.deepEqual(endpoint.domainIds, ['id-www'])
  })
})
