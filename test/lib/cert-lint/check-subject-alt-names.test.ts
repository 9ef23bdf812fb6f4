import assert from 'node:assert/strict'

import {checkCommonName, checkSubjectAltNames} from '../../../src/lib/cert-lint/check-subject-alt-names.js'
import {ext, issueCertificate, issueRoot, name, type SanEntry} from '../../helpers/certificate-builder.js'
import {issueTestCertificate} from '../../helpers/issue-test-certificate.js'
import {loadFixtureCertificate} from '../../helpers/parsed-fixtures.js'

const withNames = (dnsNames: string[]) =>
  issueTestCertificate({dnsNames, keyFixture: 'leaf-rsa2048.key', subject: 'www.example.com'})

describe('checkSubjectAltNames', () => {
  const fixtures: Array<[string, string[]]> = [
    ['leaf-rsa2048.crt', []],
    ['wildcard.crt', []],
    ['idn.crt', []],
    ['nosan.crt', ['warning:CERT_NO_SAN']],
  ]
  for (const [fixture, expected] of fixtures) {
    it(fixture, () => {
      assert.deepEqual(
        checkSubjectAltNames(loadFixtureCertificate(fixture)).map((f) => `${f.severity}:${f.code}`),
        expected,
      )
    })
  }

  it('explains that a certificate without SANs covers no domain', () => {
    const [finding] = checkSubjectAltNames(loadFixtureCertificate('nosan.crt'))
    assert.match(finding?.message ?? '', /the certificate names no hostname in subjectAltName, so it covers no domain/)
  })

  const names: Array<[string, string[], RegExp?]> = [
    ['www.example.com', []],
    ['*.example.com', []],
    ['xn--bcher-kva.example', []],
    ['f*o.example.com', ['warning:SAN_WILDCARD_MALFORMED'], /"f\*o\.example\.com".*only part of the leftmost label/],
    ['foo.*.example.com', ['warning:SAN_WILDCARD_MALFORMED']],
    ['*.com', ['warning:SAN_WILDCARD_MALFORMED'], /at least two labels/],
    ['*', ['warning:SAN_WILDCARD_MALFORMED']],
    ['exa\u0000mple.com', ['error:SAN_INVALID_NAME'], /"exa\\x00mple\.com"/],
    ['www.example.com\u0000.evil.net', ['error:SAN_INVALID_NAME'], /\\x00/],
    ['exa mple.com', ['error:SAN_INVALID_NAME']],
    ['under_score.example.com', ['error:SAN_INVALID_NAME']],
    ['esc\u001b[31m.example.com', ['error:SAN_INVALID_NAME'], /esc\\x1b\[31m/],
    ['b\u00fccher.example', ['error:SAN_INVALID_NAME']],
    ['-leading.example.com', ['error:SAN_INVALID_NAME']],
    ['www..example.com', ['error:SAN_INVALID_NAME']],
    ['*.exa\u0000mple.com', ['error:SAN_INVALID_NAME']],
  ]
  for (const [name, expected, message] of names) {
    it(`SAN ${JSON.stringify(name)}`, () => {
      const findings = checkSubjectAltNames(withNames(['ok.example.com', name]))
      assert.deepEqual(
        findings.map((f) => `${f.severity}:${f.code}`),
        expected,
      )
      if (message) assert.match(findings[0]?.message ?? '', message)
      for (const f of findings)
        assert.ok(![...f.message].some((ch) => ch.charCodeAt(0) < 0x20), 'message must be escaped')
    })
  }

  const extra: Array<[string, string[], string[]]> = [
    ['a wildcard on a multi-label public suffix', ['*.co.uk'], ['warning:SAN_WILDCARD_PUBLIC_SUFFIX']],
    ['a wildcard on a private public suffix', ['*.s3.amazonaws.com'], ['warning:SAN_WILDCARD_PUBLIC_SUFFIX']],
    ['a wildcard under one', ['*.example.co.uk'], []],
    ['an IP address as a dNSName', ['8.8.8.8'], ['error:SAN_INVALID_NAME']],
    ['a leading dot', ['.example.com'], ['error:SAN_INVALID_NAME']],
  ]
  for (const [label, dnsNames, expected] of extra) {
    it(label, () =>
      assert.deepEqual(
        checkSubjectAltNames(withNames(dnsNames)).map((f) => `${f.severity}:${f.code}`),
        expected,
      ),
    )
  }

  it('refuses an iPAddress entry that is not 4 or 16 octets (a CIDR range, say)', () => {
    const cert = issueCertificate({
      extensions: [ext.san([{dns: 'www.example.com'}, {ip: Buffer.from([192, 0, 2, 0, 255, 255, 255, 0])}])],
      issuer: issueRoot(),
    })
    const [finding] = checkSubjectAltNames(cert.parse())
    assert.equal(finding?.code, 'SAN_INVALID_NAME')
    assert.match(finding?.message ?? '', /not a valid IP address \(8 octets/)
  })

  it('leaves a malformed subjectAltName to CERT_EXTENSION_MALFORMED instead of saying it has none', () => {
    const cert = issueCertificate({
      extensions: [{oid: '2.5.29.17', value: Buffer.from('www.example.com')}],
      issuer: issueRoot(),
    })
    assert.deepEqual(checkSubjectAltNames(cert.parse()), [])
  })
})

describe('checkCommonName (CA/B Forum 7.1.4.3)', () => {
  const root = issueRoot()
  const rows: Array<[string, string, SanEntry[], boolean]> = [
    ['a copy of a dNSName', 'www.example.com', [{dns: 'www.example.com'}], true],
    ['another name', 'notinsan.example.com', [{dns: 'valid.example.com'}], false],
    ['the same name in another case', 'Example.COM', [{dns: 'example.com'}], false],
    ['the Unicode form of an A-label', 'bücher.example', [{dns: 'xn--bcher-kva.example'}], false],
    ['an IPv4 address in dotted decimal', '192.168.1.1', [{ip: Buffer.from([192, 168, 1, 1])}], true],
    ['an IPv4 address with leading zeros', '192.168.001.001', [{ip: Buffer.from([192, 168, 1, 1])}], false],
    [
      'an IPv6 address in RFC 5952 form',
      '2001:db8::1',
      [{ip: Buffer.from('20010db8000000000000000000000001', 'hex')}],
      true,
    ],
    [
      'an IPv6 address in upper case',
      '2001:DB8::1',
      [{ip: Buffer.from('20010db8000000000000000000000001', 'hex')}],
      false,
    ],
  ]
  for (const [label, cn, sans, ok] of rows) {
    it(label, () => {
      const findings = checkCommonName(
        issueCertificate({extensions: [ext.san(sans)], issuer: root, subject: name({CN: cn})}).parse(),
      )
      assert.deepEqual(
        findings.map((f) => `${f.severity}:${f.code}`),
        ok ? [] : ['warning:CERT_COMMON_NAME_NOT_IN_SAN'],
      )
    })
  }
})
