import assert from 'node:assert/strict'
import {X509Certificate} from 'node:crypto'

import nock from 'nock'

import {HerokuHttpClient} from '../../../src/platform/heroku/http/heroku-http-client.js'
import {HerokuPlatformClient} from '../../../src/platform/heroku/heroku-platform-client.js'
import {FakeHerokuApi, FAKE_TOKEN} from '../../helpers/fake-heroku-api.js'
import {readFixture} from '../../helpers/fixtures.js'
import {contractInputs, expectSniError} from '../contract.js'

const API = 'https://api.heroku.com'
const ACCEPT = 'application/vnd.heroku+json; version=3'
const inputs = contractInputs()
const rsaChain = inputs.rsa.certificateChain
const rsaKey = inputs.rsa.privateKey.reveal()
const rsaFingerprint = new X509Certificate(readFixture('leaf-rsa2048.crt')).fingerprint256

const APP_ID = 'a0000000-0000-4000-8000-000000000000'
const ENDPOINT_ID = 'e0000000-0000-4000-8000-000000000001'
const WWW_ID = 'd0000000-0000-4000-8000-000000000001'
const APEX_ID = 'd0000000-0000-4000-8000-000000000002'

function endpointJson(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    app: {id: APP_ID, name: 'example'},
    certificate_chain: rsaChain,
    created_at: new Date().toISOString(),
    display_name: null,
    domains: [],
    id: ENDPOINT_ID,
    name: 'tyrannosaurus-12345',
    ssl_cert: {
      acm: false,
      'ca_signed?': false,
      cert_domains: ['www.example.com', 'example.com'],
      'self_signed?': false,
    },
    updated_at: new Date().toISOString(),
    ...overrides,
  }
}

function domainJson(id: string, hostname: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    acm_status: null,
    app: {id: APP_ID, name: 'example'},
    cname: `fierce-ocean-${id.slice(-4)}.herokudns.com`,
    created_at: '2026-01-01T00:00:00Z',
    hostname,
    id,
    kind: 'custom',
    sni_endpoint: null,
    status: 'succeeded',
    updated_at: '2026-01-01T00:00:00Z',
    ...overrides,
  }
}

/** nock 14 emits an Error instance (a plain `{code, message}` object never reaches the request). */
function connectionReset(): Error {
  return Object.assign(new Error('socket hang up'), {code: 'ECONNRESET'})
}

interface Made {
  client: HerokuPlatformClient
  sleeps: number[]
  notices: string[]
}

function makeClient(
  options: {maxAttempts?: number; maxPolls?: number; now?: () => number; uploadGraceMs?: number} = {},
): Made {
  const sleeps: number[] = []
  const notices: string[] = []
  const sleep = async (ms: number): Promise<void> => {
    sleeps.push(ms)
  }

  const http = new HerokuHttpClient({
    baseUrl: new URL(API),
    env: {},
    maxAttempts: options.maxAttempts ?? 3,
    sleep,
    token: FAKE_TOKEN,
    userAgent: 'sni/test',
  })
  const client = new HerokuPlatformClient({
    http,
    maxPolls: options.maxPolls,
    now: options.now,
    onNotice: (m) => notices.push(m),
    sleep,
    uploadGraceMs: options.uploadGraceMs,
  })
  return {client, notices, sleeps}
}

function api(): nock.Scope {
  return nock(API, {reqheaders: {accept: ACCEPT, authorization: `Bearer ${FAKE_TOKEN}`, 'user-agent': 'sni/test'}})
}

describe('HerokuPlatformClient requests (nock)', () => {
  afterEach(() => {
    nock.cleanAll()
  })

  it('listSniEndpoints: one GET sni-endpoints, no Range header, domain ids kept as ids (no domains request)', async () => {
    const scope = api()
      .get('/apps/example/sni-endpoints')
      .matchHeader('range', (value: string | undefined) => value === undefined)
      .reply(200, [
        endpointJson({domains: [WWW_ID, APEX_ID]}),
        endpointJson({domains: [], id: 'e0000000-0000-4000-8000-000000000002', name: 'stegosaurus-67890'}),
        endpointJson({domains: [APEX_ID], id: 'e0000000-0000-4000-8000-000000000003', name: 'triceratops-13579'}),
      ])
    const {client} = makeClient()
    const endpoints = await client.listSniEndpoints('example')
    scope.done()
    assert.deepEqual(
      endpoints.map((e) => [e.name, e.domainIds]),
      [
        ['tyrannosaurus-12345', [WWW_ID, APEX_ID]],
        ['stegosaurus-67890', []],
        ['triceratops-13579', [APEX_ID]],
      ],
    )
    assert.equal(endpoints[0]?.sslCert?.fingerprint256, rsaFingerprint)
    assert.equal(endpoints[0]?.sslCert?.keyType, 'RSA 2048')
  })

  it('listSniEndpoints: follows Next-Range should the API page the answer', async () => {
    const scope = api()
      .get('/apps/example/sni-endpoints')
      .matchHeader('range', (value: string | undefined) => value === undefined)
      .reply(206, [endpointJson()], {'Next-Range': `id ]${ENDPOINT_ID}..; max=200;`})
      .get('/apps/example/sni-endpoints')
      .matchHeader('range', `id ]${ENDPOINT_ID}..; max=200;`)
      .reply(200, [endpointJson({id: 'e0000000-0000-4000-8000-000000000002', name: 'stegosaurus-67890', ssl_cert: {}})])
    const endpoints = await makeClient().client.listSniEndpoints('example')
    scope.done()
    assert.deepEqual(
      endpoints.map((e) => e.name),
      ['tyrannosaurus-12345', 'stegosaurus-67890'],
    )
    assert.deepEqual(endpoints[1]?.sslCert?.certDomains, [])
  })

  it('getDomainsById: a few ids are one GET each, in the order given; a 404 (removed meanwhile) is left out', async () => {
    const scope = api()
      .get(`/apps/example/domains/${APEX_ID}`)
      .reply(200, domainJson(APEX_ID, 'example.com'))
      .get(`/apps/example/domains/${WWW_ID}`)
      .reply(404, {id: 'not_found', message: "Couldn't find that domain."})
      .get('/apps/example/domains/e0000000-0000-4000-8000-00000000000f')
      .reply(200, domainJson('e0000000-0000-4000-8000-00000000000f', 'api.example.com'))
    const domains = await makeClient().client.getDomainsById('example', [
      APEX_ID,
      WWW_ID,
      'e0000000-0000-4000-8000-00000000000f',
      'not-an-id',
    ])
    scope.done()
    assert.deepEqual(
      domains.map((d) => d.hostname),
      ['example.com', 'api.example.com'],
    )
  })

  it('getDomainsById: many ids cost one listing instead (1,000 domains a page)', async () => {
    const ids = Array.from({length: 12}, (_, i) => `d0000000-0000-4000-8000-${String(i).padStart(12, '0')}`)
    const scope = api()
      .get('/apps/example/domains')
      .once()
      .reply(
        200,
        [...ids].reverse().map((id, i) => domainJson(id, `d${i}.example.com`)),
      )
    const domains = await makeClient().client.getDomainsById('example', ids)
    scope.done()
    assert.deepEqual(
      domains.map((d) => d.id),
      ids,
    )
  })

  it('getSniEndpoint: GET sni-endpoints/{name}, encoded', async () => {
    const scope = api().get('/apps/example/sni-endpoints/tyrannosaurus-12345').reply(200, endpointJson())
    const endpoint = await makeClient().client.getSniEndpoint('example', 'tyrannosaurus-12345')
    scope.done()
    assert.equal(endpoint.name, 'tyrannosaurus-12345')
    assert.deepEqual(endpoint.domainIds, [])
  })

  it('createSniEndpoint: POST with exactly {certificate_chain, private_key}', async () => {
    const scope = api()
      .matchHeader('content-type', 'application/json')
      .post('/apps/example/sni-endpoints', (body: unknown) => {
        assert.deepEqual(body, {certificate_chain: rsaChain, private_key: rsaKey})
        return true
      })
      .reply(201, endpointJson())
    const endpoint = await makeClient().client.createSniEndpoint('example', inputs.rsa)
    scope.done()
    assert.equal(endpoint.name, 'tyrannosaurus-12345')
    assert.equal(endpoint.certificateChain, rsaChain)
  })

  it('updateSniEndpoint: PATCH sni-endpoints/{name} with exactly the two fields, and nothing else', async () => {
    const ecdsa = inputs.ecdsa
    const scope = api()
      .patch('/apps/example/sni-endpoints/tyrannosaurus-12345', {
        certificate_chain: ecdsa.certificateChain,
        private_key: ecdsa.privateKey.reveal(),
      })
      .reply(200, endpointJson({certificate_chain: ecdsa.certificateChain, domains: [WWW_ID]}))
    const endpoint = await makeClient().client.updateSniEndpoint('example', 'tyrannosaurus-12345', ecdsa)
    scope.done()
    assert.deepEqual(endpoint.domainIds, [WWW_ID])
    assert.equal(endpoint.sslCert?.keyType, 'ECDSA P-256')
  })

  it('deleteSniEndpoint: GET then DELETE sni-endpoints/{name}; returns it with its domain ids', async () => {
    const scope = api()
      .get('/apps/example/sni-endpoints/tyrannosaurus-12345')
      .reply(200, endpointJson({domains: [WWW_ID]}))
      .delete('/apps/example/sni-endpoints/tyrannosaurus-12345')
      .reply(200, endpointJson({domains: [WWW_ID]}))
    const removed = await makeClient().client.deleteSniEndpoint('example', 'tyrannosaurus-12345')
    scope.done()
    assert.deepEqual(removed.domainIds, [WWW_ID])
  })

  it('listDomains, getDomain, addDomain, updateDomain, removeDomain: exact paths and bodies', async () => {
    const scope = api()
      .get('/apps/example/domains')
      .reply(200, [
        domainJson(WWW_ID, 'example.herokuapp.com', {cname: null, kind: 'heroku', status: 'none'}),
        domainJson(APEX_ID, 'example.com'),
      ])
      .get('/apps/example/domains/www.example.com')
      .reply(200, domainJson(WWW_ID, 'www.example.com'))
      .post('/apps/example/domains', {hostname: 'www.example.com', sni_endpoint: null})
      .reply(201, domainJson(WWW_ID, 'www.example.com', {cname: null}))
      .post('/apps/example/domains', {hostname: '*.example.com', sni_endpoint: 'tyrannosaurus-12345'})
      .reply(201, domainJson(APEX_ID, '*.example.com', {sni_endpoint: {id: ENDPOINT_ID, name: 'tyrannosaurus-12345'}}))
      .patch('/apps/example/domains/www.example.com', {sni_endpoint: 'tyrannosaurus-12345'})
      .reply(200, domainJson(WWW_ID, 'www.example.com', {sni_endpoint: {id: ENDPOINT_ID, name: 'tyrannosaurus-12345'}}))
      .patch('/apps/example/domains/*.example.com', {sni_endpoint: null})
      .reply(200, domainJson(APEX_ID, '*.example.com'))
      .delete('/apps/example/domains/www.example.com')
      .reply(200, domainJson(WWW_ID, 'www.example.com'))
    const {client} = makeClient()
    const listed = await client.listDomains('example')
    assert.deepEqual(
      listed.map((d) => [d.hostname, d.kind, d.cname]),
      [
        ['example.herokuapp.com', 'heroku', null],
        ['example.com', 'custom', 'fierce-ocean-0002.herokudns.com'],
      ],
    )
    assert.equal((await client.getDomain('example', 'WWW.Example.com.')).hostname, 'www.example.com')
    assert.equal((await client.addDomain('example', {hostname: 'www.example.com', sniEndpoint: null})).cname, null)
    assert.deepEqual(
      (await client.addDomain('example', {hostname: '*.example.com', sniEndpoint: 'tyrannosaurus-12345'})).sniEndpoint,
      {
        id: ENDPOINT_ID,
        name: 'tyrannosaurus-12345',
      },
    )
    assert.equal(
      (await client.updateDomain('example', 'www.example.com', {sniEndpoint: 'tyrannosaurus-12345'})).sniEndpoint?.name,
      'tyrannosaurus-12345',
    )
    assert.equal((await client.updateDomain('example', '*.example.com', {sniEndpoint: null})).sniEndpoint, null)
    assert.equal((await client.removeDomain('example', 'www.example.com')).hostname, 'www.example.com')
    scope.done()
  })

  it('encodes every path segment and refuses identifiers that cannot exist before any request', async () => {
    const {client} = makeClient()
    await expectSniError(client.getSniEndpoint('example', '../../account'), {code: 'not_found', exit: 5})
    await expectSniError(client.updateDomain('example', 'www.example.com/../x', {sniEndpoint: null}), {
      code: 'INVALID_HOSTNAME',
      exit: 2,
    })
    await expectSniError(client.listSniEndpoints('../apps'), {code: 'APP_NAME_INVALID', exit: 2})
    // a domain id is used as is
    const scope = api().get(`/apps/example/domains/${WWW_ID}`).reply(200, domainJson(WWW_ID, 'www.example.com'))
    await client.getDomain('example', WWW_ID.toUpperCase())
    scope.done()
  })

  it("passes on the API's refusal with its message and Error ID (exit 5)", async () => {
    const scope = api()
      .post('/apps/example/sni-endpoints')
      .reply(422, {id: 'unprocessable_entity', message: "Key doesn't match the PEM certificate"})
    let unmatched = 0
    const onNoMatch = (): void => {
      unmatched++
    }

    nock.emitter.on('no match', onNoMatch)
    const error = await expectSniError(makeClient().client.createSniEndpoint('example', inputs.rsa), {
      code: 'unprocessable_entity',
      exit: 5,
      message: "Key doesn't match the PEM certificate",
    })
    nock.emitter.off('no match', onNoMatch)
    assert.equal(error.details?.id, 'unprocessable_entity')
    assert.equal(error.hint, 'The platform refused the request; nothing was changed.')
    assert.equal(unmatched, 0, 'a refusal is an answer: no listing, no second POST')
    scope.done()
  })

  describe('listMatchingDomains', () => {
    it('prefilters by exact name and wildcard suffix (callers match exactly); no waiting when every DNS target is known', async () => {
      const scope = api()
        .get('/apps/example/domains')
        .reply(200, [
          domainJson('d0000000-0000-4000-8000-000000000010', 'example.herokuapp.com', {cname: null, kind: 'heroku'}),
          domainJson('d0000000-0000-4000-8000-000000000011', 'www.example.com'),
          domainJson('d0000000-0000-4000-8000-000000000012', 'api.example.com'),
          domainJson('d0000000-0000-4000-8000-000000000013', 'www.example.community'),
          domainJson('d0000000-0000-4000-8000-000000000014', 'example.com'),
          domainJson('d0000000-0000-4000-8000-000000000015', 'shop.example.org', {cname: null}),
        ])
      const {client, sleeps} = makeClient()
      const found = await client.listMatchingDomains('example', ['*.example.com'])
      scope.done()
      assert.deepEqual(
        found.map((d) => d.hostname),
        ['www.example.com', 'api.example.com'],
      )
      assert.deepEqual(sleeps, [], 'an unrelated domain without a DNS target costs no waiting')
    })

    it('polls once a second while a candidate has cname null, then returns it with its DNS target', async () => {
      const pending = domainJson(WWW_ID, 'www.example.com', {cname: null, status: 'pending'})
      const scope = api()
        .get('/apps/example/domains')
        .twice()
        .reply(200, [pending])
        .get('/apps/example/domains')
        .reply(200, [domainJson(WWW_ID, 'www.example.com')])
      const {client, sleeps} = makeClient()
      const found = await client.listMatchingDomains('example', ['www.example.com'])
      scope.done()
      assert.deepEqual(sleeps, [1000, 1000])
      assert.equal(found[0]?.cname, 'fierce-ocean-0001.herokudns.com')
    })

    it('gives up after the bounded number of tries and returns the domain with cname null', async () => {
      const scope = api()
        .get('/apps/example/domains')
        .times(30)
        .reply(200, [domainJson(WWW_ID, 'www.example.com', {cname: null, status: 'pending'})])
      const {client, sleeps} = makeClient()
      const found = await client.listMatchingDomains('example', ['www.example.com'])
      scope.done()
      assert.equal(sleeps.length, 29, "30 tries in all, as Heroku's certs:add")
      assert.equal(found[0]?.cname, null)
    })

    it('an app that does not exist has no domains; no request for a certificate without names', async () => {
      const scope = api().get('/apps/new-app/domains').reply(404, {id: 'not_found', message: "Couldn't find that app."})
      const {client} = makeClient()
      assert.deepEqual(await client.listMatchingDomains('new-app', ['www.example.com']), [])
      assert.deepEqual(await client.listMatchingDomains('new-app', []), [])
      scope.done()
    })
  })

  describe('reconciling an upload whose outcome is unknown (F3, F4)', () => {
    it('POST 500, then the listing shows an endpoint with the uploaded leaf: returned, exactly one POST', async () => {
      let posts = 0
      const scope = api()
        .post('/apps/example/sni-endpoints')
        .reply(() => {
          posts++
          return [500, {id: 'internal_server_error', message: 'Internal server error.'}]
        })
        .get('/apps/example/sni-endpoints')
        .reply(200, [
          endpointJson({
            certificate_chain: inputs.ecdsa.certificateChain,
            id: 'e0000000-0000-4000-8000-000000000009',
            name: 'stegosaurus-67890',
          }),
          endpointJson(),
        ])
      const {client, notices} = makeClient()
      const endpoint = await client.createSniEndpoint('example', inputs.rsa)
      scope.done()
      assert.equal(posts, 1)
      assert.equal(endpoint.name, 'tyrannosaurus-12345')
      assert.equal(endpoint.sslCert?.fingerprint256, rsaFingerprint)
      assert.match(notices.join('\n'), /had succeeded: tyrannosaurus-12345/)
    })

    it('POST reset (no answer) and nothing listed during the grace period: exit 7, outcome unknown, never a second POST', async () => {
      const scope = api()
        .post('/apps/example/sni-endpoints')
        .replyWithError(connectionReset())
        .get('/apps/example/sni-endpoints')
        .times(11)
        .reply(200, [])
      const {client, notices, sleeps} = makeClient({uploadGraceMs: 30_000})
      const error = await expectSniError(client.createSniEndpoint('example', inputs.rsa), {
        code: 'OUTCOME_UNKNOWN',
        exit: 7,
      })
      scope.done()
      assert.match(
        error.message,
        /after 30 s more no endpoint of example holds this certificate, but the upload may still be applied: the outcome is unknown$/,
      )
      assert.deepEqual(
        sleeps,
        Array.from({length: 10}, () => 3000),
        'ten waits of 3 s between eleven listings',
      )
      assert.match(
        notices.join('\n'),
        /No answer to the upload; looking for it among the endpoints of example for up to 30 s/,
      )
    })

    it('POST timed out, applied late: found by a listing during the grace period; one POST', async () => {
      const scope = api()
        .post('/apps/example/sni-endpoints')
        .replyWithError(Object.assign(new Error('timeout'), {code: 'ETIMEDOUT'}))
        .get('/apps/example/sni-endpoints')
        .times(2)
        .reply(200, [])
        .get('/apps/example/sni-endpoints')
        .reply(200, [endpointJson()])
      const {client, sleeps} = makeClient({uploadGraceMs: 5000})
      const endpoint = await client.createSniEndpoint('example', inputs.rsa)
      scope.done()
      assert.equal(endpoint.name, 'tyrannosaurus-12345')
      assert.deepEqual(sleeps, [500, 500])
    })

    it('POST answered 503 and nothing listed: sent once more; the listing after it finds no late first copy', async () => {
      let posts = 0
      const scope = api()
        .post('/apps/example/sni-endpoints')
        .reply(503, {id: 'unavailable', message: 'Service unavailable'})
        .get('/apps/example/sni-endpoints')
        .reply(200, [])
        .post('/apps/example/sni-endpoints', (body: unknown) => {
          posts++
          assert.deepEqual(body, {certificate_chain: rsaChain, private_key: rsaKey})
          return true
        })
        .reply(201, endpointJson())
        .get('/apps/example/sni-endpoints')
        .reply(200, [endpointJson()])
      const {client, sleeps} = makeClient()
      const endpoint = await client.createSniEndpoint('example', inputs.rsa)
      scope.done()
      assert.equal(posts, 1, 'one re-sent POST after the answered one')
      assert.equal(endpoint.name, 'tyrannosaurus-12345')
      assert.deepEqual(
        sleeps.filter((ms) => ms >= 250),
        [],
        'an answered failure needs no grace period',
      )
    })

    it('POST answered 503, sent again, and the first copy shows up late: the second copy is removed again', async () => {
      const late = endpointJson({id: 'e0000000-0000-4000-8000-000000000002', name: 'brachiosaurus-11111'})
      const scope = api()
        .post('/apps/example/sni-endpoints')
        .reply(503, {id: 'unavailable', message: 'Service unavailable'})
        .get('/apps/example/sni-endpoints')
        .reply(200, [])
        .post('/apps/example/sni-endpoints')
        .reply(201, endpointJson())
        .get('/apps/example/sni-endpoints')
        .reply(200, [late, endpointJson()])
        .delete(`/apps/example/sni-endpoints/${ENDPOINT_ID}`)
        .reply(200, endpointJson())
      const {client, notices} = makeClient()
      const endpoint = await client.createSniEndpoint('example', inputs.rsa)
      scope.done()
      assert.equal(endpoint.name, 'brachiosaurus-11111')
      assert.match(
        notices.join('\n'),
        /The first upload arrived late as brachiosaurus-11111; the second copy, tyrannosaurus-12345, was removed again\./,
      )
    })

    it('an endpoint with the same certificate created long before the upload is not taken for it', async () => {
      const old = endpointJson({
        created_at: '2020-01-01T00:00:00Z',
        id: 'e0000000-0000-4000-8000-000000000003',
        name: 'gallimimus-58466',
      })
      const scope = api()
        .post('/apps/example/sni-endpoints')
        .reply(503, {id: 'unavailable', message: 'Service unavailable'})
        .get('/apps/example/sni-endpoints')
        .reply(200, [old])
        .post('/apps/example/sni-endpoints')
        .reply(201, endpointJson())
        .get('/apps/example/sni-endpoints')
        .reply(200, [old, endpointJson()])
      const endpoint = await makeClient().client.createSniEndpoint('example', inputs.rsa)
      scope.done()
      assert.equal(endpoint.name, 'tyrannosaurus-12345')
    })

    it('both POSTs lost and nothing listed: exit 7, outcome unknown, never a third POST', async () => {
      const scope = api()
        .post('/apps/example/sni-endpoints')
        .twice()
        .reply(502, {id: 'bad_gateway', message: 'Bad gateway'})
        .get('/apps/example/sni-endpoints')
        .twice()
        .reply(200, [])
      const error = await expectSniError(makeClient().client.createSniEndpoint('example', inputs.rsa), {
        code: 'OUTCOME_UNKNOWN',
        exit: 7,
      })
      assert.equal(error.details?.outcomeUnknown, true)
      scope.done()
    })

    it('a domain added or updated with an unknown outcome is checked with domains:info on that domain (not certs)', async () => {
      const scope = api()
        .post('/apps/example/domains', {hostname: 'www.example.com', sni_endpoint: null})
        .reply(502, {id: 'bad_gateway', message: 'Bad gateway'})
        .patch('/apps/example/domains/api.example.com')
        .times(3)
        .reply(503, {id: 'unavailable', message: 'Service unavailable'})
      const {client} = makeClient()
      const added = await expectSniError(
        client.addDomain('example', {hostname: 'www.example.com', sniEndpoint: null}),
        {code: 'OUTCOME_UNKNOWN', exit: 7},
      )
      assert.equal(
        added.message,
        'the Heroku API failed with 502 after POST /apps/example/domains was sent; the outcome is unknown; run `sni domains:info www.example.com --app example` to check',
      )
      assert.equal(
        added.hint,
        'Run `sni domains:info www.example.com --app example` to see whether the change was applied before trying again.',
      )
      const updated = await expectSniError(client.updateDomain('example', 'api.example.com', {sniEndpoint: null}), {
        code: 'API_UNAVAILABLE',
        exit: 7,
      })
      assert.match(
        updated.message,
        /the outcome is unknown; run `sni domains:info api\.example\.com --app example` to check$/,
      )
      scope.done()
    })

    it('when the listing fails too, the outcome-unknown error stands (no blind retry)', async () => {
      const scope = api()
        .post('/apps/example/sni-endpoints')
        .reply(500, {id: 'internal_server_error', message: 'Internal server error.'})
        .get('/apps/example/sni-endpoints')
        .times(3)
        .reply(503, {id: 'unavailable', message: 'Service unavailable'})
      await expectSniError(makeClient().client.createSniEndpoint('example', inputs.rsa), {
        code: 'OUTCOME_UNKNOWN',
        exit: 7,
      })
      scope.done()
    })

    it('a DELETE whose answer was lost, retried and answered 404, means already removed (F10)', async () => {
      const scope = api()
        .get('/apps/example/sni-endpoints/tyrannosaurus-12345')
        .reply(200, endpointJson())
        .delete('/apps/example/sni-endpoints/tyrannosaurus-12345')
        .replyWithError(connectionReset())
        .delete('/apps/example/sni-endpoints/tyrannosaurus-12345')
        .reply(404, {id: 'not_found', message: "Couldn't find that SNI endpoint."})
      const removed = await makeClient({maxAttempts: 1}).client.deleteSniEndpoint('example', 'tyrannosaurus-12345')
      scope.done()
      assert.equal(removed.name, 'tyrannosaurus-12345')
    })

    it('a domain DELETE retried after a lost answer and answered 404: removed, returned as last read (F10)', async () => {
      const scope = api()
        .get('/apps/example/domains/www.example.com')
        .reply(200, domainJson(WWW_ID, 'www.example.com'))
        .delete('/apps/example/domains/www.example.com')
        .replyWithError(connectionReset())
        .delete('/apps/example/domains/www.example.com')
        .reply(404, {id: 'not_found', message: "Couldn't find that domain."})
      const {client} = makeClient()
      await client.getDomain('example', 'www.example.com')
      const removed = await client.removeDomain('example', 'www.example.com')
      scope.done()
      assert.deepEqual(
        [removed.id, removed.hostname, removed.cname],
        [WWW_ID, 'www.example.com', domainJson(WWW_ID, 'www.example.com').cname],
      )
    })

    it('a domain DELETE answered 404 at the first attempt is not found (exit 5): nothing says it was ever there', async () => {
      const scope = api()
        .delete('/apps/example/domains/www.example.com')
        .reply(404, {id: 'not_found', message: "Couldn't find that domain."})
      await expectSniError(makeClient().client.removeDomain('example', 'www.example.com'), {code: 'not_found', exit: 5})
      scope.done()
    })

    it('a DELETE retried by the HTTP client after a 503 that finds it gone: already removed', async () => {
      const scope = api()
        .get('/apps/example/sni-endpoints/tyrannosaurus-12345')
        .reply(200, endpointJson())
        .delete('/apps/example/sni-endpoints/tyrannosaurus-12345')
        .reply(503, {id: 'unavailable', message: 'Service unavailable'})
        .delete('/apps/example/sni-endpoints/tyrannosaurus-12345')
        .reply(404, {id: 'not_found', message: "Couldn't find that SNI endpoint."})
      const removed = await makeClient().client.deleteSniEndpoint('example', 'tyrannosaurus-12345')
      scope.done()
      assert.equal(removed.name, 'tyrannosaurus-12345')
    })
  })
})

describe('HerokuPlatformClient reconciliation against the fake API', () => {
  let fake: FakeHerokuApi
  let client: HerokuPlatformClient

  beforeEach(async () => {
    fake = await FakeHerokuApi.start({pageSize: 2})
    const http = new HerokuHttpClient({
      baseUrl: new URL(fake.url),
      env: {},
      sleep: async () => {},
      token: FAKE_TOKEN,
      userAgent: 'sni/test',
    })
    client = new HerokuPlatformClient({http, sleep: async () => {}})
  })

  afterEach(async () => {
    await fake.close()
  })

  const path = '/apps/example/sni-endpoints'

  it('POST applied but answered 500: the listing finds it; one POST, one endpoint', async () => {
    await client.createSniEndpoint('example', inputs.ecdsa)
    await client.createSniEndpoint('example', inputs.wildcard)
    fake.failNext({commit: true, fault: 500, method: 'POST', path})
    const endpoint = await client.createSniEndpoint('example', inputs.rsa)
    assert.equal(fake.mutations().filter((m) => m === `POST ${path}`).length, 3)
    const endpoints = fake.snapshot('example').endpoints
    assert.equal(endpoints.length, 3)
    assert.equal(endpoint.name, endpoints[2]?.name)
    assert.equal(endpoint.sslCert?.fingerprint256, rsaFingerprint)
  })

  it('POST connection reset before it was applied: nothing shows up in the grace period, exit 7, never a second POST', async () => {
    fake.failNext({fault: 'reset', method: 'POST', path})
    await expectSniError(client.createSniEndpoint('example', inputs.rsa), {code: 'OUTCOME_UNKNOWN', exit: 7})
    assert.deepEqual(fake.mutations(), [`POST ${path}`])
    assert.deepEqual(fake.snapshot('example').endpoints, [])
  })

  it('POST answered 503 before it was applied: sent once more; two POSTs, one endpoint', async () => {
    fake.failNext({fault: 503, method: 'POST', path})
    const endpoint = await client.createSniEndpoint('example', inputs.rsa)
    assert.deepEqual(fake.mutations(), [`POST ${path}`, `POST ${path}`])
    assert.deepEqual(
      fake.snapshot('example').endpoints.map((e) => e.name),
      [endpoint.name],
    )
  })

  it('POST held past the timeout and committed late: found during the grace period; one POST, one endpoint', async function () {
    this.timeout(20_000)
    const http = new HerokuHttpClient({
      baseUrl: new URL(fake.url),
      env: {},
      timeoutMs: 200,
      token: FAKE_TOKEN,
      userAgent: 'sni/test',
    })
    const notices: string[] = []
    const patient = new HerokuPlatformClient({http, onNotice: (m) => notices.push(m), uploadGraceMs: 5000})
    fake.failNext({commit: true, holdMs: 1000, method: 'POST', path})
    const endpoint = await patient.createSniEndpoint('example', inputs.rsa)
    assert.deepEqual(fake.mutations(), [`POST ${path}`])
    assert.deepEqual(
      fake.snapshot('example').endpoints.map((e) => e.name),
      [endpoint.name],
    )
    assert.match(notices.join('\n'), /it had succeeded: \S+ holds this certificate/)
  })

  it('POST applied, then the connection reset: no second POST, one endpoint', async () => {
    fake.failNext({commit: true, fault: 'reset', method: 'POST', path})
    const endpoint = await client.createSniEndpoint('example', inputs.rsa)
    assert.deepEqual(fake.mutations(), [`POST ${path}`])
    assert.deepEqual(
      fake.snapshot('example').endpoints.map((e) => e.name),
      [endpoint.name],
    )
  })

  it('the private key reaches the API only in the upload body, and the fake never logs it', async () => {
    await client.createSniEndpoint('example', inputs.rsa)
    const logged = JSON.stringify(fake.requests)
    assert.ok(!logged.includes('PRIVATE KEY'))
    assert.equal(fake.requests.find((r) => r.method === 'POST')?.privateKeySha256?.length, 64)
  })
})
