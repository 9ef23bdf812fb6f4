import assert from 'node:assert/strict'
import {X509Certificate} from 'node:crypto'
import {rootCertificates} from 'node:tls'

import {parseCertificateDer} from '../../../src/lib/x509/parse-certificate.js'
import {buildChain} from '../../../src/lib/chain/build-chain.js'
import {evaluateTrust} from '../../../src/lib/chain/evaluate-trust.js'
import {issueTestCertificate} from '../../helpers/issue-test-certificate.js'
import {loadFixtureCertificate, loadFixtureCertificates} from '../../helpers/parsed-fixtures.js'

const root = (name: string): X509Certificate => loadFixtureCertificate(name).x509

describe('evaluateTrust', () => {
  const rows: Array<{name: string; files: string[]; roots: string[]; verdict: string; anchor?: string}> = [
    {
      anchor: '/C=US/O=Fixture Trust/CN=Fixture Root CA',
      files: ['chain-in-order.pem'],
      name: 'chain issued by an extra root',
      roots: ['root-ca.crt'],
      verdict: 'trusted',
    },
    {files: ['chain-in-order.pem'], name: 'the same chain without it', roots: [], verdict: 'untrusted'},
    {
      files: ['chain-in-order.pem'],
      name: 'an unrelated extra root does not help',
      roots: ['other-ca.crt'],
      verdict: 'untrusted',
    },
    {
      anchor: '/C=US/O=Fixture Trust/CN=Fixture Intermediate CA',
      files: ['leaf-rsa2048.crt'],
      name: 'leaf issued by an intermediate given as anchor',
      roots: ['intermediate-ca.crt'],
      verdict: 'trusted',
    },
    {
      files: ['leaf-rsa2048.crt'],
      name: 'leaf alone, root known but intermediate missing',
      roots: ['root-ca.crt'],
      verdict: 'untrusted',
    },
    {files: ['selfsigned.crt'], name: 'self-signed leaf', roots: [], verdict: 'self-signed'},
    {
      anchor: '/C=US/ST=California/L=San Francisco/O=Example Inc/CN=www.example.com',
      files: ['selfsigned.crt'],
      name: 'self-signed leaf pinned with --ca',
      roots: ['selfsigned.crt'],
      verdict: 'trusted',
    },
  ]
  for (const row of rows) {
    it(row.name, () => {
      const {chain} = buildChain(loadFixtureCertificates(...row.files))
      const result = evaluateTrust(
        chain,
        row.roots.map((name) => root(name)),
      )
      assert.equal(result.verdict, row.verdict)
      assert.equal(result.anchor, row.anchor)
    })
  }

  it('does not trust a chain whose links do not verify', () => {
    const leaf = loadFixtureCertificate('leaf-rsa2048.crt')
    const stranger = loadFixtureCertificate('other-ca.crt')
    assert.equal(evaluateTrust([leaf, stranger], [root('other-ca.crt')]).verdict, 'untrusted')
  })

  it('does not trust a look-alike of an anchor (same name, other key)', () => {
    const lookalike = issueTestCertificate({ca: true, keyFixture: 'other-ca.key', subject: 'Fixture Root CA'})
    const anchor = issueTestCertificate({ca: true, keyFixture: 'root-ca.key', subject: 'Fixture Root CA'})
    assert.equal(evaluateTrust([lookalike], [anchor.x509]).verdict, 'self-signed')
    assert.equal(evaluateTrust([anchor], [anchor.x509]).verdict, 'trusted')
  })

  it("consults Node's bundled root store", () => {
    const pem = rootCertificates[0] as string
    const der = new X509Certificate(pem).raw
    const result = evaluateTrust([parseCertificateDer(der, 'system', 0)])
    assert.equal(result.verdict, 'trusted')
    assert.ok(result.anchor?.startsWith('/'))
  })

  it('an empty chain is untrusted', () => {
    assert.deepEqual(evaluateTrust([]), {verdict: 'untrusted'})
  })
})
