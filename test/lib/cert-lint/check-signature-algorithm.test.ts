import assert from 'node:assert/strict'

import {type ChainRole, checkSignatureAlgorithm} from '../../../src/lib/cert-lint/check-signature-algorithm.js'
import {loadFixtureCertificate} from '../../helpers/parsed-fixtures.js'

describe('checkSignatureAlgorithm', () => {
  const rows: Array<[fixture: string, role: ChainRole, strict: boolean, expected: string[]]> = [
    ['leaf-rsa2048.crt', 'leaf', true, []],
    ['leaf-ecdsa-p256.crt', 'leaf', true, []],
    ['sha1.crt', 'leaf', false, ['warning:CERT_SIGNATURE_SHA1']],
    ['sha1.crt', 'leaf', true, ['error:CERT_SIGNATURE_SHA1']],
    ['sha1.crt', 'intermediate', false, ['warning:CERT_SIGNATURE_SHA1']],
    ['sha1.crt', 'root', true, []],
    ['md5.crt', 'leaf', false, ['error:CERT_SIGNATURE_INSECURE']],
    ['md5.crt', 'intermediate', false, ['error:CERT_SIGNATURE_INSECURE']],
    ['md5.crt', 'root', false, ['error:CERT_SIGNATURE_INSECURE']],
  ]
  for (const [fixture, role, strict, expected] of rows) {
    it(`${fixture} as ${role}${strict ? ' (strict)' : ''}`, () => {
      const findings = checkSignatureAlgorithm(loadFixtureCertificate(fixture), {role, strict})
      assert.deepEqual(
        findings.map((f) => `${f.severity}:${f.code}`),
        expected,
      )
    })
  }

  it('names the algorithm', () => {
    const [finding] = checkSignatureAlgorithm(loadFixtureCertificate('md5.crt'), {role: 'leaf'})
    assert.match(finding?.message ?? '', /^md5\.crt: certificate 1 .* is signed with md5WithRSAEncryption/)
  })
})
