import assert from 'node:assert/strict'

import {isIssuedBy} from '../../../src/lib/chain/is-issued-by.js'
import {issueTestCertificate} from '../../helpers/issue-test-certificate.js'
import {loadFixtureCertificate} from '../../helpers/parsed-fixtures.js'

const x509 = (name: string) => loadFixtureCertificate(name).x509

describe('isIssuedBy', () => {
  const rows: Array<[child: string, issuer: string, expected: boolean]> = [
    ['leaf-rsa2048.crt', 'intermediate-ca.crt', true],
    ['leaf-ecdsa-p256.crt', 'intermediate-ca.crt', true],
    ['intermediate-ca.crt', 'root-ca.crt', true],
    ['root-ca.crt', 'root-ca.crt', true],
    ['leaf-rsa2048.crt', 'root-ca.crt', false],
    ['intermediate-ca.crt', 'leaf-rsa2048.crt', false],
    ['leaf-rsa2048.crt', 'other-ca.crt', false],
    ['md5.crt', 'intermediate-ca.crt', true],
  ]
  for (const [child, issuer, expected] of rows) {
    it(`${child} ${expected ? 'is' : 'is not'} issued by ${issuer}`, () => {
      assert.equal(isIssuedBy(x509(child), x509(issuer)), expected)
    })
  }

  it('needs the signature, not just the name', () => {
    const impostor = issueTestCertificate({ca: true, keyFixture: 'other-ca.key', subject: 'Fixture Intermediate CA'})
    const leaf = issueTestCertificate({
      issuer: 'Fixture Intermediate CA',
      keyFixture: 'leaf-rsa2048.key',
      signerFixture: 'intermediate-ca.key',
      subject: 'www.example.com',
    })
    assert.equal(isIssuedBy(leaf.x509, impostor.x509), false)
  })
})
