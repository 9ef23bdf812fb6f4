import assert from 'node:assert/strict'

import {KeyPurpose} from '../../../src/lib/x509/certificate-extensions.js'
import type {ParsedCertificate} from '../../../src/lib/x509/types.js'
import {TrustStore} from '../../../src/lib/chain/root-store.js'
import {type PathValidation, validatePath} from '../../../src/lib/chain/validate-path.js'
import {parseReferenceNames} from '../../../src/lib/cert-lint/check-hostnames.js'
import {
  ext,
  type IssuedCertificate,
  issueCertificate,
  issueExpiredCrossSign,
  issueIntermediate,
  issueLeaf,
  issueRoot,
  testKey,
} from '../../helpers/certificate-builder.js'

const DAY = 24 * 3600 * 1000

interface Judge {
  leaf: IssuedCertificate
  given?: IssuedCertificate[]
  anchors?: IssuedCertificate[]
  at?: Date
  hostnames?: string[]
  maxIntermediates?: number
}

function judge(spec: Judge): PathValidation {
  const given = (spec.given ?? []).map((c, i) => c.parse('chain.pem', i + 1))
  const trust = new TrustStore(
    (spec.anchors ?? []).map((c, i) => c.parse('ca.pem', i)),
    false,
  )
  return validatePath(spec.leaf.parse('chain.pem', 0), given, trust, {
    at: spec.at ?? new Date(),
    hostnames: parseReferenceNames(spec.hostnames ?? []),
    maxIntermediates: spec.maxIntermediates,
    skewMs: 0,
  })
}

const rejecting = (result: PathValidation) => result.problems.filter((p) => p.rejects).map((p) => p.finding.code)
const subjects = (path: ParsedCertificate[]) => path.map((c) => c.summary.subject)

describe('validatePath', () => {
  const years = new Date(Date.now() + 3650 * DAY)
  const root = issueRoot('Root CA', {notAfter: years})
  const intermediate = issueIntermediate(root, 'Issuing CA', {notAfter: years})
  const leaf = issueLeaf(intermediate, {dnsNames: ['www.example.com']})

  it('accepts a chain to a --ca root, naming the path', () => {
    const result = judge({anchors: [root], given: [intermediate], hostnames: ['www.example.com'], leaf})
    assert.equal(result.accepted, true, JSON.stringify(rejecting(result)))
    assert.deepEqual(subjects(result.path), ['/CN=www.example.com', '/CN=Issuing CA', '/CN=Root CA'])
    assert.equal(result.anchor?.source, 'ca')
    assert.equal(result.untrusted, undefined)
  })

  it('finds the path whatever the order and ignores unrelated certificates', () => {
    const stranger = issueRoot('Stranger CA', {
      extensions: [{critical: true, oid: '1.2.3.4', value: Buffer.from([5, 0])}],
      key: testKey('ec', 5),
    })
    const result = judge({anchors: [root], given: [stranger, intermediate], leaf})
    assert.equal(result.accepted, true)
  })

  it('says why when no anchor is reached', () => {
    assert.equal(judge({given: [intermediate], leaf}).untrusted?.code, 'CHAIN_INCOMPLETE')
    assert.equal(judge({given: [intermediate, root], leaf}).untrusted?.code, 'CHAIN_ROOT_UNTRUSTED')
    const selfSigned = issueRoot('www.example.com', {key: testKey('ec', 6)})
    assert.equal(judge({leaf: selfSigned}).untrusted?.code, 'CERT_SELF_SIGNED')
    assert.equal(
      judge({anchors: [selfSigned], leaf: selfSigned}).accepted,
      true,
      'a self-signed leaf pinned with --ca is its own anchor',
    )
  })

  it('stops at the trust anchor: an expired cross-signed copy of the --ca root after it does not matter', () => {
    // the same CA as `root` (same name and key), cross-signed by an old root, expired
    const crossSigned = issueExpiredCrossSign(root)
    const result = judge({anchors: [root], given: [intermediate, crossSigned], leaf})
    assert.equal(result.accepted, true, JSON.stringify(rejecting(result)))
    assert.deepEqual(subjects(result.path), ['/CN=www.example.com', '/CN=Issuing CA', '/CN=Root CA'])
    assert.equal(result.path.at(-1)?.source, 'ca.pem', 'the path ends at the --ca certificate, not the expired copy')
  })

  it('tries another issuer when the first one leads nowhere (or to an expired certificate)', () => {
    const untrustedRoot = issueRoot('Untrusted Root', {key: testKey('ec', 8)})
    const deadEnd = issueCertificate({
      issuer: untrustedRoot,
      key: intermediate.key,
      profile: 'ca',
      subject: 'Issuing CA',
    })
    assert.equal(judge({anchors: [root], given: [deadEnd, intermediate], leaf}).accepted, true)
    const expiredCopy = issueCertificate({
      issuer: root,
      key: intermediate.key,
      notAfter: new Date(Date.now() - DAY),
      notBefore: new Date(Date.now() - 10 * DAY),
      profile: 'ca',
      subject: 'Issuing CA',
    })
    const result = judge({anchors: [root], given: [expiredCopy, intermediate], leaf})
    assert.equal(result.accepted, true)
    assert.equal(result.path[1]?.index, 2, 'the valid copy')
    assert.deepEqual(rejecting(judge({anchors: [root], given: [expiredCopy], leaf})), ['INTERMEDIATE_EXPIRED'])
  })

  it('says "the signature does not verify" for an issuer with the right name and another key', () => {
    const impostor = issueCertificate({issuer: root, key: testKey('ec', 9), profile: 'ca', subject: 'Issuing CA'})
    const result = judge({anchors: [root], given: [impostor], leaf})
    assert.equal(result.accepted, false)
    assert.equal(result.untrusted?.code, 'CHAIN_SIGNATURE_INVALID')
    assert.match(
      result.untrusted?.message ?? '',
      /the signature does not verify with the key of chain\.pem: certificate 2 \(\/CN=Issuing CA\)/,
    )
    const wrongRoot = issueRoot('Issuing CA', {key: testKey('ec', 10)})
    assert.equal(
      judge({anchors: [wrongRoot], leaf}).untrusted?.code,
      'CHAIN_SIGNATURE_INVALID',
      'a --ca certificate with the name and another key',
    )
  })

  it('enforces pathLenConstraint, not counting self-issued certificates', () => {
    const limited = issueIntermediate(root, 'Limited CA', {key: testKey('ec', 11), pathLength: 0})
    const below = issueIntermediate(limited, 'Below CA', {key: testKey('ec', 12)})
    const leafBelow = issueLeaf(below)
    assert.deepEqual(rejecting(judge({anchors: [root], given: [limited, below], leaf: leafBelow})), [
      'PATH_LENGTH_EXCEEDED',
    ])
    const leafOfLimited = issueLeaf(limited)
    assert.equal(judge({anchors: [root], given: [limited], leaf: leafOfLimited}).accepted, true)
    // a self-issued certificate (key rollover: same name, new key) is not counted
    const rolled = issueCertificate({issuer: limited, key: testKey('ec', 13), profile: 'ca', subject: 'Limited CA'})
    assert.equal(judge({anchors: [root], given: [limited, rolled], leaf: issueLeaf(rolled)}).accepted, true)
  })

  it('enforces a maximum number of intermediates when asked', () => {
    assert.deepEqual(rejecting(judge({anchors: [root], given: [intermediate], leaf, maxIntermediates: 0})), [
      'PATH_LENGTH_EXCEEDED',
    ])
    assert.equal(judge({anchors: [root], given: [intermediate], leaf, maxIntermediates: 1}).accepted, true)
  })

  it('wants issuers to be CAs that may sign certificates', () => {
    const notCa = issueCertificate({
      issuer: root,
      key: testKey('ec', 14),
      profile: 'none',
      subject: 'Not A CA',
      extensions: [ext.ski(Buffer.from('aa', 'hex')), ext.aki(root.keyId)],
    })
    assert.deepEqual(rejecting(judge({anchors: [root], given: [notCa], leaf: issueLeaf(notCa)})), [
      'INTERMEDIATE_NOT_CA',
    ])
    const noSign = issueIntermediate(root, 'No Sign CA', {extensions: [ext.keyUsage([6])], key: testKey('ec', 15)})
    assert.deepEqual(rejecting(judge({anchors: [root], given: [noSign], leaf: issueLeaf(noSign)})), [
      'CERT_CA_FLAGS_INCONSISTENT',
    ])
  })

  it('nests extended key usage through intermediates', () => {
    const clientOnly = issueIntermediate(root, 'Client CA', {
      extensions: [ext.eku([KeyPurpose.clientAuth])],
      key: testKey('ec', 16),
    })
    assert.deepEqual(rejecting(judge({anchors: [root], given: [clientOnly], leaf: issueLeaf(clientOnly)})), [
      'INTERMEDIATE_EKU_NOT_SERVER_AUTH',
    ])
    const serverCa = issueIntermediate(root, 'Server CA', {
      extensions: [ext.eku([KeyPurpose.serverAuth, KeyPurpose.clientAuth])],
      key: testKey('ec', 17),
    })
    assert.equal(judge({anchors: [root], given: [serverCa], leaf: issueLeaf(serverCa)}).accepted, true)
    const leafForClients = issueLeaf(intermediate, {extensions: [ext.eku([KeyPurpose.clientAuth])]})
    assert.deepEqual(rejecting(judge({anchors: [root], given: [intermediate], leaf: leafForClients})), [
      'CERT_EKU_NOT_SERVER_AUTH',
    ])
  })

  it('applies the key policy to the --ca root too', () => {
    const weakRoot = issueRoot('Weak Root', {key: testKey('rsa:1024')})
    const weakLeaf = issueLeaf(weakRoot)
    assert.deepEqual(rejecting(judge({anchors: [weakRoot], leaf: weakLeaf})), ['KEY_TOO_SMALL'])
  })

  it('judges validity of every certificate at the time asked, the anchor included', () => {
    const later = new Date(Date.now() + 120 * DAY) // the leaf lasts 90 days
    assert.deepEqual(rejecting(judge({anchors: [root], at: later, given: [intermediate], leaf})), ['CERT_EXPIRED'])
    const shortRoot = issueRoot('Short Root', {key: testKey('ec', 18), notAfter: new Date(Date.now() + 10 * DAY)})
    const shortLeaf = issueLeaf(shortRoot)
    assert.deepEqual(rejecting(judge({anchors: [shortRoot], at: new Date(Date.now() + 20 * DAY), leaf: shortLeaf})), [
      'ROOT_EXPIRED',
    ])
  })

  it('checks the names asked for', () => {
    assert.deepEqual(rejecting(judge({anchors: [root], given: [intermediate], hostnames: ['api.example.com'], leaf})), [
      'HOSTNAME_NOT_COVERED',
    ])
  })

  it('answers a pathological graph (40 certificates that all sign each other) within its budget', () => {
    const key = testKey('ec', 19)
    const tangle = Array.from({length: 40}, () =>
      issueCertificate({issuer: undefined, issuerName: undefined, key, profile: 'ca', subject: 'Tangle CA'}),
    )
    const victim = issueCertificate({issuer: tangle[0], key: testKey('ec', 3)})
    const started = Date.now()
    const result = judge({anchors: [root], given: tangle, leaf: victim})
    assert.equal(result.accepted, false)
    assert.ok(result.untrusted)
    assert.ok(Date.now() - started < 2000)
  })
})
