import assert from 'node:assert/strict'

import {
  formatDuration,
  LETS_ENCRYPT_PRODUCTION,
  LETS_ENCRYPT_STAGING,
  parseDuration,
  resolveAcmeDirectory,
} from '../../../src/lib/acm/acme-settings-input.js'

describe('ACME settings input', () => {
  it("the directory: flag, else SNI_ACME_DIRECTORY, else Let's Encrypt production; shortcuts for Let's Encrypt", () => {
    assert.equal(resolveAcmeDirectory(undefined, {}), LETS_ENCRYPT_PRODUCTION)
    assert.equal(
      resolveAcmeDirectory(undefined, {SNI_ACME_DIRECTORY: 'https://127.0.0.1:14000/dir'}),
      'https://127.0.0.1:14000/dir',
    )
    assert.equal(
      resolveAcmeDirectory('staging', {SNI_ACME_DIRECTORY: 'https://127.0.0.1:14000/dir'}),
      LETS_ENCRYPT_STAGING,
    )
    assert.equal(resolveAcmeDirectory('letsencrypt', {}), LETS_ENCRYPT_PRODUCTION)
  })

  for (const bad of ['http://127.0.0.1:14000/dir', 'https://user:pw@ca.example/dir', 'not a url']) {
    it(`refuses ${bad} (exit 2)`, () => {
      assert.throws(
        () => resolveAcmeDirectory(bad, {}),
        (error: Error & {code?: string; exit?: number}) =>
          error.code === 'ACME_DIRECTORY_INVALID' && error.exit === 2 && !error.message.includes('pw@'),
      )
    })
  }

  it('durations: bare seconds, ms, s, m, h; anything else is a usage error', () => {
    assert.deepEqual(
      ['90', '90s', '10m', '1h', '500ms', '1.5s'].map((d) => parseDuration(d, '--wait-timeout')),
      [90_000, 90_000, 600_000, 3_600_000, 500, 1500],
    )
    assert.throws(() => parseDuration('soon', '--wait-timeout'), /--wait-timeout "soon" is not a duration/)
    assert.deepEqual(
      [1000, 59_400, 600_000, 61_000].map((ms) => formatDuration(ms)),
      ['1s', '59s', '10m 0s', '1m 1s'],
    )
  })
})
