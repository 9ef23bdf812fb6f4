import assert from 'node:assert/strict'

import forge from 'node-forge'

import {checkExtensions} from '../../../src/lib/cert-lint/check-extensions.js'
import {der, ext, issueCertificate, issueRoot, name} from '../../helpers/certificate-builder.js'
import {issueTestCertificate} from '../../helpers/issue-test-certificate.js'
import {loadFixtureCertificate} from '../../helpers/parsed-fixtures.js'

const asn1Null = forge.asn1
  .toDer(forge.asn1.create(forge.asn1.Class.UNIVERSAL, forge.asn1.Type.NULL, false, ''))
  .getBytes()
const withExtensions = (extensions: object[]) =>
  issueTestCertificate({
    dnsNames: ['www.example.com'],
    extensions,
    keyFixture: 'leaf-rsa2048.key',
    subject: 'www.example.com',
  })

describe('checkExtensions', () => {
  it('accepts the fixtures', () => {
    for (const name of ['leaf-rsa2048.crt', 'intermediate-ca.crt', 'root-ca.crt', 'leaf-ed25519.crt']) {
      assert.deepEqual(checkExtensions(loadFixtureCertificate(name)), [], name)
    }
  })

  const rows: Array<[string, object[], string[]]> = [
    [
      'a second subjectAltName',
      [{altNames: [{type: 2, value: 'evil.example'}], name: 'subjectAltName'}],
      ['error:CERT_DUPLICATE_EXTENSION'],
    ],
    ['a second basicConstraints', [{cA: true, name: 'basicConstraints'}], ['error:CERT_DUPLICATE_EXTENSION']],
    [
      'two more subjectAltNames (reported once)',
      [
        {altNames: [{type: 2, value: 'a.example'}], name: 'subjectAltName'},
        {altNames: [{type: 2, value: 'b.example'}], name: 'subjectAltName'},
      ],
      ['error:CERT_DUPLICATE_EXTENSION'],
    ],
    [
      'an unknown critical extension',
      [{critical: true, id: '1.2.3.4', value: asn1Null}],
      ['error:CERT_UNKNOWN_CRITICAL_EXTENSION'],
    ],
    ['an unknown non-critical extension', [{critical: false, id: '1.2.3.4', value: asn1Null}], []],
  ]
  for (const [name, extensions, expected] of rows) {
    it(name, () => {
      const findings = checkExtensions(withExtensions(extensions))
      assert.deepEqual(
        findings.map((f) => `${f.severity}:${f.code}`),
        expected,
      )
    })
  }

  it('names the repeated extension', () => {
    const [finding] = checkExtensions(
      withExtensions([{altNames: [{type: 2, value: 'evil.example'}], name: 'subjectAltName'}]),
    )
    assert.match(finding?.message ?? '', /contains the extension 2\.5\.29\.17 more than once/)
  })
})

describe('checkExtensions: malformed contents and criticality', () => {
  const root = issueRoot()
  const findings = (spec: Parameters<typeof issueCertificate>[0], leaf = true) =>
    checkExtensions(issueCertificate({issuer: root, ...spec}).parse(), {leaf})
  const rows: Array<[string, Parameters<typeof issueCertificate>[0], boolean, string[]]> = [
    ['a well-formed leaf', {}, true, []],
    ['a well-formed CA', {profile: 'ca'}, false, []],
    [
      'a subjectAltName that is not DER',
      {extensions: [{oid: '2.5.29.17', value: Buffer.from('www.example.com')}]},
      true,
      ['error:CERT_EXTENSION_MALFORMED'],
    ],
    [
      'a critical authorityKeyIdentifier',
      {extensions: [ext.aki(Buffer.from('01', 'hex'), true)]},
      true,
      ['warning:CERT_EXTENSION_CRITICALITY'],
    ],
    [
      'a critical subjectKeyIdentifier',
      {extensions: [ext.ski(Buffer.from('01', 'hex'), true)]},
      true,
      ['warning:CERT_EXTENSION_CRITICALITY'],
    ],
    ['a critical authorityInfoAccess', {extensions: [ext.aia(true)]}, true, ['warning:CERT_EXTENSION_CRITICALITY']],
    [
      'a non-critical policyConstraints',
      {extensions: [{oid: '2.5.29.36', value: der.seq(der.ctx(0, false, Buffer.from([0])))}], profile: 'ca'},
      false,
      ['warning:CERT_EXTENSION_CRITICALITY'],
    ],
    [
      'a CA whose basicConstraints is not critical',
      {extensions: [ext.basicConstraints(true, undefined, false)], profile: 'ca'},
      false,
      ['warning:CERT_EXTENSION_CRITICALITY'],
    ],
    [
      'a critical subjectAltName with a subject',
      {extensions: [ext.san([{dns: 'www.example.com'}], true)]},
      true,
      ['warning:CERT_EXTENSION_CRITICALITY'],
    ],
    [
      'a non-critical subjectAltName with an empty subject',
      {subject: name({})},
      true,
      ['warning:CERT_EXTENSION_CRITICALITY'],
    ],
    [
      'a critical subjectAltName with an empty subject',
      {extensions: [ext.san([{dns: 'www.example.com'}], true)], subject: name({})},
      true,
      [],
    ],
    [
      'a critical extendedKeyUsage on a server certificate',
      {extensions: [ext.eku(['1.3.6.1.5.5.7.3.1'], true)]},
      true,
      ['warning:CERT_EXTENSION_CRITICALITY'],
    ],
    [
      'non-critical nameConstraints (the CA/B Forum allows it)',
      {extensions: [ext.nameConstraints({permitted: [{dns: 'example.com'}]}, false)], profile: 'ca'},
      false,
      [],
    ],
  ]
  for (const [label, spec, leaf, expected] of rows) {
    it(label, () =>
      assert.deepEqual(
        findings(spec, leaf).map((f) => `${f.severity}:${f.code}`),
        expected,
      ),
    )
  }

  it('names the malformed extension and why', () => {
    const [finding] = findings({extensions: [{oid: '2.5.29.37', value: der.seq()}]})
    assert.match(
      finding?.message ?? '',
      /the extKeyUsage \(2\.5\.29\.37\) extension is malformed \(extKeyUsage lists no purpose/,
    )
  })
})
