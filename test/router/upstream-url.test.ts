import assert from 'node:assert/strict'

import {SniError} from '../../src/lib/sni-error.js'
import {parseUpstream, upstreamTarget} from '../../src/router/upstream-url.js'

describe('parseUpstream', () => {
  it('accepts http URLs, with a port, an IPv6 host or a base path', () => {
    assert.deepEqual(parseUpstream('http://127.0.0.1:3000'), {
      basePath: '',
      hostname: '127.0.0.1',
      origin: 'http://127.0.0.1:3000',
      port: 3000,
    })
    assert.deepEqual(parseUpstream('http://localhost/'), {
      basePath: '',
      hostname: 'localhost',
      origin: 'http://localhost',
      port: 80,
    })
    assert.equal(parseUpstream('http://[::1]:8080').hostname, '::1')
    assert.equal(parseUpstream('http://app.internal:5000/prefix/').basePath, '/prefix')
  })

  for (const bad of [
    '127.0.0.1:3000',
    'https://127.0.0.1:3000',
    'ftp://x',
    'http://user:pw@127.0.0.1',
    'http://127.0.0.1/?q=1',
    'http://127.0.0.1/#f',
    'not a url',
  ]) {
    it(`refuses ${bad} (usage error, exit 2)`, () => {
      assert.throws(
        () => parseUpstream(bad),
        (error: unknown) =>
          error instanceof SniError &&
          error.exit === 2 &&
          error.code === 'ROUTER_UPSTREAM_INVALID' &&
          !error.message.includes('pw@'),
      )
    })
  }
})

describe('upstreamTarget', () => {
  it('appends an origin-form path to the base path, dot segments resolved and never above it', () => {
    const cases: Array<[string, string]> = [
      ['/hi?x=1', '/base/hi?x=1'],
      ['/', '/base/'],
      ['/a/../../etc/passwd', '/base/etc/passwd'],
      ['/a/%2e%2e/%2E%2E/%2e%2e/etc', '/base/etc'],
      ['/a\\..\\..\\b', '/base/b'],
      ['//evil.test/abs', '/base/evil.test/abs'],
    ]
    for (const [target, path] of cases)
      assert.deepEqual(upstreamTarget('/base', target, 'www.example.com'), {path}, target)
  })

  it('maps an absolute-form target for the SNI name to its path, and refuses any other host (421) or form (400)', () => {
    assert.deepEqual(upstreamTarget('/base', 'http://WWW.example.com:443/ok?q', 'www.example.com'), {
      path: '/base/ok?q',
    })
    assert.deepEqual(upstreamTarget('/base', 'http://evil.test/abs', 'www.example.com'), {
      reason: 'this connection serves www.example.com only, not evil.test',
      status: 421,
    })
    assert.equal((upstreamTarget('', '*', 'www.example.com') as {status: number}).status, 400)
    assert.equal((upstreamTarget('', 'www.example.com:443', 'www.example.com') as {status: number}).status, 400)
  })
})
