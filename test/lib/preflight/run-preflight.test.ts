import assert from 'node:assert/strict'
import {mkdtempSync, readFileSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import type {Finding} from '../../../src/lib/x509/types.js'
import {formatPemBlock} from '../../../src/lib/x509/pem-blocks.js'
import {loadCertificateInput} from '../../../src/lib/x509/load-certificate-input.js'
import {type PreflightInput, runPreflight} from '../../../src/lib/preflight/run-preflight.js'
import {SniError} from '../../../src/lib/sni-error.js'
import {
  der,
  type IssuedCertificate,
  issueCertificate,
  issueExpiredCrossSign,
  issueIntermediate,
  issueLeaf,
  issueRoot,
  testKey,
} from '../../helpers/certificate-builder.js'
import {makeOpensslSelfSigned} from '../../helpers/openssl-self-signed.js'
import {readFixture} from '../../helpers/fixtures.js'
import {loadFixtureCertificate, loadFixtureCertificates, loadFixtureKey} from '../../helpers/parsed-fixtures.js'

const rootCa = () => [loadFixtureCertificate('root-ca.crt').x509]
const summaryOf = (result: {findings: Finding[]}): string[] =>
  result.findings.map((f) => `${f.severity}:${f.code}`).sort()

describe('runPreflight', () => {
  const rows: Array<{
    name: string
    input: () => PreflightInput
    findings: string[]
    ok: boolean
    trust: string
    chain: number
  }> = [
    {
      chain: 2,
      findings: [],
      input: () => ({
        certificates: loadFixtureCertificates('chain-in-order.pem'),
        extraRoots: rootCa(),
        key: loadFixtureKey('leaf-rsa2048.key'),
        requireKey: true,
      }),
      name: 'a good chain and key',
      ok: true,
      trust: 'trusted',
    },
    {
      chain: 2,
      findings: ['warning:CHAIN_INCOMPLETE'],
      input: () => ({
        certificates: loadFixtureCertificates('chain-in-order.pem'),
        key: loadFixtureKey('leaf-rsa2048.key'),
      }),
      name: 'private root not given',
      ok: true,
      trust: 'untrusted',
    },
    {
      chain: 2,
      findings: ['warning:CHAIN_REORDERED'],
      input: () => ({certificates: loadFixtureCertificates('chain-reversed.pem'), extraRoots: rootCa()}),
      name: 'reversed chain',
      ok: true,
      trust: 'trusted',
    },
    {
      chain: 2,
      findings: ['warning:CHAIN_REORDERED', 'warning:CHAIN_ROOT_DROPPED'],
      input: () => ({certificates: loadFixtureCertificates('chain-root-first.pem')}),
      name: 'root first',
      ok: true,
      trust: 'untrusted',
    },
    {
      chain: 2,
      findings: ['error:CHAIN_UNRELATED_CERTIFICATE'],
      input: () => ({certificates: loadFixtureCertificates('chain-unrelated.pem'), extraRoots: rootCa()}),
      name: 'unrelated certificate',
      ok: false,
      trust: 'trusted',
    },
    {
      chain: 2,
      findings: ['warning:CHAIN_DUPLICATE_DROPPED'],
      input: () => ({certificates: loadFixtureCertificates('chain-duplicate-leaf.pem'), extraRoots: rootCa()}),
      name: 'duplicate leaf',
      ok: true,
      trust: 'trusted',
    },
    {
      chain: 1,
      findings: ['warning:CHAIN_INCOMPLETE'],
      input: () => ({certificates: loadFixtureCertificates('chain-missing-intermediate.pem'), extraRoots: rootCa()}),
      name: 'missing intermediate',
      ok: true,
      trust: 'untrusted',
    },
    {
      chain: 2,
      findings: [],
      input: () => ({
        certificates: loadFixtureCertificates('chain-ecdsa-p256.pem'),
        extraRoots: rootCa(),
        key: loadFixtureKey('key-ec-sec1.pem'),
      }),
      name: 'ECDSA chain',
      ok: true,
      trust: 'trusted',
    },
    {
      chain: 2,
      findings: [],
      input: () => ({
        certificates: loadFixtureCertificates('chain-wildcard.pem'),
        extraRoots: rootCa(),
        key: loadFixtureKey('wildcard.key'),
      }),
      name: 'wildcard',
      ok: true,
      trust: 'trusted',
    },
    {
      chain: 2,
      findings: [],
      input: () => ({
        certificates: loadFixtureCertificates('idn.crt', 'intermediate-ca.crt'),
        extraRoots: rootCa(),
        key: loadFixtureKey('idn.key'),
      }),
      name: 'IDN',
      ok: true,
      trust: 'trusted',
    },
    // the --ca anchor (the fixture intermediate, made 30 days before the tests run) is judged at the same time too: in 2020 it did not exist yet
    {
      chain: 1,
      findings: ['error:CERT_EXPIRED', 'error:ROOT_EXPIRED'],
      input: () => ({
        certificates: loadFixtureCertificates('expired.crt'),
        extraRoots: [loadFixtureCertificate('intermediate-ca.crt').x509],
        now: new Date('2021-01-01T00:00:00Z'),
      }),
      name: 'expired',
      ok: false,
      trust: 'trusted',
    },
    {
      chain: 1,
      findings: ['error:ROOT_EXPIRED'],
      input: () => ({
        certificates: loadFixtureCertificates('expired.crt'),
        extraRoots: [loadFixtureCertificate('intermediate-ca.crt').x509],
        now: new Date('2020-01-15T00:00:00Z'),
      }),
      name: 'expired.crt while it was valid',
      ok: false,
      trust: 'trusted',
    },
    {
      chain: 2,
      findings: ['error:CERT_NOT_YET_VALID'],
      input: () => ({
        certificates: loadFixtureCertificates('notyetvalid.crt', 'intermediate-ca.crt'),
        extraRoots: rootCa(),
      }),
      name: 'not yet valid',
      ok: false,
      trust: 'trusted',
    },
    {
      chain: 2,
      findings: ['warning:CERT_SIGNATURE_SHA1'],
      input: () => ({certificates: loadFixtureCertificates('sha1.crt', 'intermediate-ca.crt'), extraRoots: rootCa()}),
      name: 'SHA-1',
      ok: true,
      trust: 'trusted',
    },
    {
      chain: 2,
      findings: ['error:CERT_SIGNATURE_SHA1'],
      input: () => ({
        certificates: loadFixtureCertificates('sha1.crt', 'intermediate-ca.crt'),
        extraRoots: rootCa(),
        strict: true,
      }),
      name: 'SHA-1 strict',
      ok: false,
      trust: 'trusted',
    },
    {
      chain: 2,
      findings: ['error:CERT_SIGNATURE_INSECURE'],
      input: () => ({certificates: loadFixtureCertificates('md5.crt', 'intermediate-ca.crt'), extraRoots: rootCa()}),
      name: 'MD5',
      ok: false,
      trust: 'trusted',
    },
    {
      chain: 2,
      findings: ['error:KEY_TOO_SMALL'],
      input: () => ({
        certificates: loadFixtureCertificates('leaf-rsa1024.crt', 'intermediate-ca.crt'),
        extraRoots: rootCa(),
        key: loadFixtureKey('leaf-rsa1024.key'),
      }),
      name: 'RSA 1024',
      ok: false,
      trust: 'trusted',
    },
    {
      chain: 2,
      findings: ['error:KEY_EXPONENT_WEAK'],
      input: () => ({
        certificates: loadFixtureCertificates('rsa-e3.crt', 'intermediate-ca.crt'),
        extraRoots: rootCa(),
        key: loadFixtureKey('rsa-e3.key'),
      }),
      name: 'RSA e=3',
      ok: false,
      trust: 'trusted',
    },
    {
      chain: 2,
      findings: ['error:KEY_UNSUPPORTED'],
      input: () => ({
        certificates: loadFixtureCertificates('leaf-ed25519.crt', 'intermediate-ca.crt'),
        extraRoots: rootCa(),
        key: loadFixtureKey('leaf-ed25519.key'),
      }),
      name: 'Ed25519',
      ok: false,
      trust: 'trusted',
    },
    {
      chain: 2,
      findings: ['error:LEAF_IS_CA'],
      input: () => ({
        certificates: loadFixtureCertificates('ca-as-leaf.crt', 'intermediate-ca.crt'),
        extraRoots: rootCa(),
      }),
      name: 'CA as leaf',
      ok: false,
      trust: 'trusted',
    },
    {
      chain: 2,
      findings: ['warning:CERT_NO_SAN'],
      input: () => ({certificates: loadFixtureCertificates('nosan.crt', 'intermediate-ca.crt'), extraRoots: rootCa()}),
      name: 'no SAN',
      ok: true,
      trust: 'trusted',
    },
    {
      chain: 1,
      findings: ['warning:CERT_SELF_SIGNED'],
      input: () => ({certificates: loadFixtureCertificates('selfsigned.crt'), key: loadFixtureKey('selfsigned.key')}),
      name: 'self-signed',
      ok: true,
      trust: 'self-signed',
    },
    {
      chain: 2,
      findings: ['error:KEY_MISMATCH'],
      input: () => ({
        certificates: loadFixtureCertificates('chain-in-order.pem'),
        extraRoots: rootCa(),
        key: loadFixtureKey('other-leaf.key'),
      }),
      name: 'EC key with an RSA certificate',
      ok: false,
      trust: 'trusted',
    },
    {
      chain: 2,
      findings: ['error:KEY_MISMATCH'],
      input: () => ({
        certificates: loadFixtureCertificates('chain-in-order.pem'),
        extraRoots: rootCa(),
        key: loadFixtureKey('leaf-rsa4096.key'),
      }),
      name: 'another RSA key',
      ok: false,
      trust: 'trusted',
    },
    {
      chain: 2,
      findings: ['error:KEY_MISSING'],
      input: () => ({
        certificates: loadFixtureCertificates('chain-in-order.pem'),
        extraRoots: rootCa(),
        requireKey: true,
      }),
      name: 'key required but missing',
      ok: false,
      trust: 'trusted',
    },
    {
      chain: 2,
      findings: [],
      input: () => ({certificates: loadFixtureCertificates('chain-in-order.pem'), extraRoots: rootCa()}),
      name: 'key optional and missing (inspect)',
      ok: true,
      trust: 'trusted',
    },
  ]

  for (const row of rows) {
    it(row.name, () => {
      const result = runPreflight(row.input())
      assert.deepEqual(summaryOf(result), [...row.findings].sort())
      assert.equal(result.ok, row.ok)
      assert.equal(result.trust, row.trust)
      assert.equal(result.chain.length, row.chain)
      assert.deepEqual(result.chain[0], result.leaf)
    })
  }

  it('the key from a chain with two leaves picks the leaf', () => {
    const result = runPreflight({
      certificates: loadFixtureCertificates('leaf-rsa2048.crt', 'chain-ecdsa-p256.pem'),
      extraRoots: rootCa(),
      key: loadFixtureKey('leaf-ecdsa-p256.key'),
    })
    assert.equal(result.leaf.publicKey.type, 'ecdsa')
    assert.deepEqual(summaryOf(result), ['error:CHAIN_UNRELATED_CERTIFICATE'])
  })

  it('produces normalised PEM, leaf first, root only on request', () => {
    const expected = readFixture('leaf-rsa2048.crt').toString() + readFixture('intermediate-ca.crt').toString()
    const withoutRoot = runPreflight({certificates: loadFixtureCertificates('chain-root-first.pem')})
    assert.equal(withoutRoot.chainPem, expected)
    assert.equal(withoutRoot.droppedRoot?.subject, '/C=US/O=Fixture Trust/CN=Fixture Root CA')
    const withRoot = runPreflight({certificates: loadFixtureCertificates('chain-root-first.pem'), includeRoot: true})
    assert.equal(withRoot.chainPem, expected + readFixture('root-ca.crt').toString())
    assert.ok(withRoot.chainPem.split('\n').every((line) => line.length <= 64 && !line.includes('\r')))
  })

  it('chain PEM wraps at 64 columns with LF', () => {
    const der = loadFixtureCertificate('leaf-rsa4096.crt').der
    assert.equal(formatPemBlock('CERTIFICATE', der), readFixture('leaf-rsa4096.crt').toString())
  })

  it('carries decoding findings over, first, and counts their errors', () => {
    const carried: Finding[] = [
      {code: 'INPUT_EXTRA_TEXT', message: 'chain.pem: text outside PEM blocks was ignored.', severity: 'warning'},
    ]
    const result = runPreflight({
      certificates: loadFixtureCertificates('chain-in-order.pem'),
      extraRoots: rootCa(),
      findings: carried,
    })
    assert.deepEqual(result.findings, carried)
    assert.equal(result.ok, true)
    const failing = runPreflight({
      certificates: loadFixtureCertificates('chain-in-order.pem'),
      extraRoots: rootCa(),
      findings: [{...carried[0]!, severity: 'error'}],
    })
    assert.equal(failing.ok, false)
  })

  it('keeps the key as a SecretPem that never serialises', () => {
    const key = loadFixtureKey('leaf-rsa2048.key')
    const result = runPreflight({certificates: loadFixtureCertificates('chain-in-order.pem'), key})
    assert.equal(result.key?.pem, key.pem)
    assert.deepEqual(result.key?.info, key.info)
    const json = JSON.stringify(result)
    const body = key.pem.reveal().split('\n')[1] ?? ''
    assert.ok(body.length > 40 && !json.includes(body))
    assert.ok(!json.includes('PRIVATE KEY-----'))
  })

  it('every finding has a code, a message and a hint', () => {
    const result = runPreflight({
      certificates: loadFixtureCertificates('chain-unrelated.pem', 'md5.crt', 'leaf-rsa1024.crt'),
      key: loadFixtureKey('other-leaf.key'),
      requireKey: true,
    })
    assert.ok(result.findings.length > 2)
    for (const f of result.findings)
      assert.ok(/^[A-Z][A-Z0-9_]+$/.test(f.code) && f.message.endsWith('.') && f.hint, JSON.stringify(f))
  })
})

describe('runPreflight: the verdict and the cases issue 8 names', () => {
  const DAY = 24 * 3600 * 1000
  const years = new Date(Date.now() + 3650 * DAY)
  const root = issueRoot('Verdict Root', {notAfter: years})
  const intermediate = issueIntermediate(root, 'Verdict CA', {notAfter: years})
  const leaf = issueLeaf(intermediate, {dnsNames: ['www.example.com', 'example.com']})
  const parse = (...certs: IssuedCertificate[]) => certs.map((c, i) => c.parse('chain.pem', i))

  it('states yes with the path, the names and the time', () => {
    const at = new Date(Date.now() + 30 * DAY)
    const result = runPreflight({
      at,
      caCertificates: [root.parse('ca.pem', 0)],
      certificates: parse(leaf, intermediate),
      hostnames: ['WWW.example.com', 'example.com'],
    })
    assert.equal(result.verdict.accepted, true)
    assert.equal(result.verdict.at, at.toISOString())
    assert.deepEqual(result.verdict.hostnames, ['www.example.com', 'example.com'])
    assert.deepEqual(
      result.verdict.reasons.map((r) => r.code),
      ['PATH_VALID'],
    )
    assert.match(
      result.verdict.reasons[0]?.message ?? '',
      /chains through 1 intermediate to \/CN=Verdict Root \(given with --ca\).*the leaf covers www\.example\.com, example\.com\.$/,
    )
    assert.deepEqual(summaryOf(result), [])
  })

  it('states no with every reason, and the time judged with --at (no skew)', () => {
    const after = new Date(Date.now() + 91 * DAY)
    const result = runPreflight({
      at: after,
      caCertificates: [root.parse('ca.pem', 0)],
      certificates: parse(leaf, intermediate),
      hostnames: ['api.example.com'],
    })
    assert.equal(result.verdict.accepted, false)
    assert.deepEqual(
      result.verdict.reasons.map((r) => r.code),
      ['CERT_EXPIRED', 'HOSTNAME_NOT_COVERED'],
    )
    assert.deepEqual(summaryOf(result), ['error:CERT_EXPIRED', 'error:HOSTNAME_NOT_COVERED'])
  })

  it('refuses a malformed --hostname with a usage error', () => {
    assert.throws(
      () => runPreflight({certificates: parse(leaf), hostnames: ['bad host']}),
      (e: unknown) => e instanceof SniError && e.code === 'INVALID_HOSTNAME' && e.exit === 2,
    )
  })

  it('accepts a chain carrying an expired cross-signed copy of the --ca root: path building stops at the anchor', () => {
    const crossSigned = issueExpiredCrossSign(root)
    const result = runPreflight({
      caCertificates: [root.parse('ca.pem', 0)],
      certificates: parse(leaf, intermediate, crossSigned),
      hostnames: ['www.example.com'],
    })
    assert.equal(result.verdict.accepted, true, JSON.stringify(result.verdict))
    assert.equal(result.ok, true)
    assert.deepEqual(summaryOf(result), ['warning:CHAIN_EXPIRED_CROSS_SIGN'])
    assert.equal(result.chain.length, 3, 'the cross-signed copy is still sent, for clients that trust the old root')
  })

  it('says the signature does not verify for an issuer with the right name and another key, not "unrelated"', () => {
    const impostor = issueCertificate({issuer: root, key: testKey('ec', 9), profile: 'ca', subject: 'Verdict CA'})
    const result = runPreflight({caCertificates: [root.parse('ca.pem', 0)], certificates: parse(leaf, impostor)})
    assert.deepEqual(summaryOf(result), ['error:CHAIN_SIGNATURE_INVALID'])
    assert.match(
      result.findings[0]?.message ?? '',
      /has the name of the issuer of chain\.pem: certificate 1 .*but the signature does not verify with its key/,
    )
    assert.deepEqual(
      result.verdict.reasons.map((r) => r.code),
      ['CHAIN_SIGNATURE_INVALID'],
    )
  })

  it('still refuses a CA certificate given first in a chain of several (LEAF_IS_CA)', () => {
    const result = runPreflight({caCertificates: [root.parse('ca.pem', 0)], certificates: parse(intermediate, root)})
    assert.ok(summaryOf(result).includes('error:LEAF_IS_CA'), JSON.stringify(result.findings))
    assert.equal(result.ok, false)
  })

  it('names an unsupported key algorithm (KEY_UNSUPPORTED), not INPUT_UNDECODABLE', () => {
    const gost = der.seq(
      der.seq(der.oid('1.2.643.7.1.1.1.1'), der.seq(der.oid('1.2.643.7.1.2.1.1.1'))),
      der.bitString(Buffer.alloc(66, 4)),
    )
    const result = runPreflight({
      caCertificates: [root.parse('ca.pem', 0)],
      certificates: parse(issueCertificate({issuer: intermediate, spki: gost}), intermediate),
    })
    const finding = result.findings.find((f) => f.code === 'KEY_UNSUPPORTED')
    assert.match(finding?.message ?? '', /is GOST R 34\.10-2012 \(256-bit\), which is not supported/)
  })

  it('trusts only the --ca anchors when told to (systemRoots: false)', () => {
    const result = runPreflight({certificates: parse(leaf, intermediate), systemRoots: false})
    assert.equal(result.trust, 'untrusted')
    assert.deepEqual(
      result.verdict.reasons.map((r) => r.code),
      ['CHAIN_INCOMPLETE'],
    )
  })

  describe('the plain openssl req -x509 certificate (CA:TRUE), RSA and ECDSA, with and without a SAN', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sni-openssl-'))
    const recipes = makeOpensslSelfSigned(dir)
    after(() => rmSync(dir, {force: true, recursive: true}))
    for (const recipe of recipes) {
      it(`${recipe.name}: warnings only (CERT_SELF_SIGNED, never LEAF_IS_CA)`, async () => {
        const input = await loadCertificateInput({
          certificate: {data: readFileSync(recipe.crt), label: 'self.crt'},
          key: {data: readFileSync(recipe.key), label: 'self.key'},
          passphrase: async () => undefined,
        })
        const result = runPreflight({...input, requireKey: true})
        assert.equal(result.ok, true, JSON.stringify(result.findings))
        assert.equal(result.leaf.isCA, true)
        const codes = summaryOf(result)
        assert.ok(codes.includes('warning:CERT_SELF_SIGNED'))
        assert.ok(
          codes.every((c) => c.startsWith('warning:')) && !codes.some((c) => c.endsWith('LEAF_IS_CA')),
          codes.join(', '),
        )
        assert.deepEqual(
          result.verdict.reasons.map((r) => r.code),
          ['CERT_SELF_SIGNED'],
        )
      })
    }
  })
})
