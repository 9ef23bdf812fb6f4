import assert from 'node:assert/strict'

import {SniError} from '../../../src/lib/sni-error.js'
import {formatTarget, parseConnectTarget} from '../../../src/lib/tls-check/connect-target.js'

describe('parseConnectTarget', () => {
  const good: Array<[string, string, number]> = [
    ['127.0.0.1:8443', '127.0.0.1', 8443],
    ['localhost:1', 'localhost', 1],
    ['router.example.com:65535', 'router.example.com', 65_535],
    ['router.example.com', 'router.example.com', 443],
    ['[::1]:8443', '::1', 8443],
    ['[2001:db8::1]', '2001:db8::1', 443],
  ]
  for (const [value, host, port] of good) {
    it(`reads ${value}`, () => assert.deepEqual(parseConnectTarget(value), {host, port}))
  }

  const bad = [
    '',
    ':443',
    '127.0.0.1:',
    '127.0.0.1:0',
    '127.0.0.1:65536',
    '127.0.0.1:44x',
    '::1:443',
    '[::1',
    '[example.com]:443',
    'a b:443',
    'exa$mple.com:443',
    'host/path:443',
  ]
  for (const value of bad) {
    it(`refuses ${JSON.stringify(value)} with a usage error`, () => {
      assert.throws(
        () => parseConnectTarget(value),
        (error: unknown) =>
          error instanceof SniError &&
          error.exit === 2 &&
          error.code === 'CONNECT_INVALID' &&
          error.message.startsWith('--connect "'),
      )
    })
  }

  it('formats IPv6 targets in brackets', () => {
    assert.equal(formatTarget({host: '::1', port: 8443}), '[::1]:8443')
    assert.equal(formatTarget({host: '127.0.0.1', port: 443}), '127.0.0.1:443')
  })
})
