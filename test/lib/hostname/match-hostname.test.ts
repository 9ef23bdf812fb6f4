import assert from 'node:assert/strict'

import fc from 'fast-check'

import {
  certificateCovers,
  describeWildcardProblem,
  findCoveringNames,
  hostnameMatchesPattern,
} from '../../../src/lib/hostname/match-hostname.js'
import {loadFixtureCertificate} from '../../helpers/parsed-fixtures.js'

describe('hostnameMatchesPattern', () => {
  const rows: Array<[pattern: string, hostname: string, matches: boolean]> = [
    // exact names
    ['www.example.com', 'www.example.com', true],
    ['www.example.com', 'WWW.EXAMPLE.COM', true],
    ['WWW.Example.com', 'www.example.com', true],
    ['www.example.com', 'www.example.com.', true],
    ['www.example.com.', 'www.example.com', true],
    ['www.example.com', 'example.com', false],
    ['example.com', 'www.example.com', false],
    ['www.example.com', 'www.example.co', false],
    // the Heroku defect: its regex is unanchored, so these matched there
    ['www.example.com', 'www.example.community', false],
    ['www.example.com', 'awww.example.com', false],
    ['www.example.com', 'wwwxexample.com', false],
    ['*.example.com', 'www.example.community', false],
    ['*.example.com', 'api.example.com.evil.net', false],
    ['*.example.com', 'evil.net.example.com.evil.net', false],
    // single-label wildcard
    ['*.example.com', 'www.example.com', true],
    ['*.example.com', 'API.Example.Com', true],
    ['*.example.com', 'www.example.com.', true],
    ['*.example.com', 'example.com', false],
    ['*.example.com', '.example.com', false],
    ['*.example.com', 'a.b.example.com', false],
    ['*.example.com', 'wwwexample.com', false],
    ['*.example.com', 'www.other.com', false],
    ['*.Example.COM', 'www.example.com', true],
    // malformed wildcards never match
    ['f*o.example.com', 'foo.example.com', false],
    ['*o.example.com', 'foo.example.com', false],
    ['foo.*.example.com', 'foo.bar.example.com', false],
    ['*.*.example.com', 'a.b.example.com', false],
    ['*.com', 'example.com', false],
    ['*', 'localhost', false],
    ['*.', 'com', false],
    ['*.exa_mple.com', 'www.exa_mple.com', false],
    // IDN: SANs hold A-labels; hostnames may be given in Unicode
    ['xn--bcher-kva.example', 'bücher.example', true],
    ['xn--bcher-kva.example', 'BÜCHER.example.', true],
    ['xn--bcher-kva.example', 'xn--bcher-kva.example', true],
    ['*.xn--bcher-kva.example', 'www.bücher.example', true],
    ['xn--bcher-kva.example', 'bucher.example', false],
    // wildcard custom domains are covered only by the identical pattern
    ['*.example.com', '*.example.com', true],
    ['www.example.com', '*.example.com', false],
    ['*.example.com', '*.com', false],
    // hostnames that are not hostnames
    ['www.example.com', '', false],
    ['', '', false],
    ['www.example.com', 'www..example.com', false],
    ['www.exa\u0000mple.com', 'www.exa\u0000mple.com', false],
    ['www.exa mple.com', 'www.exa mple.com', false],
  ]
  for (const [pattern, hostname, matches] of rows) {
    it(`${JSON.stringify(pattern)} ${matches ? 'covers' : 'does not cover'} ${JSON.stringify(hostname)}`, () => {
      assert.equal(hostnameMatchesPattern(pattern, hostname), matches)
    })
  }
})

describe('describeWildcardProblem', () => {
  const rows: Array<[string, RegExp | undefined]> = [
    ['www.example.com', undefined],
    ['*.example.com', undefined],
    ['*.xn--bcher-kva.example', undefined],
    ['f*o.example.com', /only part of the leftmost label/],
    ['*foo.example.com', /only part of the leftmost label/],
    ['foo.*.example.com', /not in the leftmost label/],
    ['*.*.example.com', /more than one wildcard/],
    ['*.com', /at least two labels/],
    ['*', /bare/],
    ['*.exa_mple.com', /not a valid hostname/],
  ]
  for (const [pattern, problem] of rows) {
    it(`${pattern} -> ${problem ?? 'fine'}`, () => {
      const found = describeWildcardProblem(pattern)
      if (problem) assert.match(found ?? '', problem)
      else assert.equal(found, undefined)
    })
  }
})

describe('findCoveringNames and certificateCovers', () => {
  const names = ['*.example.com', 'example.com', 'f*o.example.com']

  it('lists every SAN that covers the hostname', () => {
    assert.deepEqual(findCoveringNames(names, 'www.example.com'), ['*.example.com'])
    assert.deepEqual(findCoveringNames(names, 'example.com'), ['example.com'])
    assert.deepEqual(findCoveringNames(names, 'foo.example.com'), ['*.example.com'])
    assert.deepEqual(findCoveringNames(names, 'shop.example.org'), [])
  })

  it('a certificate without SANs covers nothing (no CN fallback)', () => {
    assert.equal(certificateCovers([], 'www.example.com'), false)
    assert.equal(certificateCovers(names, 'a.b.example.com'), false)
    assert.equal(certificateCovers(names, 'www.example.com'), true)
  })
})

describe('hostname matching agrees with OpenSSL (X509Certificate.checkHost)', () => {
  // OpenSSL with CN fallback off and partial/multi-label wildcards off is the reference. Hostnames are
  // built from labels around example.com so that matches and near misses are both frequent.
  const label = fc.constantFrom(
    'www',
    'WWW',
    'api',
    'example',
    'Example',
    'com',
    'community',
    'evil',
    'net',
    'a',
    'b-c',
    'xn--bcher-kva',
    'org',
  )
  const suffix = fc.constantFrom(
    'example.com',
    'Example.COM',
    'example.community',
    'example.com.evil.net',
    'xn--bcher-kva.example',
    'example.org',
    'com',
  )
  // Trailing dots are left out on purpose: OpenSSL does not strip them, we do (tested in the table above).
  const hostname = fc
    .tuple(fc.array(label, {maxLength: 3}), suffix)
    .map(([labels, tail]) => [...labels, tail].join('.'))
  const options = {multiLabelWildcards: false, partialWildcards: false, subject: 'never'} as const

  for (const name of ['wildcard.crt', 'leaf-rsa2048.crt', 'idn.crt', 'nosan.crt']) {
    it(`on ${name}`, () => {
      const cert = loadFixtureCertificate(name)
      fc.assert(
        fc.property(hostname, (host) => {
          const expected = cert.x509.checkHost(host, options) !== undefined
          assert.equal(certificateCovers(cert.summary.dnsNames, host), expected, host)
        }),
        {numRuns: 2000},
      )
    })
  }

  it('generates matching hostnames often enough to be meaningful', () => {
    const cert = loadFixtureCertificate('wildcard.crt')
    const sample = fc.sample(hostname, {numRuns: 2000, seed: 42})
    const hits = sample.filter((host) => certificateCovers(cert.summary.dnsNames, host)).length
    assert.ok(hits > 20, `only ${hits} of 2000 generated hostnames matched`)
  })
})
