import assert from 'node:assert/strict'
import {X509Certificate} from 'node:crypto'

import {decodeInput} from '../../../src/lib/x509/decode-input.js'
import {decodeTime, readDer} from '../../../src/lib/x509/der-reader.js'
import {parseX509Structure} from '../../../src/lib/x509/x509-structure.js'
import {der, ext, issueCertificate, issueRoot, name, testKey} from '../../helpers/certificate-builder.js'

const time = (tag: number, text: string) =>
  decodeTime(readDer(Buffer.concat([Buffer.from([tag, text.length]), Buffer.from(text)])))

describe('decodeTime (RFC 5280 §4.1.2.5)', () => {
  const rows: Array<[string, number, string, string]> = [
    ['UTCTime 49 is 2049', 0x17, '491231235959Z', '2049-12-31T23:59:59.000Z'],
    ['UTCTime 50 is 1950', 0x17, '500101000000Z', '1950-01-01T00:00:00.000Z'],
    [
      'GeneralizedTime year 0001 stays year 1 (OpenSSL text through new Date() made it 2001)',
      0x18,
      '00010101000000Z',
      '0001-01-01T00:00:00.000Z',
    ],
    ['GeneralizedTime year 0049', 0x18, '00490601120000Z', '0049-06-01T12:00:00.000Z'],
    ['GeneralizedTime 9999', 0x18, '99991231235959Z', '9999-12-31T23:59:59.000Z'],
    ['a leap day', 0x18, '20240229000000Z', '2024-02-29T00:00:00.000Z'],
  ]
  for (const [label, tag, text, iso] of rows) it(label, () => assert.equal(time(tag, text).toISOString(), iso))

  const rejected: Array<[string, number, string]> = [
    ['no seconds', 0x17, '2401010000Z'],
    ['a fraction', 0x18, '20240101000000.5Z'],
    ['a local time', 0x18, '20240101000000'],
    ['an offset', 0x17, '240101000000+0100'],
    ['February 30', 0x18, '20240230000000Z'],
    ['February 29 of a common year', 0x18, '20230229000000Z'],
    ['hour 24', 0x17, '240101240000Z'],
    ['a four-digit year in a UTCTime', 0x17, '20240101000000Z'],
  ]
  for (const [label, tag, text] of rejected)
    it(`refuses ${label}`, () => assert.throws(() => time(tag, text), RangeError))
})

describe('parseX509Structure', () => {
  const root = issueRoot()

  it('reads validity from the DER, GeneralizedTime years before 2050 included', () => {
    const cert = issueCertificate({
      issuer: root,
      notAfter: new Date('2030-01-01T00:00:00Z'),
      notBefore: new Date('2000-01-01T00:00:00Z'),
      timeTag: 'generalized',
    })
    const s = parseX509Structure(cert.der, 'test.pem')
    assert.equal(s.notBefore.toISOString(), '2000-01-01T00:00:00.000Z')
    assert.equal(s.notAfter.toISOString(), '2030-01-01T00:00:00.000Z')
    assert.equal(cert.parse().summary.notAfter, '2030-01-01T00:00:00.000Z')
  })

  it('reads version, serial as encoded, and whether the two signature algorithms match', () => {
    const cert = issueCertificate({issuer: root, serial: Buffer.from([0xff, 0x01])})
    const s = parseX509Structure(cert.der, 'test.pem')
    assert.equal(s.version, 3)
    assert.equal(s.serialNumber.toString('hex'), 'ff01')
    assert.equal(s.signatureAlgorithmsMatch, true)
    const mismatched = issueCertificate({innerAlgorithm: der.seq(der.oid('1.2.840.10045.4.3.3')), issuer: root})
    assert.equal(parseX509Structure(mismatched.der, 'test.pem').signatureAlgorithmsMatch, false)
  })

  it('names the key algorithm and curve, and sees explicit curve parameters Node hides', () => {
    const named = parseX509Structure(issueCertificate({issuer: root}).der, 'test.pem').publicKeyAlgorithm
    assert.deepEqual([named.name, named.curve, named.explicitCurve], ['ECDSA', 'P-256', undefined])
    const key = testKey('ec')
    const explicitSpki = key.publicKey.export({format: 'der', type: 'spki'})
    // swap the namedCurve OID for a (dummy) ECParameters SEQUENCE: the SPKI reader must call it explicit
    const curveOid = der.oid('1.2.840.10045.3.1.7')
    const at = explicitSpki.indexOf(curveOid)
    const algorithm = der.seq(der.oid('1.2.840.10045.2.1'), der.seq(der.int(1)))
    const bits = explicitSpki.subarray(at + curveOid.length)
    const spki = der.seq(algorithm, bits)
    const explicit = parseX509Structure(issueCertificate({issuer: root, spki}).der, 'test.pem').publicKeyAlgorithm
    assert.equal(explicit.explicitCurve, true)
  })

  it('keeps a malformed extension for the checks instead of refusing the certificate', () => {
    const cert = issueCertificate({
      extensions: [{oid: '2.5.29.17', value: Buffer.from('www.example.com')}],
      issuer: root,
    })
    const s = parseX509Structure(cert.der, 'test.pem')
    assert.deepEqual(s.dnsNames, [])
    assert.equal(s.extensions.find((e) => e.oid === '2.5.29.17')?.value.toString(), 'www.example.com')
  })

  it('isCA comes from basicConstraints, even where OpenSSL says otherwise (keyUsage without keyCertSign)', () => {
    const cert = issueCertificate({extensions: [ext.basicConstraints(true), ext.keyUsage([0])], issuer: root})
    assert.equal(new X509Certificate(cert.der).ca, false)
    assert.equal(cert.parse().summary.isCA, true)
  })

  it('refuses a certificate whose structure is broken, naming the file', () => {
    assert.throws(
      () => parseX509Structure(der.seq(der.int(1)), 'broken.pem'),
      /broken\.pem: the certificate's ASN\.1 structure is malformed/,
    )
  })
})

describe('a certificate whose key Node cannot load', () => {
  it('is read, and its key algorithm named, instead of INPUT_UNDECODABLE', async () => {
    const root = issueRoot()
    const gost = der.seq(
      der.seq(der.oid('1.2.643.7.1.1.1.1'), der.seq(der.oid('1.2.643.7.1.2.1.1.1'))),
      der.bitString(Buffer.alloc(66, 4)),
    )
    const cert = issueCertificate({issuer: root, spki: gost, subject: name({CN: 'gost.example'})})
    assert.throws(() => new X509Certificate(cert.der).publicKey)
    const decoded = await decodeInput({data: Buffer.from(cert.pem), label: 'gost.pem'}, async () => undefined)
    const [parsed] = decoded.certificates
    assert.equal(parsed?.summary.publicKey.type, 'other')
    assert.equal(parsed?.summary.publicKey.algorithm, 'GOST R 34.10-2012 (256-bit)')
    assert.match(parsed?.summary.publicKey.spkiSha256 ?? '', /^[0-9a-f]{64}$/)
  })
})
