import assert from 'node:assert/strict'

import {HerokuHttpClient} from '../../../src/platform/heroku/http/heroku-http-client.js'
import {HerokuPlatformClient} from '../../../src/platform/heroku/heroku-platform-client.js'
import {FAKE_TOKEN, FakeHerokuApi} from '../../helpers/fake-heroku-api.js'
import {expectSniError} from '../contract.js'

// The fake Heroku API itself: pagination, auth, error bodies and fault hooks behave as the tests rely on.

describe('FakeHerokuApi', () => {
  let api: FakeHerokuApi

  beforeEach(async () => {
    api = await FakeHerokuApi.start({pageSize: 2})
    for (const hostname of ['a.example.com', 'b.example.com', 'c.example.com', 'd.example.com'])
      api.seedDomain('example', hostname)
  })

  afterEach(async () => {
    await api.close()
  })

  const get = (path: string, headers: Record<string, string> = {}): Promise<Response> =>
    fetch(`${api.url}${path}`, {
      headers: {accept: 'application/vnd.heroku+json; version=3', authorization: `Bearer ${FAKE_TOKEN}`, ...headers},
    })

  function client(options: {timeoutMs?: number} = {}): HerokuPlatformClient {
    const http = new HerokuHttpClient({
      baseUrl: new URL(api.url),
      env: {},
      sleep: async () => {},
      timeoutMs: options.timeoutMs,
      token: FAKE_TOKEN,
      userAgent: 'sni/test',
    })
    return new HerokuPlatformClient({http, sleep: async () => {}})
  }

  it('pages listings with 206 and Next-Range, in creation order', async () => {
    const first = await get('/apps/example/domains', {range: 'id ..; max=1000;'})
    assert.equal(first.status, 206)
    const next = first.headers.get('next-range') ?? ''
    assert.match(next, /^id \][0-9a-f-]{36}\.\.; max=1000$/)
    assert.deepEqual(
      ((await first.json()) as Array<{hostname: string}>).map((d) => d.hostname),
      ['example.herokuapp.com', 'a.example.com'],
    )
    const second = await get('/apps/example/domains', {range: next})
    assert.equal(second.status, 206)
    const third = await get('/apps/example/domains', {range: second.headers.get('next-range') ?? ''})
    assert.equal(third.status, 200)
    assert.deepEqual(
      ((await third.json()) as Array<{hostname: string}>).map((d) => d.hostname),
      ['d.example.com'],
    )
    assert.equal((await client().listDomains('example')).length, 5)
  })

  it("answers Heroku's error bodies: 401 without the token, not_found for an unknown app", async () => {
    const unauthorized = await fetch(`${api.url}/apps/example/domains`)
    assert.equal(unauthorized.status, 401)
    assert.deepEqual(await unauthorized.json(), {id: 'unauthorized', message: 'Invalid credentials provided.'})
    const missing = await get('/apps/no-such-app/domains')
    assert.equal(missing.status, 404)
    assert.deepEqual(await missing.json(), {id: 'not_found', message: "Couldn't find that app."})
    assert.equal(api.requests[0]?.authorized, false)
  })

  it('a GET answered 503, then hanging past the timeout, is retried until it succeeds', async () => {
    api.failNext({fault: 503, method: 'GET', path: '/apps/example/sni-endpoints'})
    api.failNext({fault: 'hang', method: 'GET', path: '/apps/example/sni-endpoints'})
    assert.deepEqual(await client({timeoutMs: 300}).listSniEndpoints('example'), [])
    assert.equal(api.requests.filter((r) => r.path === '/apps/example/sni-endpoints').length, 3)
  })

  it('a PATCH whose connection is closed three times ends in exit 7', async () => {
    api.failNext({fault: 'reset', method: 'PATCH', path: '/apps/example/domains/a.example.com', times: 3})
    await expectSniError(client().updateDomain('example', 'a.example.com', {sniEndpoint: null}), {
      code: 'API_CONNECTION_FAILED',
      exit: 7,
    })
  })

  it('deterministic mode: the same seed gives the same ids, DNS targets and dates; seeded fields and pending statuses are served', async () => {
    const seeded = async (): Promise<FakeHerokuApi> => {
      const fake = await FakeHerokuApi.start({deterministic: true, statusPendingReads: 1})
      fake.seedEndpoint('example', {
        certificateChain: '',
        name: 'tyrannosaurus-12345',
        sslCert: {cert_domains: ['www.example.com']},
      })
      fake.seedDomain('example', 'www.example.com', {
        acmStatus: 'failing',
        acmStatusReason: 'CAA',
        endpoint: 'tyrannosaurus-12345',
      })
      fake.seedDomain('example', 'bad.example.com', {finalStatus: 'failed', statusPendingReads: 1})
      return fake
    }

    const [one, two] = await Promise.all([seeded(), seeded()])
    try {
      assert.deepEqual(one.snapshot('example'), two.snapshot('example'))
      const [www, bad] = one.snapshot('example').domains.slice(1)
      assert.deepEqual(
        [www?.acm_status, www?.acm_status_reason, (www?.sni_endpoint as {name: string}).name, www?.created_at],
        ['failing', 'CAA', 'tyrannosaurus-12345', '2026-01-01T00:00:00Z'],
      )
      assert.match(String(www?.id), /^00000000-0000-4000-8000-\d{12}$/)
      const read = async (): Promise<string> =>
        (
          (await (
            await fetch(`${one.url}/apps/example/domains/bad.example.com`, {
              headers: {authorization: `Bearer ${FAKE_TOKEN}`},
            })
          ).json()) as {status: string}
        ).status
      assert.deepEqual(
        [bad?.status, await read(), await read()],
        ['pending', 'pending', 'failed'],
        'pending for its reads (a snapshot is no read), then the final status',
      )
    } finally {
      await Promise.all([one.close(), two.close()])
    }
  })
})
