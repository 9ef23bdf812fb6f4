import assert from 'node:assert/strict'

import {KeyPurpose} from '../../../src/lib/x509/certificate-extensions.js'
import {checkCertificateFields, checkLeafUsage} from '../../../src/lib/cert-lint/check-certificate-fields.js'
import {
  der,
  type ExtensionSpec,
  ext,
  issueCertificate,
  issueIntermediate,
  issueRoot,
  name,
  testKey,
} from '../../helpers/certificate-builder.js'

const root = issueRoot()
const codes = (findings: Array<{code: string; severity: string}>) => findings.map((f) => `${f.severity}:${f.code}`)

describe('checkCertificateFields', () => {
  it('accepts well-formed leaves, intermediates and roots', () => {
    const intermediate = issueIntermediate(root)
    assert.deepEqual(checkCertificateFields(issueCertificate({issuer: intermediate}).parse(), 'leaf'), [])
    assert.deepEqual(checkCertificateFields(intermediate.parse(), 'intermediate'), [])
    assert.deepEqual(checkCertificateFields(root.parse(), 'anchor'), [])
  })

  const serials: Array<[string, Buffer, string[]]> = [
    ['a 20-octet serial', Buffer.alloc(20, 0x11), []],
    ['a 20-octet serial with its sign octet', Buffer.concat([Buffer.from([0]), Buffer.alloc(20, 0x91)]), []],
    ['a 21-octet serial', Buffer.alloc(21, 0x11), ['warning:CERT_SERIAL_INVALID']],
    ['serial zero', Buffer.from([0]), ['warning:CERT_SERIAL_INVALID']],
    ['a negative serial', Buffer.from([0x80, 0x01]), ['warning:CERT_SERIAL_INVALID']],
  ]
  for (const [label, serial, expected] of serials) {
    it(label, () =>
      assert.deepEqual(
        codes(checkCertificateFields(issueCertificate({issuer: root, serial}).parse(), 'leaf')),
        expected,
      ),
    )
  }

  it("does not judge a trust anchor's serial (real roots have serial 0)", () => {
    assert.deepEqual(checkCertificateFields(issueRoot('Zero Root', {serial: Buffer.from([0])}).parse(), 'anchor'), [])
  })

  it('wants v3 for certificates with extensions, and for every leaf and intermediate', () => {
    const v2 = issueCertificate({issuer: root, profile: 'none', version: 2})
    const [finding] = checkCertificateFields(v2.parse(), 'leaf')
    assert.equal(finding?.code, 'CERT_VERSION_INVALID')
    assert.match(finding?.message ?? '', /is an X\.509 v2 certificate; clients require v3/)
    const v1Root = issueCertificate({profile: 'none', subject: 'Old Root', version: 1})
    assert.deepEqual(checkCertificateFields(v1Root.parse(), 'anchor'), [])
  })

  it('refuses an empty issuer, and an empty subject on a CA', () => {
    const emptyIssuer = issueCertificate({issuer: root, issuerName: name({})})
    assert.deepEqual(
      codes(checkCertificateFields(emptyIssuer.parse(), 'leaf').filter((f) => f.code === 'CERT_NAME_EMPTY')),
      ['error:CERT_NAME_EMPTY'],
    )
    const emptyCa = issueCertificate({issuer: root, profile: 'ca', subject: name({})})
    assert.match(
      checkCertificateFields(emptyCa.parse(), 'intermediate').find((f) => f.code === 'CERT_NAME_EMPTY')?.message ?? '',
      /empty subject although it is a CA/,
    )
  })

  it('refuses different signature algorithms inside and outside the signed part', () => {
    const cert = issueCertificate({innerAlgorithm: der.seq(der.oid('1.2.840.10045.4.3.4')), issuer: root})
    assert.deepEqual(codes(checkCertificateFields(cert.parse(), 'leaf')), ['error:CERT_SIGNATURE_ALGORITHM_MISMATCH'])
  })

  it('wants authorityKeyIdentifier unless self-signed, and subjectKeyIdentifier on a CA', () => {
    const noAki = issueCertificate({issuer: root, without: ['2.5.29.35']})
    assert.match(
      checkCertificateFields(noAki.parse(), 'leaf')[0]?.message ?? '',
      /no authorityKeyIdentifier keyIdentifier/,
    )
    assert.deepEqual(checkCertificateFields(issueRoot('Bare Root', {without: ['2.5.29.35']}).parse(), 'anchor'), [])
    const noSki = issueIntermediate(root, 'No SKI CA', {without: ['2.5.29.14']})
    assert.match(
      checkCertificateFields(noSki.parse(), 'intermediate')[0]?.message ?? '',
      /no subjectKeyIdentifier although it is a CA/,
    )
  })

  it("holds a root's authorityKeyIdentifier to its own key identifier (CA/B Forum 7.1.2.1.3)", () => {
    const mismatch = issueRoot('AKI Root', {extensions: [ext.aki(Buffer.from('00112233', 'hex'))]})
    assert.match(
      checkCertificateFields(mismatch.parse(), 'anchor')[0]?.message ?? '',
      /differs from its own subjectKeyIdentifier/,
    )
    assert.equal(checkCertificateFields(mismatch.parse(), 'intermediate').length, 0, 'only judged on a trust anchor')
  })

  const flags: Array<[string, () => ReturnType<typeof issueCertificate>, 'intermediate' | 'leaf', string[]]> = [
    [
      'a CA without keyCertSign (issuer)',
      () => issueIntermediate(root, 'No Sign CA', {extensions: [ext.keyUsage([0])]}),
      'intermediate',
      ['error:CERT_CA_FLAGS_INCONSISTENT'],
    ],
    [
      'CA:TRUE with a TLS key usage (leaf: warning)',
      () =>
        issueCertificate({
          extensions: [ext.basicConstraints(true), ext.keyUsage([0]), ext.ski(Buffer.from('01', 'hex'))],
          issuer: root,
        }),
      'leaf',
      ['warning:CERT_CA_FLAGS_INCONSISTENT'],
    ],
    [
      'keyCertSign without CA:TRUE',
      () => issueCertificate({extensions: [ext.basicConstraints(false), ext.keyUsage([0, 5])], issuer: root}),
      'leaf',
      ['warning:CERT_CA_FLAGS_INCONSISTENT'],
    ],
    [
      'pathLenConstraint on a CA without keyCertSign',
      () => issueIntermediate(root, 'Path CA', {extensions: [ext.basicConstraints(true, 0), ext.keyUsage([6])]}),
      'intermediate',
      ['error:CERT_CA_FLAGS_INCONSISTENT'],
    ],
    ['a consistent CA in the leaf position', () => issueIntermediate(root), 'leaf', []],
  ]
  for (const [label, make, role, expected] of flags)
    it(label, () => assert.deepEqual(codes(checkCertificateFields(make().parse(), role)), expected))
})

const usage = (extensions: ExtensionSpec[], spec: Parameters<typeof issueCertificate>[0] = {}) =>
  checkLeafUsage(issueCertificate({extensions, issuer: root, ...spec}).parse()).map((f) => `${f.severity}:${f.code}`)

describe('checkLeafUsage', () => {
  const rows: Array<[string, ExtensionSpec[], string[], Parameters<typeof issueCertificate>[0]?]> = [
    ['serverAuth', [ext.eku([KeyPurpose.serverAuth])], []],
    ['serverAuth and clientAuth', [ext.eku([KeyPurpose.serverAuth, KeyPurpose.clientAuth])], []],
    ['clientAuth only', [ext.eku([KeyPurpose.clientAuth])], ['error:CERT_EKU_NOT_SERVER_AUTH']],
    ['codeSigning only', [ext.eku([KeyPurpose.codeSigning])], ['error:CERT_EKU_NOT_SERVER_AUTH']],
    ['emailProtection only', [ext.eku([KeyPurpose.emailProtection])], ['error:CERT_EKU_NOT_SERVER_AUTH']],
    ['anyExtendedKeyUsage', [ext.eku([KeyPurpose.any])], ['warning:CERT_EKU_ANY']],
    ['no extendedKeyUsage (any use, RFC 5280)', [], [], {without: ['2.5.29.37']}],
    ['keyCertSign only', [ext.keyUsage([5])], ['error:CERT_KEY_USAGE_NOT_TLS']],
    ['keyEncipherment only on an ECDSA key', [ext.keyUsage([2])], ['error:CERT_KEY_USAGE_NOT_TLS']],
    ['keyEncipherment only on an RSA key', [ext.keyUsage([2])], [], {key: testKey('rsa:2048')}],
    ['no keyUsage', [], [], {without: ['2.5.29.15']}],
    [
      'nameConstraints on a non-CA',
      [ext.nameConstraints({permitted: [{dns: 'example.com'}]})],
      ['error:NAME_CONSTRAINTS_INVALID'],
    ],
    ['a CA in the leaf position keeps its CA key usage', [ext.basicConstraints(true), ext.keyUsage([5, 6])], []],
  ]
  for (const [label, extensions, expected, spec] of rows)
    it(label, () => assert.deepEqual(usage(extensions, spec), expected))

  it('names the purposes it has', () => {
    const [finding] = checkLeafUsage(
      issueCertificate({extensions: [ext.eku([KeyPurpose.clientAuth, KeyPurpose.codeSigning])], issuer: root}).parse(),
    )
    assert.match(
      finding?.message ?? '',
      /may only be used for clientAuth, codeSigning \(extended key usage\), not as a TLS server certificate/,
    )
  })
})
