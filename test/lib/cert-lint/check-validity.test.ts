import assert from 'node:assert/strict'

import {checkIssuerValidity, checkValidity, maxValidityDays} from '../../../src/lib/cert-lint/check-validity.js'
import {issueCertificate, issueRoot} from '../../helpers/certificate-builder.js'
import {issueTestCertificate} from '../../helpers/issue-test-certificate.js'
import {loadFixtureCertificate} from '../../helpers/parsed-fixtures.js'

const minutes = (n: number): number => n * 60 * 1000

describe('checkValidity', () => {
  const expired = loadFixtureCertificate('expired.crt') // 2020-01-01 .. 2020-02-01
  const end = new Date('2020-02-01T00:00:00Z').getTime()
  const start = new Date('2020-01-01T00:00:00Z').getTime()
  const rows: Array<[string, number, string[]]> = [
    ['in the middle', start + minutes(60 * 24 * 10), []],
    ['just after the end, within the skew', end + minutes(4), []],
    ['after the end plus skew', end + minutes(6), ['CERT_EXPIRED']],
    ['just before the start, within the skew', start - minutes(4), []],
    ['before the start beyond the skew', start - minutes(6), ['CERT_NOT_YET_VALID']],
  ]
  for (const [name, now, codes] of rows) {
    it(name, () => {
      assert.deepEqual(
        checkValidity(expired, new Date(now)).map((f) => f.code),
        codes,
      )
    })
  }

  it('formats the dates in messages as yyyy-MM-dd HH:mm UTC', () => {
    const [finding] = checkValidity(expired, new Date())
    assert.equal(finding?.severity, 'error')
    assert.match(
      finding?.message ?? '',
      /^expired\.crt: certificate 1 \(.*CN=www\.example\.com\) expired on 2020-02-01 00:00 UTC\.$/,
    )
    const early = checkValidity(expired, new Date('2019-06-01T00:00:00Z'))[0]
    assert.match(early?.message ?? '', /is not valid until 2020-01-01 00:00 UTC\.$/)
  })

  it('fixtures relative to today', () => {
    const now = new Date()
    assert.deepEqual(checkValidity(loadFixtureCertificate('leaf-rsa2048.crt'), now), [])
    assert.deepEqual(
      checkValidity(loadFixtureCertificate('notyetvalid.crt'), now).map((f) => f.code),
      ['CERT_NOT_YET_VALID'],
    )
  })

  it('refuses a certificate whose notBefore is after its notAfter', () => {
    const inverted = issueTestCertificate({
      keyFixture: 'leaf-rsa2048.key',
      notAfter: new Date('2026-01-01T00:00:00Z'),
      notBefore: new Date('2026-06-01T00:00:00Z'),
      subject: 'inverted',
    })
    const findings = checkValidity(inverted, new Date('2026-03-01T00:00:00Z'))
    assert.deepEqual(
      findings.map((f) => `${f.severity}:${f.code}`),
      ['error:CERT_VALIDITY_INVERTED'],
    )
  })

  it('warns about validity longer than the CA/B Forum maximum for its issue date', () => {
    const root = loadFixtureCertificate('root-ca.crt') // ten years
    const [finding] = checkValidity(root, new Date())
    assert.equal(finding?.code, 'CERT_VALIDITY_TOO_LONG')
    assert.equal(finding?.severity, 'warning')
    const old = issueTestCertificate({
      keyFixture: 'leaf-rsa2048.key',
      notAfter: new Date('2026-01-04T00:00:00Z'),
      notBefore: new Date('2025-01-01T00:00:00Z'),
      subject: '368 days',
    })
    assert.deepEqual(checkValidity(old, new Date('2025-06-01T00:00:00Z')), [])
  })

  const limits: Array<[string, number]> = [
    ['2020-01-01', 398],
    ['2026-03-14', 398],
    ['2026-03-15', 200],
    ['2027-03-15', 100],
    ['2029-03-15', 47],
  ]
  for (const [date, days] of limits) {
    it(`maximum validity for certificates issued ${date} is ${days} days`, () => {
      assert.equal(maxValidityDays(new Date(`${date}T00:00:00Z`)), days)
    })
  }
})

describe('validity at an exact time (--at) and of issuers', () => {
  const root = issueRoot()
  const notBefore = new Date('2024-03-01T00:00:00Z')
  const notAfter = new Date('2024-04-01T00:00:00Z')
  const leaf = issueCertificate({issuer: root, notAfter, notBefore}).parse()
  const at = (iso: string) => checkValidity(leaf, new Date(iso), {skewMs: 0}).map((f) => f.code)
  const rows: Array<[string, string, string[]]> = [
    ['notBefore itself (inclusive)', '2024-03-01T00:00:00Z', []],
    ['notAfter itself (inclusive)', '2024-04-01T00:00:00Z', []],
    ['5 ms after notAfter (times are whole seconds)', '2024-04-01T00:00:00.005Z', []],
    ['1 s after notAfter', '2024-04-01T00:00:01Z', ['CERT_EXPIRED']],
    ['1 s before notBefore', '2024-02-29T23:59:59Z', ['CERT_NOT_YET_VALID']],
    ['999 ms before notBefore +1 s', '2024-03-01T00:00:00.999Z', []],
  ]
  for (const [label, iso, codes] of rows) it(label, () => assert.deepEqual(at(iso), codes))

  it('judges intermediates and trust anchors at the time too', () => {
    const ca = issueCertificate({issuer: root, notAfter, notBefore, profile: 'ca', subject: 'Old CA'}).parse()
    assert.deepEqual(checkIssuerValidity(ca, 'intermediate', new Date('2024-03-15T00:00:00Z'), {skewMs: 0}), [])
    const [expired] = checkIssuerValidity(ca, 'intermediate', new Date('2024-05-01T00:00:00Z'), {skewMs: 0})
    assert.equal(expired?.code, 'INTERMEDIATE_EXPIRED')
    assert.match(expired?.message ?? '', /is an intermediate that expired on 2024-04-01 00:00 UTC\.$/)
    const [early] = checkIssuerValidity(ca, 'anchor', new Date('2024-01-01T00:00:00Z'), {skewMs: 0})
    assert.equal(early?.code, 'ROOT_EXPIRED')
    assert.match(
      early?.message ?? '',
      /is a trust anchor that is not valid until 2024-03-01 00:00 UTC, so clients refuse the chain\.$/,
    )
  })
})
