import assert from 'node:assert/strict'

import {normalizeHostname} from '../../../src/lib/hostname/normalize-hostname.js'
import {SniError} from '../../../src/lib/sni-error.js'

describe('normalizeHostname', () => {
  const accepted: Array<[string, string, string, boolean?]> = [
    ['www.example.com', 'www.example.com', 'www.example.com'],
    ['WWW.Example.COM', 'www.example.com', 'www.example.com'],
    ['www.example.com.', 'www.example.com', 'www.example.com'],
    ['bücher.example', 'xn--bcher-kva.example', 'bücher.example'],
    ['BÜCHER.example.', 'xn--bcher-kva.example', 'bücher.example'],
    ['xn--bcher-kva.example', 'xn--bcher-kva.example', 'bücher.example'],
    ['a-b.example.com', 'a-b.example.com', 'a-b.example.com'],
    ['*.example.com', '*.example.com', '*.example.com', true],
    ['*.bücher.example', '*.xn--bcher-kva.example', '*.bücher.example', true],
    [`${'a'.repeat(63)}.example.com`, `${'a'.repeat(63)}.example.com`, `${'a'.repeat(63)}.example.com`],
  ]
  for (const [input, ascii, unicode, allowWildcard] of accepted) {
    it(`accepts ${JSON.stringify(input)}`, () => {
      assert.deepEqual(normalizeHostname(input, {allowWildcard}), {ascii, unicode})
    })
  }

  const longName = `${Array.from({length: 4}, () => 'a'.repeat(63)).join('.')}.com` // 259 characters
  const rejected: Array<[string, RegExp, boolean?]> = [
    ['', /empty/],
    ['.', /empty/],
    ['www example.com', /whitespace/],
    ['www.example.com\n', /whitespace/],
    ['www.example.com/../../etc', /reserved/],
    ['www.example.com?x=1', /reserved/],
    ['www.example.com#frag', /reserved/],
    ['www%2eexample.com', /reserved/],
    ['user@example.com', /reserved/],
    ['www..example.com', /empty label/],
    ['..', /empty label/],
    ['www_1.example.com', /not letters, digits/],
    ['-www.example.com', /not letters, digits/],
    ['www-.example.com', /not letters, digits/],
    [`${'a'.repeat(64)}.example.com`, /longer than 63/],
    [longName, /253/],
    ['*.example.com', /wildcards are not allowed/],
    ['www.*.example.com', /wildcard is allowed only as the whole leftmost label/, true],
    ['*.com', /at least two labels/, true],
    ['1.2.3.4', /IP address/],
    ['0x7f.1', /IP address/],
  ]
  for (const [input, pattern, allowWildcard] of rejected) {
    it(`rejects ${JSON.stringify(input.slice(0, 40))}`, () => {
      assert.throws(
        () => normalizeHostname(input, {allowWildcard, argName: 'DOMAIN'}),
        (error: unknown) => {
          assert.ok(error instanceof SniError)
          assert.equal(error.code, 'INVALID_HOSTNAME')
          assert.equal(error.exit, 2)
          assert.match(error.message, /^DOMAIN "/)
          assert.match(error.message, pattern)
          assert.ok(error.hint)
          return true
        },
      )
    })
  }

  it('escapes control characters in the message', () => {
    assert.throws(
      () => normalizeHostname('a\u001b[31m.com'),
      (error: SniError) => !error.message.includes('\u001b') && error.message.includes('\\x1b'),
    )
  })
})
