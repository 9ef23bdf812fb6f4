import assert from 'node:assert/strict'

import {checkSubjectAltNames} from '../../../src/lib/checks/check-subject-alt-names.js'
import {issueTestCertificate} from '../../helpers/issue-test-certificate.js'
import {loadFixtureCertificate} from '../../helpers/parsed-fixtures.js'

const withNames = (dnsNames: string[]) => issueTestCertificate({dnsNames, keyFixture: 'leaf-rsa2048.key', subject: 'www.example.com'})

describe('checkSubjectAltNames', () => {
  const fixtures: Array<[string, string[]]> = [
    ['leaf-rsa2048.crt', []],
    ['wildcard.crt', []],
    ['idn.crt', []],
    ['nosan.crt', ['warning:CERT_NO_SAN']],
  ]
  for (const [fixture, expected] of fixtures) {
    it(fixture, () => {
      assert.deepEqual(checkSubjectAltNames(loadFixtureCertificate(fixture)).map((f) => `${f.severity}:${f.code}`), expected)
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
      assert.deepEqual(findings.map((f) => `${f.severity}:${f.code}`), expected)
      if (message) assert.match(findings[0]?.message ?? '', message)
      for (const f of findings) assert.ok(![...f.message].some((ch) => ch.charCodeAt(0) < 0x20), 'message must be escaped')
    })
  }
})
