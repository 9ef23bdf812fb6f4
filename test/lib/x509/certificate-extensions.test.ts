import assert from 'node:assert/strict'

import {decodeCertificateExtensions, GeneralNameKind, KeyPurpose} from '../../../src/lib/x509/certificate-extensions.js'
import {parseX509Structure} from '../../../src/lib/x509/x509-structure.js'
import {der, type ExtensionSpec, ext, issueCertificate, issueRoot} from '../../helpers/certificate-builder.js'

const root = issueRoot()
const decode = (extensions: ExtensionSpec[], without: string[] = []) =>
  decodeCertificateExtensions(parseX509Structure(issueCertificate({extensions, issuer: root, without}).der, 'test.pem'))

describe('decodeCertificateExtensions', () => {
  it('decodes the extensions path validation needs, with their critical flags', () => {
    const decoded = decode([
      ext.basicConstraints(true, 2),
      ext.keyUsage([0, 5, 6]),
      ext.eku([KeyPurpose.serverAuth, KeyPurpose.clientAuth]),
      ext.san([{dns: 'a.example.com'}, {ip: Buffer.from([192, 0, 2, 1])}]),
      ext.nameConstraints({
        excluded: [{ip: Buffer.from([10, 0, 0, 0, 255, 0, 0, 0])}],
        permitted: [{dns: 'example.com'}],
      }),
      ext.ski(Buffer.from('0102', 'hex')),
      ext.aia(),
    ])
    assert.deepEqual(decoded.basicConstraints, {critical: true, value: {ca: true, pathLength: 2}})
    assert.deepEqual([...(decoded.keyUsage?.value ?? [])].sort(), [0, 5, 6])
    assert.deepEqual(decoded.extKeyUsage?.value, [KeyPurpose.serverAuth, KeyPurpose.clientAuth])
    assert.deepEqual(
      decoded.subjectAltName?.value.map((n) => n.kind),
      [GeneralNameKind.dNSName, GeneralNameKind.iPAddress],
    )
    assert.equal(decoded.nameConstraints?.value.permitted?.[0]?.base.value.toString(), 'example.com')
    assert.equal(decoded.nameConstraints?.value.excluded?.[0]?.base.value.length, 8)
    assert.equal(decoded.subjectKeyIdentifier?.value.toString('hex'), '0102')
    assert.ok(decoded.authorityKeyIdentifier?.value.keyIdentifier)
    assert.equal(decoded.authorityInfoAccess?.value, 1)
    assert.deepEqual(decoded.malformed, [])
  })

  const malformed: Array<[string, ExtensionSpec]> = [
    ['a subjectAltName of raw text', {oid: '2.5.29.17', value: Buffer.from('www.example.com')}],
    ['an empty extendedKeyUsage (SIZE (1..MAX))', {oid: '2.5.29.37', value: der.seq()}],
    ['an empty authorityInfoAccess', {oid: '1.3.6.1.5.5.7.1.1', value: der.seq()}],
    ['a keyUsage with no bit set', {oid: '2.5.29.15', value: der.bitString(Buffer.from([0]), 0)}],
    [
      'a basicConstraints with trailing garbage',
      {oid: '2.5.29.19', value: Buffer.concat([der.seq(der.bool(true)), Buffer.from([0])])},
    ],
    ['an empty policyConstraints', {oid: '2.5.29.36', critical: true, value: der.seq()}],
    [
      'an authorityKeyIdentifier with an issuer but no serial',
      {oid: '2.5.29.35', value: der.seq(der.ctx(1, true, der.ctx(4, true, der.seq())))},
    ],
  ]
  for (const [label, extension] of malformed) {
    it(`lists ${label} as malformed and treats it as absent`, () => {
      const decoded = decode([extension])
      assert.deepEqual(
        decoded.malformed.map((m) => m.oid),
        [extension.oid],
      )
      assert.equal(decoded.raw.get(extension.oid)?.oid, extension.oid)
    })
  }

  it('keeps the first copy of a repeated extension and lists it', () => {
    const decoded = decode([ext.san([{dns: 'a.example.com'}]), ext.san([{dns: 'evil.example'}])])
    assert.deepEqual(decoded.duplicated, ['2.5.29.17'])
  })
})
