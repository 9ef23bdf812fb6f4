import assert from 'node:assert/strict'

import {resolveHerokuBaseUrl} from '../../../../src/platform/heroku/http/resolve-heroku-base-url.js'
import {expectSniError} from '../../contract.js'

describe('resolveHerokuBaseUrl', () => {
  it('defaults to https://api.heroku.com', () => {
    assert.equal(resolveHerokuBaseUrl({}).href, 'https://api.heroku.com/')
    assert.equal(resolveHerokuBaseUrl({HEROKU_HOST: '  '}).href, 'https://api.heroku.com/')
  })

  const accepted: Array<[string, string]> = [
    ['heroku.com', 'https://api.heroku.com/'],
    ['staging.herokudev.com', 'https://api.staging.herokudev.com/'],
    ['herokai.com', 'https://api.herokai.com/'],
    ['space.herokuspace.com', 'https://api.space.herokuspace.com/'],
    ['https://api.heroku.com', 'https://api.heroku.com/'],
    ['https://API.Heroku.COM/', 'https://api.heroku.com/'],
    ['https://api.staging.herokudev.com:8443', 'https://api.staging.herokudev.com:8443/'],
    ['http://localhost:5000', 'http://localhost:5000/'],
    ['http://127.0.0.1:5000', 'http://127.0.0.1:5000/'],
    ['http://127.12.0.9', 'http://127.12.0.9/'],
    ['http://[::1]:5000', 'http://[::1]:5000/'],
    ['https://localhost:5001/api', 'https://localhost:5001/api'],
  ]
  for (const [value, href] of accepted) {
    it(`accepts HEROKU_HOST=${value}`, () => {
      assert.equal(resolveHerokuBaseUrl({HEROKU_HOST: value}).href, href)
    })
  }

  const rejected: Array<[string, RegExp]> = [
    ['localhost.evil.example', /not a Heroku API host/],
    ['http://localhost.evil.example', /not a Heroku API host/],
    ['evil.example/.heroku.com', /not a Heroku API host/],
    ['https://evil.example/.heroku.com', /not a Heroku API host/],
    ['http://127.0.0.1.nip.io', /not a Heroku API host/],
    ['heroku.com.evil.net', /not a Heroku API host/],
    ['https://api.heroku.com.evil.net', /not a Heroku API host/],
    ['https://evilheroku.com', /not a Heroku API host/],
    ['https://example.com', /not a Heroku API host/],
    ['http://api.heroku.com', /must use https/],
    ['http://10.0.0.1:5000', /not a Heroku API host/],
    ['http://128.0.0.1', /not a Heroku API host/],
    ['localhost', /not a Heroku API host/],
    ['ftp://api.heroku.com', /must be an https URL/],
    ['https://api.heroku.com/?x=1', /query or fragment/],
    ['https://', /not a valid host name or URL/],
  ]
  for (const [value, message] of rejected) {
    it(`rejects HEROKU_HOST=${value} (exit 2)`, async () => {
      await expectSniError(
        Promise.resolve().then(() => resolveHerokuBaseUrl({HEROKU_HOST: value})),
        {code: 'HEROKU_HOST_INVALID', exit: 2, message},
      )
    })
  }

  for (const value of ['https://user:hunter2@api.heroku.com', 'http://attacker@localhost:5000', 'hunter2@heroku.com']) {
    it(`rejects userinfo without echoing it (${value.replace('hunter2', '***')})`, async () => {
      const error = await expectSniError(
        Promise.resolve().then(() => resolveHerokuBaseUrl({HEROKU_HOST: value})),
        {code: 'HEROKU_HOST_INVALID', exit: 2},
      )
      assert.ok(!error.message.includes('hunter2') && !error.message.includes('attacker'), error.message)
    })
  }

  it('escapes control characters when echoing a bad value', async () => {
    const error = await expectSniError(
      Promise.resolve().then(() => resolveHerokuBaseUrl({HEROKU_HOST: 'https://evil.example/\u001b[2J'})),
      {code: 'HEROKU_HOST_INVALID', exit: 2},
    )
    assert.ok(!error.message.includes('\u001b'))
  })
})
