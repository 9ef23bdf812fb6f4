import assert from 'node:assert/strict'

import forge from 'node-forge'

import {checkExtensions} from '../../../src/lib/checks/check-extensions.js'
import {issueTestCertificate} from '../../helpers/issue-test-certificate.js'
import {loadFixtureCertificate} from '../../helpers/parsed-fixtures.js'

const asn1Null = forge.asn1.toDer(forge.asn1.create(forge.asn1.Class.UNIVERSAL, forge.asn1.Type.NULL, false, '')).getBytes()
const withExtensions = (extensions: object[]) => issueTestCertificate({dnsNames: ['www.example.com'], extensions, keyFixture: 'leaf-rsa2048.key', subject: 'www.example.com'})

describe('checkExtensions', () => {
  it('accepts the fixtures', () => {
    for (const name of ['leaf-rsa2048.crt', 'intermediate-ca.crt', 'root-ca.crt', 'leaf-ed25519.crt']) {
      assert.deepEqual(checkExtensions(loadFixtureCertificate(name)), [], name)
    }
  })

  const rows: Array<[string, object[], string[]]> = [
    ['a second subjectAltName', [{altNames: [{type: 2, value: 'evil.example'}], name: 'subjectAltName'}], ['error:CERT_DUPLICATE_EXTENSION']],
    ['a second basicConstraints', [{cA: true, name: 'basicConstraints'}], ['error:CERT_DUPLICATE_EXTENSION']],
    ['two more subjectAltNames (reported once)', [{altNames: [{type: 2, value: 'a.example'}], name: 'subjectAltName'}, {altNames: [{type: 2, value: 'b.example'}], name: 'subjectAltName'}], ['error:CERT_DUPLICATE_EXTENSION']],
    ['an unknown critical extension', [{critical: true, id: '1.2.3.4', value: asn1Null}], ['error:CERT_UNKNOWN_CRITICAL_EXTENSION']],
    ['an unknown non-critical extension', [{critical: false, id: '1.2.3.4', value: asn1Null}], []],
  ]
  for (const [name, extensions, expected] of rows) {
    it(name, () => {
      const findings = checkExtensions(withExtensions(extensions))
      assert.deepEqual(findings.map((f) => `${f.severity}:${f.code}`), expected)
    })
  }

  it('names the repeated extension', () => {
    const [finding] = checkExtensions(withExtensions([{altNames: [{type: 2, value: 'evil.example'}], name: 'subjectAltName'}]))
    assert.match(finding?.message ?? '', /contains the extension 2\.5\.29\.17 more than once/)
  })
})
