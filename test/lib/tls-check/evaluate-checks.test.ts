import assert from 'node:assert/strict'
import type {X509Certificate} from 'node:crypto'

import {
  allPassed,
  checkExpiry,
  evaluateTlsCheck,
  type TlsCheckInput,
} from '../../../src/lib/tls-check/evaluate-checks.js'
import type {CheckResult, PlatformExpectation} from '../../../src/lib/tls-check/types.js'
import {loadFixtureCertificate, loadFixtureCertificates} from '../../helpers/parsed-fixtures.js'

const ROOT = loadFixtureCertificate('root-ca.crt').x509
const HANDSHAKE = {cipher: 'TLS_AES_256_GCM_SHA384', ok: true as const, protocol: 'TLSv1.3'}
const SKIPPED: PlatformExpectation = {kind: 'skipped', reason: 'no --app given'}

function run(files: string[], overrides: Partial<TlsCheckInput> = {}): CheckResult[] {
  return evaluateTlsCheck({
    extraRoots: [ROOT],
    handshake: HANDSHAKE,
    hostname: 'www.example.com',
    now: new Date(),
    platform: SKIPPED,
    served: loadFixtureCertificates(...files),
    ...overrides,
  })
}

function check(results: CheckResult[], name: string): CheckResult {
  const found = results.find((c) => c.name === name)
  assert.ok(found, `no ${name} check in ${results.map((c) => c.name).join(', ')}`)
  return found
}

/** Names of the checks that failed with severity error. */
function failures(results: CheckResult[]): string[] {
  return results.filter((c) => !c.ok && c.severity === 'error').map((c) => c.name)
}

describe('evaluateTlsCheck', () => {
  it('passes a served leaf and intermediate that chain to a --ca root, in report order', () => {
    const results = run(['leaf-rsa2048.crt', 'intermediate-ca.crt'])
    assert.deepEqual(
      results.map((c) => c.name),
      ['handshake', 'hostname', 'chain', 'trust', 'expiry', 'platform'],
    )
    assert.deepEqual(failures(results), [])
    assert.ok(allPassed(results))
    assert.equal(check(results, 'handshake').detail, 'TLSv1.3, TLS_AES_256_GCM_SHA384')
    assert.match(check(results, 'hostname').detail, /^www\.example\.com matches www\.example\.com/)
    assert.equal(check(results, 'trust').detail, 'chains to the trusted root /C=US/O=Fixture Trust/CN=Fixture Root CA')
    assert.match(check(results, 'expiry').detail, /^(89|90) days left \(expires \d{4}-\d\d-\d\d \d\d:\d\d UTC\)$/)
    assert.deepEqual(check(results, 'platform'), {
      detail: 'no --app given',
      name: 'platform',
      ok: true,
      severity: 'info',
      skipped: true,
    })
  })

  it('fails an expired leaf', () => {
    const results = run(['expired.crt', 'intermediate-ca.crt'])
    assert.deepEqual(failures(results), ['expiry'])
    assert.match(check(results, 'expiry').detail, /^the certificate expired on 2020-02-01 00:00 UTC \(\d+ days ago\)$/)
  })

  it('fails a leaf that is not valid yet', () => {
    const results = run(['notyetvalid.crt', 'intermediate-ca.crt'])
    assert.deepEqual(failures(results), ['expiry'])
    assert.match(check(results, 'expiry').detail, /^the certificate is not valid until /)
  })

  it('warns, without failing, when fewer than 30 days are left', () => {
    const [leaf] = loadFixtureCertificates('leaf-rsa2048.crt')
    const now = new Date(new Date(leaf?.summary.notAfter ?? '').getTime() - 10.5 * 86_400_000)
    const results = run(['leaf-rsa2048.crt', 'intermediate-ca.crt'], {now})
    const expiry = check(results, 'expiry')
    assert.equal(expiry.ok, false)
    assert.equal(expiry.severity, 'warning')
    assert.match(expiry.detail, /^10 days left \(expires .*\); renew it soon$/)
    assert.ok(allPassed(results))
  })

  it('does not warn on a fresh short-lived certificate: under a third of its lifetime only', () => {
    const [leaf] = loadFixtureCertificates('leaf-rsa2048.crt')
    assert.ok(leaf)
    const day = 86_400_000
    const shortLived = {
      ...leaf,
      summary: {
        ...leaf.summary,
        notAfter: new Date(Date.now() + 30 * day).toISOString(),
        notBefore: new Date(Date.now() - 60_000).toISOString(),
      },
    }
    assert.equal(checkExpiry(shortLived, new Date()).ok, true, 'a 30-day certificate issued a minute ago')
    assert.equal(checkExpiry(shortLived, new Date(Date.now() + 21 * day)).severity, 'warning', '9 days of 30 left')
  })

  it('fails a certificate for another hostname, naming what it covers', () => {
    const results = run(['other-leaf.crt', 'intermediate-ca.crt'])
    assert.deepEqual(failures(results), ['hostname'])
    assert.equal(check(results, 'hostname').detail, 'the certificate is for api.example.org, not www.example.com')
  })

  it('never falls back to the common name', () => {
    const results = run(['nosan.crt', 'intermediate-ca.crt'])
    assert.deepEqual(failures(results), ['hostname'])
    assert.match(check(results, 'hostname').detail, /no DNS names in subjectAltName.*common name is not used/)
  })

  it('matches a wildcard for one label only', () => {
    assert.deepEqual(failures(run(['wildcard.crt', 'intermediate-ca.crt'], {hostname: 'shop.example.com'})), [])
    assert.deepEqual(failures(run(['wildcard.crt', 'intermediate-ca.crt'], {hostname: 'a.shop.example.com'})), [
      'hostname',
    ])
  })

  it('fails trust, not the chain, when the served chain leads to an unknown root', () => {
    const results = run(['leaf-rsa2048.crt', 'intermediate-ca.crt'], {extraRoots: []})
    assert.deepEqual(failures(results), ['trust'])
    assert.equal(check(results, 'chain').ok, true)
    assert.match(
      check(results, 'trust').detail,
      /issued by \/C=US\/O=Fixture Trust\/CN=Fixture Root CA, which is not a trusted root in Node's root store \(pass a private CA's root with --ca\)$/,
    )
  })

  it('reports a missing intermediate when only the leaf is served', () => {
    const results = run(['leaf-rsa2048.crt'])
    assert.deepEqual(failures(results), ['chain', 'trust'])
    assert.equal(
      check(results, 'chain').detail,
      'the server does not send the intermediate certificate: the leaf is issued by /C=US/O=Fixture Trust/CN=Fixture Intermediate CA, which is neither served nor a trusted root',
    )
  })

  it('accepts a leaf alone when its issuer is itself a --ca anchor', () => {
    const results = run(['leaf-rsa2048.crt'], {extraRoots: [loadFixtureCertificate('intermediate-ca.crt').x509]})
    assert.deepEqual(failures(results), [])
  })

  it('fails a self-signed leaf on trust only', () => {
    const results = run(['selfsigned.crt'], {extraRoots: []})
    assert.deepEqual(failures(results), ['trust'])
    assert.match(check(results, 'trust').detail, /^the certificate is self-signed and not in Node's root store/)
  })

  it('accepts a served root and fails a served unrelated certificate', () => {
    const withRoot = run(['leaf-rsa2048.crt', 'intermediate-ca.crt', 'root-ca.crt'])
    assert.deepEqual(failures(withRoot), [])
    assert.match(check(withRoot, 'chain').detail, /^3 certificates served/)
    const unrelated = run(['leaf-rsa2048.crt', 'intermediate-ca.crt', 'other-ca.crt'])
    assert.deepEqual(failures(unrelated), ['chain'])
    assert.match(check(unrelated, 'chain').detail, /Unrelated Root CA.*is not on the path from the leaf/)
  })

  it('warns when the intermediates are served out of order', () => {
    // Leaf first (TLS requires it), then the root before the intermediate.
    const results = run(['leaf-rsa2048.crt', 'root-ca.crt', 'intermediate-ca.crt'])
    assert.deepEqual(failures(results), [])
    assert.equal(check(results, 'chain').severity, 'warning')
    assert.match(check(results, 'chain').detail, /not in order/)
  })

  describe('platform association', () => {
    const [leaf] = loadFixtureCertificates('leaf-rsa2048.crt')
    const fingerprint = leaf?.summary.fingerprint256 ?? ''

    it('passes when the served leaf has the fingerprint of the associated endpoint (any case, with or without colons)', () => {
      for (const fingerprint256 of [fingerprint, fingerprint.replaceAll(':', '').toLowerCase()]) {
        const results = run(['leaf-rsa2048.crt', 'intermediate-ca.crt'], {
          platform: {endpoint: 'tyrannosaurus-12345', fingerprint256, kind: 'expected'},
        })
        assert.deepEqual(failures(results), [])
        assert.match(check(results, 'platform').detail, /^the served certificate is tyrannosaurus-12345/)
      }
    })

    it('fails when another certificate is served, naming both fingerprints', () => {
      const results = run(['leaf-ecdsa-p256.crt', 'intermediate-ca.crt'], {
        platform: {endpoint: 'tyrannosaurus-12345', fingerprint256: fingerprint, kind: 'expected'},
      })
      assert.deepEqual(failures(results), ['platform'])
      const {detail} = check(results, 'platform')
      assert.ok(detail.startsWith('the server sends a different certificate (SHA-256 '), detail)
      assert.ok(
        detail.includes(
          `tyrannosaurus-12345, the one the platform associates with this hostname (SHA-256 ${fingerprint})`,
        ),
        detail,
      )
    })

    it('fails when the platform associates no certificate', () => {
      const results = run(['leaf-rsa2048.crt', 'intermediate-ca.crt'], {
        platform: {kind: 'missing', reason: 'example-app associates no certificate with www.example.com'},
      })
      assert.deepEqual(failures(results), ['platform'])
    })
  })

  it('fails only the handshake, and skips what needs a certificate, when the handshake fails', () => {
    const results = run([], {handshake: {ok: false, reason: 'sslv3 alert handshake failure'}})
    assert.deepEqual(failures(results), ['handshake'])
    assert.equal(check(results, 'handshake').detail, 'the TLS handshake failed: sslv3 alert handshake failure')
    for (const name of ['hostname', 'chain', 'trust', 'expiry', 'platform'])
      assert.equal(check(results, name).skipped, true, name)
    const missing = run([], {
      handshake: {ok: false, reason: 'x'},
      platform: {kind: 'missing', reason: 'no certificate associated'},
    })
    assert.deepEqual(failures(missing), ['handshake', 'platform'])
  })

  it('adds one check per probed protocol: refused passes, accepted fails, untestable warns', () => {
    const results = run(['leaf-rsa2048.crt', 'intermediate-ca.crt'], {
      protocols: [
        {detail: 'tlsv1 alert protocol version', outcome: 'refused', version: 'TLSv1'},
        {outcome: 'accepted', version: 'TLSv1.1'},
      ],
    })
    assert.deepEqual(
      results.slice(-2).map((c) => [c.name, c.ok, c.severity]),
      [
        ['tls1.0', true, 'info'],
        ['tls1.1', false, 'error'],
      ],
    )
    assert.equal(check(results, 'tls1.0').detail, 'TLS 1.0 is refused (tlsv1 alert protocol version)')
    assert.match(check(results, 'tls1.1').detail, /^the server accepts TLS 1\.1/)
    const untestable = run(['leaf-rsa2048.crt', 'intermediate-ca.crt'], {
      protocols: [{detail: 'x', outcome: 'untestable', version: 'TLSv1'}],
    })
    assert.equal(check(untestable, 'tls1.0').severity, 'warning')
    assert.ok(allPassed(untestable))
  })

  it('lists every failure at once', () => {
    const extraRoots: X509Certificate[] = []
    const results = run(['expired.crt'], {
      extraRoots,
      hostname: 'shop.example.org',
      platform: {kind: 'missing', reason: 'none'},
    })
    assert.deepEqual(failures(results), ['hostname', 'chain', 'trust', 'expiry', 'platform'])
    assert.equal(allPassed(results), false)
  })
})
