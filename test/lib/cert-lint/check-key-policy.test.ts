import assert from 'node:assert/strict'

import {execFileSync} from 'node:child_process'
import {X509Certificate} from 'node:crypto'
import {mkdtempSync, readFileSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {parseCertificateDer} from '../../../src/lib/x509/parse-certificate.js'
import type {ParsedCertificate, PublicKeyInfo} from '../../../src/lib/x509/types.js'
import {checkCertificateKey, checkKeyPolicy} from '../../../src/lib/cert-lint/check-key-policy.js'
import {issueCertificate, issueRoot, testKey} from '../../helpers/certificate-builder.js'
import {loadFixtureCertificate} from '../../helpers/parsed-fixtures.js'

const rsa = (bits: number, exponent = '65537'): PublicKeyInfo => ({bits, exponent, spkiSha256: 'ab', type: 'rsa'})
const label = "leaf.crt: the certificate's key"

describe('checkKeyPolicy', () => {
  const synthetic: Array<[string, PublicKeyInfo, string[], boolean?]> = [
    ['RSA 2048', rsa(2048), []],
    ['RSA 3072', rsa(3072), []],
    ['RSA 4096', rsa(4096), []],
    ['RSA 2047', rsa(2047), ['error:KEY_TOO_SMALL']],
    ['RSA 2052 (not a multiple of 8)', rsa(2052), ['error:KEY_SIZE_UNALIGNED']],
    ['RSA 8192', rsa(8192), ['warning:KEY_TOO_LARGE']],
    ['RSA 8192 strict', rsa(8192), ['error:KEY_TOO_LARGE'], true],
    ['e = 1', rsa(2048, '1'), ['error:KEY_EXPONENT_WEAK']],
    ['e = 0', rsa(2048, '0'), ['error:KEY_EXPONENT_WEAK']],
    ['e = 65536 (even)', rsa(2048, '65536'), ['error:KEY_EXPONENT_WEAK']],
    ['e = 3', rsa(2048, '3'), ['error:KEY_EXPONENT_WEAK']],
    ['e = 17', rsa(2048, '17'), ['warning:KEY_EXPONENT_UNUSUAL']],
    ['e beyond 2^53', rsa(2048, '18446744073709551617'), ['warning:KEY_EXPONENT_UNUSUAL']],
    ['e = 2^64 (even, beyond 2^53)', rsa(2048, '18446744073709551616'), ['error:KEY_EXPONENT_WEAK']],
    ['RSA 1024 with e = 3', rsa(1024, '3'), ['error:KEY_TOO_SMALL', 'error:KEY_EXPONENT_WEAK']],
    ['ECDSA P-256', {bits: 256, curve: 'prime256v1', spkiSha256: 'ab', type: 'ecdsa'}, []],
    ['ECDSA P-384', {bits: 384, curve: 'secp384r1', spkiSha256: 'ab', type: 'ecdsa'}, []],
    ['ECDSA P-521', {bits: 521, curve: 'secp521r1', spkiSha256: 'ab', type: 'ecdsa'}, ['error:KEY_UNSUPPORTED']],
    ['ECDSA secp256k1', {bits: 256, curve: 'secp256k1', spkiSha256: 'ab', type: 'ecdsa'}, ['error:KEY_UNSUPPORTED']],
    ['Ed448', {spkiSha256: 'ab', type: 'ed448'}, ['error:KEY_UNSUPPORTED']],
    ['DSA', {bits: 2048, spkiSha256: 'ab', type: 'dsa'}, ['error:KEY_UNSUPPORTED']],
    ['RSA-PSS', {bits: 2048, spkiSha256: 'ab', type: 'rsa-pss'}, ['error:KEY_UNSUPPORTED']],
  ]
  for (const [name, key, expected, strict] of synthetic) {
    it(name, () => {
      assert.deepEqual(
        checkKeyPolicy(key, {label, strict}).map((f) => `${f.severity}:${f.code}`),
        expected,
      )
    })
  }

  const fixtures: Array<[string, string[]]> = [
    ['leaf-rsa2048.crt', []],
    ['leaf-rsa4096.crt', []],
    ['leaf-ecdsa-p256.crt', []],
    ['leaf-ecdsa-p384.crt', []],
    ['leaf-rsa1024.crt', ['KEY_TOO_SMALL']],
    ['rsa-e3.crt', ['KEY_EXPONENT_WEAK']],
    ['leaf-ed25519.crt', ['KEY_UNSUPPORTED']],
  ]
  for (const [name, expected] of fixtures) {
    it(`fixture ${name}`, () => {
      const findings = checkKeyPolicy(loadFixtureCertificate(name).summary.publicKey, {label})
      assert.deepEqual(
        findings.map((f) => f.code),
        expected,
      )
      for (const f of findings) assert.ok(f.message.startsWith(label) && f.hint)
    })
  }

  it('names the supported key types when refusing one', () => {
    const [finding] = checkKeyPolicy(loadFixtureCertificate('leaf-ed25519.crt').summary.publicKey, {label})
    assert.match(
      finding?.message ?? '',
      /is Ed25519, which is not supported; supported keys are RSA 2048-4096 or ECDSA P-256\/P-384/,
    )
  })
})

describe('checkCertificateKey (every certificate of the path)', () => {
  const root = issueRoot()
  const ca = (key: string) =>
    issueCertificate({issuer: root, key: testKey(key), profile: 'ca', subject: `CA ${key}`}).parse()
  const rows: Array<[string, () => ParsedCertificate, 'anchor' | 'intermediate' | 'leaf', string[]]> = [
    ['an intermediate with RSA 1024', () => ca('rsa:1024'), 'intermediate', ['error:KEY_TOO_SMALL']],
    [
      'an intermediate with RSA 2052 (not whole bytes)',
      () => ca('rsa:2052'),
      'intermediate',
      ['error:KEY_SIZE_UNALIGNED'],
    ],
    ['an intermediate with RSA 3072', () => ca('rsa:3072'), 'intermediate', []],
    ['a root with P-521 (fine for a CA)', () => ca('ec:secp521r1'), 'anchor', []],
    ['a root with P-192', () => ca('ec:prime192v1'), 'anchor', ['error:KEY_UNSUPPORTED']],
    ['a root with DSA', () => ca('dsa:2048'), 'anchor', ['error:KEY_UNSUPPORTED']],
    ['a root with Ed25519', () => ca('ed25519'), 'anchor', ['error:KEY_UNSUPPORTED']],
    [
      'a leaf with P-521 (the platform policy)',
      () => issueCertificate({issuer: root, key: testKey('ec:secp521r1')}).parse(),
      'leaf',
      ['error:KEY_UNSUPPORTED'],
    ],
  ]
  for (const [label, make, role, expected] of rows) {
    it(label, () => {
      assert.deepEqual(
        checkCertificateKey(make(), role).map((f) => `${f.severity}:${f.code}`),
        expected,
      )
    })
  }

  it('names the CA whose key is refused', () => {
    const [finding] = checkCertificateKey(ca('rsa:1024'), 'anchor')
    assert.match(finding?.message ?? '', /^test\.pem: certificate 1 \(\/CN=CA rsa:1024\): the key is RSA 1024/)
  })

  it('refuses explicit curve parameters, which Node reports as the named curve (openssl -param_enc explicit)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sni-explicit-'))
    try {
      const run = (args: string[]) => execFileSync('openssl', args, {cwd: dir, stdio: 'pipe'})
      run(['ecparam', '-name', 'prime256v1', '-param_enc', 'explicit', '-genkey', '-out', 'explicit.key'])
      run([
        'req',
        '-x509',
        '-new',
        '-key',
        'explicit.key',
        '-subj',
        '/CN=explicit.example',
        '-days',
        '1',
        '-out',
        'explicit.crt',
      ])
      const cert = parseCertificateDer(
        new X509Certificate(readFileSync(join(dir, 'explicit.crt'))).raw,
        'explicit.crt',
        0,
      )
      assert.equal(cert.summary.publicKey.curve, 'prime256v1')
      for (const role of ['leaf', 'anchor'] as const) {
        const [finding] = checkCertificateKey(cert, role)
        assert.equal(finding?.code, 'KEY_EXPLICIT_CURVE')
        assert.match(finding?.message ?? '', /explicit curve parameters instead of a named curve/)
      }
    } finally {
      rmSync(dir, {force: true, recursive: true})
    }
  })
})
