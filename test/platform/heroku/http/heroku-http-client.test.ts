import assert from 'node:assert/strict'

import nock from 'nock'

import {
  HerokuHttpClient,
  type HerokuHttpClientOptions,
} from '../../../../src/platform/heroku/http/heroku-http-client.js'
import {expectSniError} from '../../contract.js'

const API = 'https://api.heroku.com'
const TOKEN = 'HRKU-secret-token-0123456789abcdef'
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/
const KEY_BODY = {
  certificate_chain: '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n',
  private_key: '-----BEGIN PRIVATE KEY-----\nSECRETKEYBYTES\n-----END PRIVATE KEY-----\n',
}

interface Harness {
  client: HerokuHttpClient
  /** Every wait the client asked for, in order. */
  sleeps: number[]
}

function makeClient(overrides: Partial<HerokuHttpClientOptions> = {}): Harness {
  const sleeps: number[] = []
  const client = new HerokuHttpClient({
    baseUrl: new URL(API),
    env: {},
    sleep: async (ms) => {
      sleeps.push(ms)
    },
    token: TOKEN,
    userAgent: 'sni-certs/0.1.0 test',
    ...overrides,
  })
  return {client, sleeps}
}

/** nock 14 emits only Error instances (a plain object never reaches the request). */
function networkError(code: string): Error {
  return Object.assign(new Error(`${code.toLowerCase()} (simulated)`), {code})
}

function assertNoSecret(value: unknown): void {
  const text =
    JSON.stringify(value, Object.getOwnPropertyNames(value ?? {})) + String((value as Error | undefined)?.message)
  assert.ok(!text.includes(TOKEN), 'the token leaked')
  assert.ok(!text.includes('SECRETKEYBYTES'), 'the key leaked')
}

describe('HerokuHttpClient', () => {
  describe('requests', () => {
    it('sends the Heroku headers, a Bearer token and a fresh Request-Id, and returns the parsed body', async () => {
      let sentId: string | undefined
      const scope = nock(API, {badheaders: ['cookie']})
        .matchHeader('accept', 'application/vnd.heroku+json; version=3')
        .matchHeader('authorization', `Bearer ${TOKEN}`)
        .matchHeader('user-agent', 'sni-certs/0.1.0 test')
        .matchHeader('request-id', (value: string) => {
          sentId = value
          return UUID.test(value)
        })
        .get('/apps/example/sni-endpoints')
        .reply(200, [{name: 'tyrannosaurus-12345'}], {'Request-Id': 'server-request-id'})
      const {client} = makeClient()
      const response = await client.request<Array<{name: string}>>({method: 'GET', path: '/apps/example/sni-endpoints'})
      assert.equal(response.status, 200)
      assert.deepEqual(response.body, [{name: 'tyrannosaurus-12345'}])
      assert.equal(response.requestId, 'server-request-id')
      assert.ok(sentId)
      scope.done()
    })

    it('sends JSON bodies with Content-Type application/json', async () => {
      const scope = nock(API)
        .matchHeader('content-type', 'application/json')
        .patch('/apps/example/domains/www.example.com', {sni_endpoint: 'tyrannosaurus-12345'})
        .reply(200, {hostname: 'www.example.com'})
      const {client} = makeClient()
      const response = await client.request({
        body: {sni_endpoint: 'tyrannosaurus-12345'},
        method: 'PATCH',
        path: '/apps/example/domains/www.example.com',
      })
      assert.deepEqual(response.body, {hostname: 'www.example.com'})
      scope.done()
    })

    it('sends nothing to a path that could change the origin', async () => {
      const {client} = makeClient()
      await expectSniError(client.request({method: 'GET', path: '//evil.example/x'}), {
        code: 'API_PATH_INVALID',
        exit: 1,
      })
      await expectSniError(client.request({method: 'GET', path: 'apps/example'}), {code: 'API_PATH_INVALID', exit: 1})
      await expectSniError(
        client.request({headers: {Authorization: 'Bearer other'}, method: 'GET', path: '/apps/example'}),
        {code: 'API_HEADER_INVALID', exit: 1},
      )
    })
  })

  describe('pagination', () => {
    it('follows 206 and Next-Range across three pages', async () => {
      const scope = nock(API)
        .get('/apps/example/domains')
        .matchHeader('range', 'id ..; max=1000;')
        .reply(206, [{id: '1'}, {id: '2'}], {'Next-Range': ']2..; max=1000;'})
        .get('/apps/example/domains')
        .matchHeader('range', ']2..; max=1000;')
        .reply(206, [{id: '3'}], {'Next-Range': ']3..; max=1000;'})
        .get('/apps/example/domains')
        .matchHeader('range', ']3..; max=1000;')
        .reply(200, [{id: '4'}])
      const {client} = makeClient()
      const items = await client.list<{id: string}>('/apps/example/domains')
      assert.deepEqual(
        items.map((item) => item.id),
        ['1', '2', '3', '4'],
      )
      scope.done()
    })

    it('throws, never a partial list, when page 2 fails', async () => {
      const scope = nock(API)
        .get('/apps/example/domains')
        .reply(206, [{id: '1'}], {'Next-Range': ']1..; max=1000;'})
        .get('/apps/example/domains')
        .times(3)
        .reply(503, {id: 'unavailable', message: 'Service unavailable.'})
      const {client} = makeClient()
      const error = await expectSniError(client.list('/apps/example/domains'), {
        code: 'API_UNAVAILABLE',
        exit: 7,
        message: /nothing was changed/,
      })
      assert.equal(error.details?.attempts, 3)
      scope.done()
    })

    it('refuses a body that is not a list', async () => {
      const scope = nock(API).get('/apps/example/domains').reply(200, {id: 'x'})
      const {client} = makeClient()
      await expectSniError(client.list('/apps/example/domains'), {code: 'UNEXPECTED_RESPONSE', exit: 7})
      scope.done()
    })

    it('refuses a Next-Range that does not advance', async () => {
      const scope = nock(API)
        .get('/apps/example/domains')
        .times(2)
        .reply(206, [{id: '1'}], {'Next-Range': ']1..; max=1000;'})
      const {client} = makeClient()
      await expectSniError(client.list('/apps/example/domains'), {
        code: 'UNEXPECTED_RESPONSE',
        exit: 7,
        message: /does not advance/,
      })
      scope.done()
    })
  })

  describe('retries', () => {
    it('retries a GET after 503 twice and succeeds on the third attempt, with full-jitter backoff', async () => {
      const ids: string[] = []
      const scope = nock(API)
        .matchHeader('request-id', (value: string) => {
          ids.push(value)
          return true
        })
        .get('/apps/example')
        .times(2)
        .reply(503, {id: 'unavailable', message: 'down'})
        .get('/apps/example')
        .reply(200, {name: 'example'})
      const {client, sleeps} = makeClient()
      const response = await client.request<{name: string}>({method: 'GET', path: '/apps/example'})
      assert.equal(response.body.name, 'example')
      assert.equal(sleeps.length, 2)
      assert.ok(sleeps[0]! >= 0 && sleeps[0]! < 500, `first wait ${sleeps[0]}`)
      assert.ok(sleeps[1]! >= 0 && sleeps[1]! < 1000, `second wait ${sleeps[1]}`)
      assert.equal(new Set(ids).size, 3, 'each attempt has its own Request-Id')
      scope.done()
    })

    it('uses the injected random number for the backoff', async () => {
      const scope = nock(API).get('/apps/example').times(2).reply(500).get('/apps/example').reply(200, {})
      const {client, sleeps} = makeClient({random: () => 0.5})
      await client.request({method: 'GET', path: '/apps/example'})
      assert.deepEqual(sleeps, [250, 500])
      scope.done()
    })

    it('gives up after three refused connections: exit 7, nothing was changed', async () => {
      const scope = nock(API).get('/apps/example').times(3).replyWithError(networkError('ECONNREFUSED'))
      const {client, sleeps} = makeClient()
      const error = await expectSniError(client.request({method: 'GET', path: '/apps/example'}), {
        code: 'API_UNREACHABLE',
        exit: 7,
        message: 'cannot reach api.heroku.com (ECONNREFUSED) after 3 attempts; nothing was changed',
      })
      assert.equal(sleeps.length, 2)
      assert.equal(error.details?.attempts, 3)
      assert.match(String(error.details?.requestId), UUID)
      scope.done()
    })

    it('retries a GET that times out', async () => {
      const scope = nock(API)
        .get('/apps/example')
        .delay(500)
        .reply(200, {late: true})
        .get('/apps/example')
        .reply(200, {late: false})
      const {client, sleeps} = makeClient({timeoutMs: 50})
      const response = await client.request<{late: boolean}>({method: 'GET', path: '/apps/example'})
      assert.equal(response.body.late, false)
      assert.equal(sleeps.length, 1)
      scope.done()
    })

    it('fails with exit 7 when every attempt times out', async () => {
      const scope = nock(API).get('/apps/example').times(2).delay(300).reply(200, {})
      const {client} = makeClient({maxAttempts: 2, timeoutMs: 30})
      await expectSniError(client.request({method: 'GET', path: '/apps/example'}), {
        code: 'API_TIMEOUT',
        exit: 7,
        message: /within 0 s after 2 attempts; nothing was changed/,
      })
      scope.done()
    })

    it('says the outcome is unknown when a PATCH keeps failing with 5xx', async () => {
      const scope = nock(API).patch('/apps/example/domains/www.example.com').times(3).reply(502)
      const {client} = makeClient()
      const error = await expectSniError(
        client.request({body: {sni_endpoint: null}, method: 'PATCH', path: '/apps/example/domains/www.example.com'}),
        {
          code: 'API_UNAVAILABLE',
          exit: 7,
          message:
            'the Heroku API failed with 502 after 3 attempts; the outcome is unknown; run `sni domains:info www.example.com --app example` to check',
        },
      )
      assert.equal(error.details?.outcomeUnknown, true)
      assert.equal(
        error.hint,
        'Wait a few minutes (https://status.heroku.com lists incidents). Run `sni domains:info www.example.com --app example` to see whether the change was applied before trying again.',
      )
      scope.done()
    })

    it('says nothing was changed when a DELETE never connected', async () => {
      const scope = nock(API)
        .delete('/apps/example/sni-endpoints/t-12345')
        .times(3)
        .replyWithError(networkError('ENOTFOUND'))
      const {client} = makeClient()
      await expectSniError(client.request({method: 'DELETE', path: '/apps/example/sni-endpoints/t-12345'}), {
        code: 'API_UNREACHABLE',
        exit: 7,
        message: /nothing was changed$/,
      })
      scope.done()
    })

    it('remembers an ambiguous earlier attempt: a PATCH that timed out, then was refused, has an unknown outcome', async () => {
      const scope = nock(API)
        .patch('/apps/example/domains/d')
        .delay(300)
        .reply(200, {})
        .patch('/apps/example/domains/d')
        .times(2)
        .replyWithError(networkError('ECONNREFUSED'))
      const {client} = makeClient({timeoutMs: 30})
      const error = await expectSniError(
        client.request({body: {sni_endpoint: null}, method: 'PATCH', path: '/apps/example/domains/d'}),
        {
          code: 'API_UNREACHABLE',
          exit: 7,
          message: /the outcome is unknown; run `sni domains:info d --app example` to check$/,
        },
      )
      assert.equal(error.details?.outcomeUnknown, true)
      scope.done()
    })

    it('flags a DELETE answered 404 after an ambiguous attempt (the adapter reads it as already removed)', async () => {
      const scope = nock(API)
        .delete('/apps/example/sni-endpoints/t-12345')
        .reply(503)
        .delete('/apps/example/sni-endpoints/t-12345')
        .reply(404, {id: 'not_found', message: "Couldn't find that SNI endpoint."})
      const {client} = makeClient()
      const error = await expectSniError(
        client.request({method: 'DELETE', path: '/apps/example/sni-endpoints/t-12345'}),
        {code: 'not_found', exit: 5},
      )
      assert.equal(error.details?.outcomeUnknown, true)
      assert.equal(error.details?.attempts, 2)
      scope.done()
    })

    it('retries 409 on an idempotent request, then exit 7', async () => {
      const scope = nock(API)
        .patch('/apps/example/sni-endpoints/t-12345')
        .times(3)
        .reply(409, {id: 'conflict', message: 'Endpoint is being updated.'})
      const {client} = makeClient()
      await expectSniError(client.request({body: {}, method: 'PATCH', path: '/apps/example/sni-endpoints/t-12345'}), {
        code: 'API_CONFLICT',
        exit: 7,
        message: /conflict \(409: Endpoint is being updated\.\) after 3 attempts; nothing was changed/,
      })
      scope.done()
    })
  })

  describe('POST', () => {
    it('retries a POST refused before connecting', async () => {
      const scope = nock(API)
        .post('/apps/example/sni-endpoints')
        .replyWithError(networkError('ECONNREFUSED'))
        .post('/apps/example/sni-endpoints')
        .reply(201, {name: 'tyrannosaurus-12345'})
      const {client, sleeps} = makeClient()
      const response = await client.request<{name: string}>({
        body: KEY_BODY,
        method: 'POST',
        path: '/apps/example/sni-endpoints',
      })
      assert.equal(response.status, 201)
      assert.equal(response.body.name, 'tyrannosaurus-12345')
      assert.equal(sleeps.length, 1)
      scope.done()
    })

    it('does not retry a POST answered with 500: OUTCOME_UNKNOWN, exactly one POST', async () => {
      let posts = 0
      const scope = nock(API)
        .post('/apps/example/sni-endpoints', () => {
          posts++
          return true
        })
        .reply(500, {id: 'internal_server_error', message: 'Internal server error.'})
      const extra = nock(API).post('/apps/example/sni-endpoints').reply(201, {})
      const {client, sleeps} = makeClient()
      const error = await expectSniError(
        client.request({body: KEY_BODY, method: 'POST', path: '/apps/example/sni-endpoints'}),
        {
          code: 'OUTCOME_UNKNOWN',
          exit: 7,
          message: /500 after POST \/apps\/example\/sni-endpoints was sent; the outcome is unknown/,
        },
      )
      assert.equal(posts, 1)
      assert.deepEqual(sleeps, [])
      assert.equal(error.details?.method, 'POST')
      assert.equal(error.details?.path, '/apps/example/sni-endpoints')
      assert.equal(error.details?.outcomeUnknown, true)
      assertNoSecret(error)
      assert.ok(!extra.isDone(), 'no second POST')
      scope.done()
    })

    it('does not retry a POST whose connection reset after the body was sent', async () => {
      let received: unknown
      const scope = nock(API)
        .post('/apps/example/sni-endpoints', (body) => {
          received = body
          return true
        })
        .replyWithError(networkError('ECONNRESET'))
      const {client} = makeClient()
      const error = await expectSniError(
        client.request({body: KEY_BODY, method: 'POST', path: '/apps/example/sni-endpoints'}),
        {code: 'OUTCOME_UNKNOWN', exit: 7},
      )
      assert.deepEqual(received, KEY_BODY, 'the body had been sent')
      assert.equal(error.details?.networkError, 'ECONNRESET')
      assert.equal(error.details?.outcomeUnknown, true)
      assertNoSecret(error)
      scope.done()
    })

    it('does not retry a POST that timed out', async () => {
      const scope = nock(API).post('/apps/example/sni-endpoints').delay(300).reply(201, {})
      const {client} = makeClient({timeoutMs: 30})
      await expectSniError(client.request({body: KEY_BODY, method: 'POST', path: '/apps/example/sni-endpoints'}), {
        code: 'OUTCOME_UNKNOWN',
        exit: 7,
        message: /no answer/,
      })
      scope.done()
    })

    it('treats HTML in answer to a POST as an unknown outcome', async () => {
      const scope = nock(API)
        .post('/apps/example/sni-endpoints')
        .reply(200, '<html>proxy</html>', {'Content-Type': 'text/html'})
      const {client} = makeClient()
      await expectSniError(client.request({body: KEY_BODY, method: 'POST', path: '/apps/example/sni-endpoints'}), {
        code: 'OUTCOME_UNKNOWN',
        exit: 7,
        message: /unexpected response from API \(200 text\/html\)/,
      })
      scope.done()
    })
  })

  describe('rate limits', () => {
    it('waits Retry-After (2 s) and then succeeds', async () => {
      const scope = nock(API)
        .get('/apps/example')
        .reply(429, {id: 'rate_limit', message: 'Your account reached the API rate limit'}, {'Retry-After': '2'})
        .get('/apps/example')
        .reply(200, {name: 'example'})
      const {client, sleeps} = makeClient()
      await client.request({method: 'GET', path: '/apps/example'})
      assert.deepEqual(sleeps, [2000])
      scope.done()
    })

    it('fails fast, saying the wait, when Retry-After is beyond 60 s', async () => {
      const scope = nock(API)
        .get('/apps/example')
        .reply(429, {id: 'rate_limit', message: 'slow down'}, {'Retry-After': '120'})
      const {client, sleeps} = makeClient()
      const error = await expectSniError(client.request({method: 'GET', path: '/apps/example'}), {
        code: 'RATE_LIMITED',
        exit: 7,
        message: /wait 120 s.*nothing was changed/,
      })
      assert.deepEqual(sleeps, [])
      assert.match(error.hint ?? '', /2 minutes/)
      scope.done()
    })

    it('retries a POST answered with 429 (the API refused it, so nothing was created)', async () => {
      const scope = nock(API)
        .post('/apps/example/sni-endpoints')
        .reply(429, {}, {'Retry-After': '1'})
        .post('/apps/example/sni-endpoints')
        .reply(201, {})
      const {client, sleeps} = makeClient()
      await client.request({body: KEY_BODY, method: 'POST', path: '/apps/example/sni-endpoints'})
      assert.deepEqual(sleeps, [1000])
      scope.done()
    })
  })

  describe('final failures', () => {
    it('maps 401 to exit 4 without echoing the token', async () => {
      const scope = nock(API)
        .get('/apps/example')
        .reply(401, {id: 'unauthorized', message: `Invalid credentials provided: ${TOKEN}`})
      const {client, sleeps} = makeClient()
      const error = await expectSniError(client.request({method: 'GET', path: '/apps/example'}), {
        code: 'UNAUTHORIZED',
        exit: 4,
        message: /^the Heroku API rejected the token \(401\)/,
      })
      assertNoSecret(error)
      assertNoSecret(error.hint)
      assert.deepEqual(sleeps, [])
      scope.done()
    })

    it('maps 403 two_factor to exit 4 with instructions and no prompt', async () => {
      const scope = nock(API)
        .delete('/apps/example/sni-endpoints/t-12345')
        .reply(403, {id: 'two_factor', message: 'This action requires a second factor.'})
      const {client} = makeClient()
      const error = await expectSniError(
        client.request({method: 'DELETE', path: '/apps/example/sni-endpoints/t-12345'}),
        {code: 'TWO_FACTOR_REQUIRED', exit: 4, message: /second factor for app example/},
      )
      assert.match(error.hint ?? '', /heroku CLI/)
      scope.done()
    })

    it('maps 422 {id, message} to exit 5 with the message, Error ID and Request-Id', async () => {
      const scope = nock(API)
        .post('/apps/example/sni-endpoints')
        .reply(
          422,
          {id: 'invalid_params', message: 'Require params: certificate_chain, private_key.'},
          {'Request-Id': 'req-422'},
        )
      const {client} = makeClient()
      const error = await expectSniError(
        client.request({body: {}, method: 'POST', path: '/apps/example/sni-endpoints'}),
        {
          code: 'invalid_params',
          exit: 5,
          message: 'Require params: certificate_chain, private_key.',
        },
      )
      assert.equal(
        error.details?.id,
        'invalid_params',
        'the error id is kept for display as Heroku shows it (Error ID: ...)',
      )
      assert.equal(error.hint, 'The platform refused the request; nothing was changed.')
      assert.equal(error.details?.requestId, 'req-422')
      assert.equal(error.details?.status, 422)
      assert.equal(error.details?.outcomeUnknown, false)
      scope.done()
    })

    it('maps 404 to exit 5 not_found with the API message', async () => {
      const scope = nock(API).get('/apps/nope').reply(404, {id: 'not_found', message: "Couldn't find that app."})
      const {client} = makeClient()
      const error = await expectSniError(client.request({method: 'GET', path: '/apps/nope'}), {
        code: 'not_found',
        exit: 5,
        message: "Couldn't find that app.",
      })
      assert.equal(error.details?.id, 'not_found')
      assert.doesNotMatch(error.hint ?? '', /Error ID/)
      scope.done()
    })

    it('escapes control characters in API messages', async () => {
      const scope = nock(API)
        .get('/apps/example')
        .reply(400, {id: 'bad_request', message: 'bad \u001b[31mred\u001b[0m\nline'})
      const {client} = makeClient()
      const error = await expectSniError(client.request({method: 'GET', path: '/apps/example'}), {
        code: 'bad_request',
        exit: 5,
      })
      assert.equal(error.message, 'bad \\x1b[31mred\\x1b[0m line')
      scope.done()
    })

    it('never follows a redirect: exit 7, the other origin is never contacted', async () => {
      const scope = nock(API).get('/apps/example').reply(302, '', {Location: 'https://evil.example/steal'})
      const evil = nock('https://evil.example').get('/steal').reply(200, {})
      const {client} = makeClient()
      await expectSniError(client.request({method: 'GET', path: '/apps/example'}), {
        code: 'API_REDIRECT',
        exit: 7,
        message: /^API redirected to https:\/\/evil\.example; refusing to resend credentials/,
      })
      assert.ok(!evil.isDone())
      scope.done()
    })

    it('turns an HTML 200 from a proxy into exit 7', async () => {
      const scope = nock(API)
        .get('/apps/example')
        .reply(200, '<html><body>Login</body></html>', {'Content-Type': 'text/html; charset=utf-8'})
      const {client} = makeClient()
      await expectSniError(client.request({method: 'GET', path: '/apps/example'}), {
        code: 'UNEXPECTED_RESPONSE',
        exit: 7,
        message: 'unexpected response from API (200 text/html); nothing was changed',
      })
      scope.done()
    })

    it('turns an empty or invalid JSON 200 into exit 7', async () => {
      const scope = nock(API)
        .get('/apps/example')
        .reply(200, '')
        .get('/apps/example')
        .reply(200, '{"truncated": ', {'Content-Type': 'application/json'})
      const {client} = makeClient()
      await expectSniError(client.request({method: 'GET', path: '/apps/example'}), {
        code: 'UNEXPECTED_RESPONSE',
        exit: 7,
        message: /200 empty body/,
      })
      await expectSniError(client.request({method: 'GET', path: '/apps/example'}), {
        code: 'UNEXPECTED_RESPONSE',
        exit: 7,
        message: /not valid JSON/,
      })
      scope.done()
    })
  })

  describe('TLS verification turned off (F24)', () => {
    it('refuses to send a private key to a non-loopback host', async () => {
      const {client} = makeClient({env: {NODE_TLS_REJECT_UNAUTHORIZED: '0'}})
      await expectSniError(client.request({body: KEY_BODY, method: 'POST', path: '/apps/example/sni-endpoints'}), {
        code: 'TLS_VERIFICATION_DISABLED',
        exit: 2,
      })
    })

    it('sends it with allowInsecure, and sends bodies without a key anyway', async () => {
      const scope = nock(API)
        .post('/apps/example/sni-endpoints')
        .reply(201, {})
        .patch('/apps/example/domains/d')
        .reply(200, {})
      const {client} = makeClient({allowInsecure: true, env: {NODE_TLS_REJECT_UNAUTHORIZED: '0'}})
      await client.request({body: KEY_BODY, method: 'POST', path: '/apps/example/sni-endpoints'})
      const {client: strict} = makeClient({env: {NODE_TLS_REJECT_UNAUTHORIZED: '0'}})
      await strict.request({body: {sni_endpoint: null}, method: 'PATCH', path: '/apps/example/domains/d'})
      scope.done()
    })

    it('sends it to loopback', async () => {
      const scope = nock('http://127.0.0.1:5000').post('/apps/example/sni-endpoints').reply(201, {})
      const {client} = makeClient({baseUrl: new URL('http://127.0.0.1:5000'), env: {NODE_TLS_REJECT_UNAUTHORIZED: '0'}})
      await client.request({body: KEY_BODY, method: 'POST', path: '/apps/example/sni-endpoints'})
      scope.done()
    })
  })

  describe('base URL', () => {
    it('keeps a path prefix of the base URL', async () => {
      const scope = nock('http://localhost:5000').get('/api/apps/example').reply(200, {})
      const {client} = makeClient({baseUrl: new URL('http://localhost:5000/api/')})
      await client.request({method: 'GET', path: '/apps/example'})
      scope.done()
    })

    it('refuses http to a non-loopback host even when built by hand', () => {
      assert.throws(
        () => makeClient({baseUrl: new URL('http://api.heroku.com')}),
        (error: Error & {code?: string}) => error.code === 'HEROKU_HOST_INVALID',
      )
    })
  })

  describe('debug trace', () => {
    let writes: string[]
    let original: typeof process.stderr.write

    beforeEach(() => {
      writes = []
      original = process.stderr.write
      process.stderr.write = ((chunk: string | Uint8Array) => {
        writes.push(String(chunk))
        return true
      }) as typeof process.stderr.write
    })

    afterEach(() => {
      process.stderr.write = original
    })

    it('writes one line per request with DEBUG=sni*, never the token, a header value or a body', async () => {
      const scope = nock(API)
        .post('/apps/example/sni-endpoints')
        .reply(422, {id: 'invalid_params', message: 'nope'}, {'Request-Id': 'req-1'})
        .get('/apps/example/sni-endpoints')
        .reply(503)
        .get('/apps/example/sni-endpoints')
        .reply(200, [{certificate_chain: 'CHAINBYTES', private_key: 'SECRETKEYBYTES'}], {'Request-Id': 'req-2'})
      const {client} = makeClient({env: {DEBUG: 'sni*'}})
      await assert.rejects(client.request({body: KEY_BODY, method: 'POST', path: '/apps/example/sni-endpoints'}))
      await client.request({method: 'GET', path: '/apps/example/sni-endpoints'})
      process.stderr.write = original
      const output = writes.join('')
      assert.match(output, /^sni:http POST \/apps\/example\/sni-endpoints 422 \d+ms request-id=req-1 attempt=1\/3$/m)
      assert.match(output, /^sni:http GET \/apps\/example\/sni-endpoints 503 \d+ms request-id=\S+ attempt=1\/3$/m)
      assert.match(output, /^sni:http GET \/apps\/example\/sni-endpoints 200 \d+ms request-id=req-2 attempt=2\/3$/m)
      for (const secret of [TOKEN, 'SECRETKEYBYTES', 'CHAINBYTES', 'private_key', 'Bearer', 'nope'])
        assert.ok(!output.includes(secret), `trace holds ${secret}`)
      scope.done()
    })

    for (const debug of ['*', 'sni:*', 'sni:http', 'foo,sni*']) {
      it(`traces with DEBUG=${debug}`, async () => {
        const scope = nock(API).get('/apps/example').reply(200, {})
        const {client} = makeClient({env: {DEBUG: debug}})
        await client.request({method: 'GET', path: '/apps/example'})
        process.stderr.write = original
        assert.equal(writes.filter((line) => line.startsWith('sni:http GET /apps/example 200')).length, 1)
        scope.done()
      })
    }

    for (const debug of ['', 'oclif*', 'sni', '*,-sni*', 'snip*x']) {
      it(`stays quiet with DEBUG=${JSON.stringify(debug)}`, async () => {
        const scope = nock(API).get('/apps/example').reply(200, {})
        const {client} = makeClient({env: {DEBUG: debug}})
        await client.request({method: 'GET', path: '/apps/example'})
        process.stderr.write = original
        assert.deepEqual(writes, [])
        scope.done()
      })
    }
  })
})
