import assert from 'node:assert/strict'

import {
  clientAddress,
  forwardedHeaders,
  pickRequestId,
  upstreamRequestHeaders,
  withoutHopByHop,
} from '../../src/router/forwarded-headers.js'

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/

describe('forwarded headers', () => {
  it('pickRequestId keeps a client id of 20-200 safe characters, else makes a UUID', () => {
    const good = 'abcDEF0123456789+/=-xyz'
    assert.equal(pickRequestId(good), good)
    assert.equal(pickRequestId([good, 'other']), good)
    for (const bad of [
      undefined,
      '',
      'short',
      'x'.repeat(201),
      'has spaces in it, twenty+',
      'under_score_is_not_allowed',
      'a\nb'.repeat(10),
    ]) {
      assert.match(pickRequestId(bad), UUID, String(bad))
    }
  })

  it('clientAddress unwraps IPv4-mapped IPv6', () => {
    assert.equal(clientAddress('::ffff:127.0.0.1'), '127.0.0.1')
    assert.equal(clientAddress('::1'), '::1')
    assert.equal(clientAddress('127.0.0.1'), '127.0.0.1')
    assert.equal(clientAddress(undefined), 'unknown')
  })

  it('appends the client to X-Forwarded-For and sets Proto, Port and Request-Id', () => {
    const context = {clientIp: '127.0.0.1', port: 8443, requestId: 'id-1'}
    assert.deepEqual(forwardedHeaders({}, context), {
      'x-forwarded-for': '127.0.0.1',
      'x-forwarded-port': '8443',
      'x-forwarded-proto': 'https',
      'x-request-id': 'id-1',
    })
    const spoofed = forwardedHeaders(
      {'x-forwarded-for': '203.0.113.7, 10.0.0.1', 'x-forwarded-port': '1', 'x-forwarded-proto': 'http'},
      context,
    )
    assert.equal(spoofed['x-forwarded-for'], '203.0.113.7, 10.0.0.1, 127.0.0.1')
    assert.equal(spoofed['x-forwarded-proto'], 'https')
    assert.equal(spoofed['x-forwarded-port'], '8443')
  })

  it('drops hop-by-hop headers, and those Connection names, but keeps Host and the rest', () => {
    const headers = withoutHopByHop({
      connection: 'keep-alive, X-Secret-Hop',
      expect: '100-continue',
      host: 'www.example.com',
      'keep-alive': 'timeout=5',
      'transfer-encoding': 'chunked',
      upgrade: 'websocket',
      'x-secret-hop': '1',
      'x-app': 'kept',
    })
    assert.deepEqual(headers, {host: 'www.example.com', 'x-app': 'kept'})
  })

  it('upstreamRequestHeaders: the client headers, then the forwarding ones on top', () => {
    const headers = upstreamRequestHeaders(
      {host: 'a.example.com', 'x-request-id': 'client-supplied-id-000000'},
      {clientIp: '::1', port: 443, requestId: 'chosen'},
    )
    assert.equal(headers.host, 'a.example.com')
    assert.equal(headers['x-request-id'], 'chosen')
    assert.equal(headers['x-forwarded-for'], '::1')
  })
})
