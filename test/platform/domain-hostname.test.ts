import assert from 'node:assert/strict'

import {normalizeHostname} from '../../src/platform/domain-hostname.js'
import {expectSniError} from './contract.js'

describe('normalizeHostname', () => {
  const valid: Array<[string, string]> = [
    ['www.example.com', 'www.example.com'],
    ['WWW.Example.COM', 'www.example.com'],
    ['www.example.com.', 'www.example.com'],
    ['*.example.com', '*.example.com'],
    ['xn--bcher-kva.example', 'xn--bcher-kva.example'],
    [`${'a'.repeat(63)}.example.com`, `${'a'.repeat(63)}.example.com`],
  ]
  for (const [input, want] of valid) {
    it(`accepts ${input}`, () => {
      assert.equal(normalizeHostname(input), want)
    })
  }

  const invalid = ['localhost', 'a..example.com', '-a.example.com', 'www.*.example.com', '*example.com', 'ex ample.com', 'bücher.example',
    `${'a'.repeat(64)}.example.com`, `${'abcdefghi.'.repeat(26)}com`, 'example.com/..', '']
  for (const input of invalid) {
    it(`rejects ${JSON.stringify(input.slice(0, 40))} (exit 2)`, async () => {
      await expectSniError(Promise.resolve().then(() => normalizeHostname(input)), {code: 'HOSTNAME_INVALID', exit: 2})
    })
  }
})
