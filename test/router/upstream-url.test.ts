import assert from 'node:assert/strict'

import {SniError} from '../../src/lib/sni-error.js'
import {parseUpstream} from '../../src/router/upstream-url.js'

describe('parseUpstream', () => {
  it('accepts http URLs, with a port, an IPv6 host or a base path', () => {
    assert.deepEqual(parseUpstream('http://127.0.0.1:3000'), {basePath: '', hostname: '127.0.0.1', origin: 'http://127.0.0.1:3000', port: 3000})
    assert.deepEqual(parseUpstream('http://localhost/'), {basePath: '', hostname: 'localhost', origin: 'http://localhost', port: 80})
    assert.equal(parseUpstream('http://[::1]:8080').hostname, '::1')
    assert.equal(parseUpstream('http://app.internal:5000/prefix/').basePath, '/prefix')
  })

  for (const bad of ['127.0.0.1:3000', 'https://127.0.0.1:3000', 'ftp://x', 'http://user:pw@127.0.0.1', 'http://127.0.0.1/?q=1', 'http://127.0.0.1/#f', 'not a url']) {
    it(`refuses ${bad} (usage error, exit 2)`, () => {
      assert.throws(() => parseUpstream(bad), (error: unknown) => error instanceof SniError && error.exit === 2 && error.code === 'ROUTER_UPSTREAM_INVALID' && !error.message.includes('pw@'))
    })
  }
})
