import assert from 'node:assert/strict'
import {X509Certificate} from 'node:crypto'
import {rootCertificates} from 'node:tls'

import {parseX509Structure} from '../../../src/lib/x509/x509-structure.js'
import {readCertificateNames} from '../../../src/lib/chain/der-names.js'
import {issueTestCertificate} from '../../helpers/issue-test-certificate.js'
import {loadFixtureCertificates} from '../../helpers/parsed-fixtures.js'

const hex = (binary: string): string => Buffer.from(binary, 'binary').toString('hex')

describe('readCertificateNames', () => {
  it('agrees with the full ASN.1 reader on every fixture and every root Node ships', () => {
    const ders = [
      ...loadFixtureCertificates(
        'chain-with-root.pem',
        'leaf-ecdsa-p256.crt',
        'leaf-ed25519.crt',
        'idn.crt',
        'md5.crt',
      ).map((c) => c.der),
      ...rootCertificates.map((pem) => new X509Certificate(pem).raw),
      issueTestCertificate({keyFixture: 'leaf-rsa2048.key', subject: 'no version field parsing shortcut'}).der,
    ]
    assert.ok(ders.length > 100)
    for (const der of ders) {
      const structure = parseX509Structure(der, 'test')
      assert.deepEqual(readCertificateNames(der), {
        issuer: hex(structure.issuerDer),
        subject: hex(structure.subjectDer),
      })
    }
  })

  it('throws on truncated input instead of reading past the end', () => {
    const der = loadFixtureCertificates('leaf-rsa2048.crt')[0]?.der as Buffer
    assert.throws(() => readCertificateNames(der.subarray(0, 40)), RangeError)
    assert.throws(() => readCertificateNames(Buffer.alloc(0)), RangeError)
  })
})
