import assert from 'node:assert/strict'

import type {ParsedCertificate} from '../../../src/lib/x509/types.js'
import {buildChain, type BuildChainOptions} from '../../../src/lib/chain/build-chain.js'
import {SniError} from '../../../src/lib/sni-error.js'
import {
  issueCertificate,
  issueExpiredCrossSign,
  issueIntermediate,
  issueLeaf,
  issueRoot,
  testKey,
} from '../../helpers/certificate-builder.js'
import {issueTestCertificate} from '../../helpers/issue-test-certificate.js'
import {loadFixtureCertificate, loadFixtureCertificates, loadFixtureKey} from '../../helpers/parsed-fixtures.js'

const fingerprint = (name: string): string => loadFixtureCertificate(name).summary.fingerprint256
const fingerprints = (certs: ParsedCertificate[]): string[] => certs.map((c) => c.summary.fingerprint256)
const codes = (result: {findings: Array<{code: string}>}): string[] => result.findings.map((f) => f.code).sort()

describe('buildChain', () => {
  const rootCa = (): BuildChainOptions => ({extraRoots: [loadFixtureCertificate('root-ca.crt').x509]})
  const rows: Array<{
    name: string
    files: string[]
    options?: () => BuildChainOptions
    chain: string[]
    root?: string
    codes: string[]
    complete: boolean
  }> = [
    {
      chain: ['leaf-rsa2048.crt', 'intermediate-ca.crt'],
      codes: ['CHAIN_INCOMPLETE'],
      complete: false,
      files: ['chain-in-order.pem'],
      name: 'in order, private root unknown',
    },
    {
      chain: ['leaf-rsa2048.crt', 'intermediate-ca.crt'],
      codes: [],
      complete: true,
      files: ['chain-in-order.pem'],
      name: 'in order, root given with --ca',
      options: rootCa,
    },
    {
      chain: ['leaf-rsa2048.crt', 'intermediate-ca.crt'],
      codes: ['CHAIN_REORDERED'],
      complete: true,
      files: ['chain-reversed.pem'],
      name: 'reversed',
      options: rootCa,
    },
    {
      chain: ['leaf-rsa2048.crt', 'intermediate-ca.crt'],
      codes: ['CHAIN_ROOT_DROPPED'],
      complete: true,
      files: ['chain-with-root.pem'],
      name: 'with root',
      root: 'root-ca.crt',
    },
    {
      chain: ['leaf-rsa2048.crt', 'intermediate-ca.crt'],
      codes: ['CHAIN_REORDERED', 'CHAIN_ROOT_DROPPED'],
      complete: true,
      files: ['chain-root-first.pem'],
      name: 'root first',
      root: 'root-ca.crt',
    },
    {
      chain: ['leaf-rsa2048.crt', 'intermediate-ca.crt'],
      codes: ['CHAIN_UNRELATED_CERTIFICATE'],
      complete: true,
      files: ['chain-unrelated.pem'],
      name: 'unrelated root',
      options: rootCa,
    },
    {
      chain: ['leaf-rsa2048.crt', 'intermediate-ca.crt'],
      codes: ['CHAIN_DUPLICATE_DROPPED'],
      complete: true,
      files: ['chain-duplicate-leaf.pem'],
      name: 'duplicate leaf',
      options: rootCa,
    },
    {
      chain: ['leaf-rsa2048.crt'],
      codes: ['CHAIN_INCOMPLETE'],
      complete: false,
      files: ['chain-missing-intermediate.pem'],
      name: 'missing intermediate',
      options: rootCa,
    },
    {
      chain: ['leaf-rsa2048.crt'],
      codes: [],
      complete: true,
      files: ['chain-missing-intermediate.pem'],
      name: 'missing issuer is a trust anchor',
      options: () => ({extraRoots: [loadFixtureCertificate('intermediate-ca.crt').x509]}),
    },
    {
      chain: ['leaf-ecdsa-p256.crt', 'intermediate-ca.crt'],
      codes: [],
      complete: true,
      files: ['chain-ecdsa-p256.pem'],
      name: 'ECDSA leaf',
      options: rootCa,
    },
    {
      chain: ['wildcard.crt', 'intermediate-ca.crt'],
      codes: [],
      complete: true,
      files: ['chain-wildcard.pem'],
      name: 'wildcard leaf',
      options: rootCa,
    },
    {chain: ['selfsigned.crt'], codes: [], complete: true, files: ['selfsigned.crt'], name: 'self-signed leaf alone'},
    {chain: ['root-ca.crt'], codes: [], complete: true, files: ['root-ca.crt'], name: 'a lone root is its own leaf'},
    {
      chain: ['ca-as-leaf.crt', 'intermediate-ca.crt'],
      codes: [],
      complete: true,
      files: ['ca-as-leaf.crt', 'intermediate-ca.crt'],
      name: 'CA certificate as leaf',
      options: rootCa,
    },
    {
      chain: ['leaf-rsa2048.crt', 'intermediate-ca.crt'],
      codes: ['CHAIN_UNRELATED_CERTIFICATE'],
      complete: true,
      files: ['leaf-rsa2048.crt', 'leaf-ecdsa-p256.crt', 'intermediate-ca.crt'],
      name: 'two leaves, no key: the first non-CA bottom wins',
      options: rootCa,
    },
    {
      chain: ['leaf-ecdsa-p256.crt', 'intermediate-ca.crt'],
      codes: ['CHAIN_UNRELATED_CERTIFICATE'],
      complete: true,
      files: ['leaf-rsa2048.crt', 'leaf-ecdsa-p256.crt', 'intermediate-ca.crt'],
      name: 'two leaves, the key picks one',
      options: () => ({...rootCa(), keySpkiSha256: loadFixtureKey('leaf-ecdsa-p256.key').info.spkiSha256}),
    },
    {
      chain: ['leaf-rsa2048.crt', 'intermediate-ca.crt'],
      codes: ['CHAIN_UNRELATED_CERTIFICATE'],
      complete: true,
      files: ['leaf-rsa2048.crt', 'leaf-ecdsa-p256.crt', 'intermediate-ca.crt'],
      name: 'a key matching nothing falls back to structure',
      options: () => ({...rootCa(), keySpkiSha256: loadFixtureKey('other-leaf.key').info.spkiSha256}),
    },
    {
      chain: ['md5.crt', 'intermediate-ca.crt'],
      codes: ['CERT_SIGNATURE_INSECURE'],
      complete: true,
      files: ['md5.crt', 'intermediate-ca.crt'],
      name: 'MD5 leaf',
      options: rootCa,
    },
    {
      chain: ['sha1.crt', 'intermediate-ca.crt'],
      codes: ['CERT_SIGNATURE_SHA1'],
      complete: true,
      files: ['sha1.crt', 'intermediate-ca.crt'],
      name: 'SHA-1 leaf',
      options: rootCa,
    },
  ]

  for (const row of rows) {
    it(row.name, () => {
      const result = buildChain(loadFixtureCertificates(...row.files), row.options?.())
      assert.deepEqual(
        fingerprints(result.chain),
        row.chain.map((name) => fingerprint(name)),
      )
      assert.equal(result.leaf, result.chain[0])
      assert.equal(result.root?.summary.fingerprint256, row.root ? fingerprint(row.root) : undefined)
      assert.deepEqual(codes(result), [...row.codes].sort())
      assert.equal(result.complete, row.complete)
    })
  }

  it('names the unrelated certificate and the end of an incomplete chain', () => {
    const unrelated = buildChain(loadFixtureCertificates('chain-unrelated.pem'))
    const error = unrelated.findings.find((f) => f.code === 'CHAIN_UNRELATED_CERTIFICATE')
    assert.equal(error?.severity, 'error')
    assert.match(
      error?.message ?? '',
      /^chain-unrelated\.pem: certificate 3 \(\/C=US\/O=Unrelated Trust\/CN=Unrelated Root CA\)/,
    )
    const incomplete = buildChain(loadFixtureCertificates('chain-missing-intermediate.pem')).findings[0]
    assert.equal(incomplete?.severity, 'warning')
    assert.match(
      incomplete?.message ?? '',
      /chain ends at \/C=US\/O=Fixture Trust\/CN=Fixture Intermediate CA.*add the intermediate certificate/,
    )
  })

  it('escalates SHA-1 to an error in strict mode', () => {
    const result = buildChain(loadFixtureCertificates('sha1.crt'), {strict: true})
    assert.equal(result.findings.find((f) => f.code === 'CERT_SIGNATURE_SHA1')?.severity, 'error')
  })

  it('reports an expired intermediate and one that is not a CA', () => {
    const now = new Date()
    const expiredCa = issueTestCertificate({
      ca: true,
      issuer: 'Fixture Root CA',
      keyFixture: 'intermediate-ca.key',
      notAfter: new Date('2021-01-01T00:00:00Z'),
      notBefore: new Date('2020-01-01T00:00:00Z'),
      signerFixture: 'root-ca.key',
      subject: 'Old Intermediate',
    })
    const leafOfExpired = issueTestCertificate({
      dnsNames: ['www.example.com'],
      issuer: 'Old Intermediate',
      keyFixture: 'leaf-rsa2048.key',
      signerFixture: 'intermediate-ca.key',
      subject: 'www.example.com',
    })
    const expired = buildChain([leafOfExpired, expiredCa], {now})
    assert.equal(expired.chain.length, 2)
    assert.deepEqual(codes(expired), ['CHAIN_INCOMPLETE', 'INTERMEDIATE_EXPIRED'])
    assert.match(
      expired.findings.find((f) => f.code === 'INTERMEDIATE_EXPIRED')?.message ?? '',
      /expired on 2021-01-01 00:00 UTC/,
    )

    const notCa = issueTestCertificate({
      ca: false,
      issuer: 'Fixture Root CA',
      keyFixture: 'intermediate-ca.key',
      signerFixture: 'root-ca.key',
      subject: 'Not A CA',
    })
    const leafOfNotCa = issueTestCertificate({
      dnsNames: ['www.example.com'],
      issuer: 'Not A CA',
      keyFixture: 'leaf-rsa2048.key',
      signerFixture: 'intermediate-ca.key',
      subject: 'www.example.com',
    })
    const result = buildChain([leafOfNotCa, notCa], {now})
    assert.equal(result.chain.length, 2)
    assert.deepEqual(codes(result), ['CHAIN_INCOMPLETE', 'INTERMEDIATE_NOT_CA'])
    assert.equal(result.findings.find((f) => f.code === 'INTERMEDIATE_NOT_CA')?.severity, 'error')
  })

  it('links by signature, not by name alone', () => {
    // Same issuer name as the real intermediate, signed by another key: it must not be placed above the leaf.
    const impostor = issueTestCertificate({
      ca: true,
      issuer: 'Fixture Root CA',
      keyFixture: 'other-ca.key',
      signerFixture: 'other-ca.key',
      subject: 'Fixture Intermediate CA',
    })
    const result = buildChain([...loadFixtureCertificates('leaf-rsa2048.crt'), impostor])
    assert.equal(result.chain.length, 1)
    assert.ok(result.findings.some((f) => f.code === 'CHAIN_UNRELATED_CERTIFICATE'))
  })

  it('still places a leaf with duplicate extensions (OpenSSL refuses to link it by name)', () => {
    const leaf = issueTestCertificate({
      dnsNames: ['www.example.com'],
      extensions: [{altNames: [{type: 2, value: 'evil.example'}], name: 'subjectAltName'}],
      issuer: 'Fixture Intermediate CA',
      keyFixture: 'leaf-rsa2048.key',
      signerFixture: 'intermediate-ca.key',
      subject: 'www.example.com',
    })
    const issuer = issueTestCertificate({
      ca: true,
      keyFixture: 'intermediate-ca.key',
      subject: 'Fixture Intermediate CA',
    })
    assert.ok(!leaf.x509.checkIssued(issuer.x509), 'OpenSSL no longer refuses; this test lost its point')
    const result = buildChain([leaf, issuer])
    assert.deepEqual(fingerprints(result.chain), [leaf.summary.fingerprint256])
    assert.equal(result.root, issuer)
    assert.deepEqual(codes(result), ['CHAIN_ROOT_DROPPED'])
  })

  it('throws CERT_MISSING when given nothing', () => {
    assert.throws(
      () => buildChain([]),
      (error: unknown) => error instanceof SniError && error.code === 'CERT_MISSING' && error.exit === 3,
    )
  })

  it("calls a given certificate with the issuer's name and another key CHAIN_SIGNATURE_INVALID, not unrelated, and not incomplete", () => {
    const root = issueRoot('Named Root')
    const impostor = issueCertificate({issuer: root, key: testKey('ec', 9), profile: 'ca', subject: 'Real CA'})
    const leaf = issueLeaf(issueIntermediate(root, 'Real CA'))
    const result = buildChain([leaf.parse('chain.pem', 0), impostor.parse('chain.pem', 1)])
    assert.deepEqual(codes(result), ['CHAIN_SIGNATURE_INVALID'])
    assert.match(
      result.findings[0]?.message ?? '',
      /^chain\.pem: certificate 2 \(\/CN=Real CA\) has the name of the issuer of chain\.pem: certificate 1 .* but the signature does not verify with its key\.$/,
    )
  })

  it('does not judge certificates beyond the trust anchor, and only mentions an expired one', () => {
    const root = issueRoot('Anchor Root')
    const intermediate = issueIntermediate(root, 'Anchor CA')
    const crossSigned = issueExpiredCrossSign(root)
    const certs = [
      issueLeaf(intermediate).parse('chain.pem', 0),
      intermediate.parse('chain.pem', 1),
      crossSigned.parse('chain.pem', 2),
    ]
    const result = buildChain(certs, {extraRoots: [root.parse().x509]})
    assert.equal(result.chain.length, 3)
    assert.deepEqual(codes(result), ['CHAIN_EXPIRED_CROSS_SIGN'])
    const unanchored = buildChain(certs)
    assert.deepEqual(codes(unanchored), ['CHAIN_INCOMPLETE', 'INTERMEDIATE_EXPIRED'])
  })
})
