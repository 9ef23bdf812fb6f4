import {createHash, generateKeyPairSync, type KeyObject, sign} from 'node:crypto'

import {parseCertificateDer} from '../../src/lib/x509/parse-certificate.js'
import {formatPemBlock} from '../../src/lib/x509/pem-blocks.js'
import type {ParsedCertificate} from '../../src/lib/x509/types.js'

/**
 * A small DER writer and X.509 certificate builder for tests: every certificate a rule needs is made
 * in the test from fresh node:crypto keys, including the malformed and non-conforming ones no CA
 * tool would issue. Nothing here is used by src/.
 */

function length(n: number): Buffer {
  if (n < 0x80) return Buffer.from([n])
  const bytes: number[] = []
  for (let v = n; v > 0; v = Math.floor(v / 256)) bytes.unshift(v & 0xff)
  return Buffer.from([0x80 | bytes.length, ...bytes])
}

/** One TLV with an explicit identifier octet. */
export function tlv(tag: number, ...contents: Buffer[]): Buffer {
  const body = Buffer.concat(contents)
  return Buffer.concat([Buffer.from([tag]), length(body.length), body])
}

function oidBytes(oid: string): Buffer {
  const arcs = oid.split('.').map((a) => BigInt(a))
  const out: number[] = []
  const push = (value: bigint) => {
    const groups: number[] = [Number(value & 0x7fn)]
    for (let v = value >> 7n; v > 0n; v >>= 7n) groups.unshift(Number(v & 0x7fn) | 0x80)
    out.push(...groups)
  }

  push((arcs[0] as bigint) * 40n + (arcs[1] as bigint))
  for (const arc of arcs.slice(2)) push(arc)
  return Buffer.from(out)
}

function pad2(n: number): string {
  return String(n).padStart(2, '0')
}

export const der = {
  bitString: (bytes: Buffer, unused = 0) => tlv(0x03, Buffer.from([unused]), bytes),
  bool: (value: boolean) => tlv(0x01, Buffer.from([value ? 0xff : 0])),
  /** A context-specific tag: constructed (EXPLICIT or a constructed IMPLICIT) or primitive. */
  ctx: (tag: number, constructed: boolean, ...contents: Buffer[]) =>
    tlv((constructed ? 0xa0 : 0x80) | tag, ...contents),
  generalizedTime: (date: Date) =>
    tlv(
      0x18,
      Buffer.from(
        `${String(date.getUTCFullYear()).padStart(4, '0')}${pad2(date.getUTCMonth() + 1)}${pad2(date.getUTCDate())}${pad2(date.getUTCHours())}${pad2(date.getUTCMinutes())}${pad2(date.getUTCSeconds())}Z`,
      ),
    ),
  ia5: (text: string | Buffer) => tlv(0x16, Buffer.from(text)),
  /** A non-negative INTEGER, minimally encoded. */
  int: (value: bigint | number) => {
    let hex = BigInt(value).toString(16)
    if (hex.length % 2) hex = `0${hex}`
    let bytes = Buffer.from(hex, 'hex')
    if ((bytes[0] ?? 0) & 0x80) bytes = Buffer.concat([Buffer.from([0]), bytes])
    return tlv(0x02, bytes)
  },
  /** An INTEGER from raw contents (negative, zero-padded, over-long serials). */
  intRaw: (contents: Buffer) => tlv(0x02, contents),
  null: () => Buffer.from([0x05, 0x00]),
  octet: (bytes: Buffer) => tlv(0x04, bytes),
  oid: (oid: string) => tlv(0x06, oidBytes(oid)),
  printable: (text: string) => tlv(0x13, Buffer.from(text)),
  seq: (...items: Buffer[]) => tlv(0x30, ...items),
  set: (...items: Buffer[]) => tlv(0x31, ...items),
  utcTime: (date: Date) =>
    tlv(
      0x17,
      Buffer.from(
        `${pad2(date.getUTCFullYear() % 100)}${pad2(date.getUTCMonth() + 1)}${pad2(date.getUTCDate())}${pad2(date.getUTCHours())}${pad2(date.getUTCMinutes())}${pad2(date.getUTCSeconds())}Z`,
      ),
    ),
  utf8: (text: string) => tlv(0x0c, Buffer.from(text)),
}

/** A Name of one RDN per attribute: `name({CN: 'x', O: 'y'})`; `name({})` is the empty Name. */
export function name(attributes: Record<string, string>): Buffer {
  const oids: Record<string, string> = {
    C: '2.5.4.6',
    CN: '2.5.4.3',
    L: '2.5.4.7',
    O: '2.5.4.10',
    OU: '2.5.4.11',
    ST: '2.5.4.8',
  }
  return der.seq(
    ...Object.entries(attributes).map(([type, value]) =>
      der.set(der.seq(der.oid(oids[type] ?? type), type === 'C' ? der.printable(value) : der.utf8(value))),
    ),
  )
}

export type SanEntry =
  | {dns: string}
  | {ip: Buffer}
  | {email: string}
  | {uri: string}
  | {directory: Buffer}
  | {otherName: Buffer}

function generalName(entry: SanEntry): Buffer {
  if ('dns' in entry) return der.ctx(2, false, Buffer.from(entry.dns, 'latin1'))
  if ('ip' in entry) return der.ctx(7, false, entry.ip)
  if ('email' in entry) return der.ctx(1, false, Buffer.from(entry.email))
  if ('uri' in entry) return der.ctx(6, false, Buffer.from(entry.uri))
  if ('directory' in entry) return der.ctx(4, true, entry.directory)
  return der.ctx(0, true, entry.otherName)
}

export interface ExtensionSpec {
  oid: string
  critical?: boolean
  value: Buffer
}

/** Extension values (the extnValue contents), for the usual extensions and their broken forms. */
export const ext = {
  aia: (critical = false): ExtensionSpec => ({
    critical,
    oid: '1.3.6.1.5.5.7.1.1',
    value: der.seq(der.seq(der.oid('1.3.6.1.5.5.7.48.2'), der.ctx(6, false, Buffer.from('http://ca.example/ca.der')))),
  }),
  aki: (keyIdentifier: Buffer, critical = false): ExtensionSpec => ({
    critical,
    oid: '2.5.29.35',
    value: der.seq(der.ctx(0, false, keyIdentifier)),
  }),
  basicConstraints: (ca: boolean, pathLength?: number, critical = true): ExtensionSpec => ({
    critical,
    oid: '2.5.29.19',
    value: der.seq(...(ca ? [der.bool(true)] : []), ...(pathLength === undefined ? [] : [der.int(pathLength)])),
  }),
  eku: (oids: string[], critical = false): ExtensionSpec => ({
    critical,
    oid: '2.5.29.37',
    value: der.seq(...oids.map((o) => der.oid(o))),
  }),
  /** keyUsage with the given bit numbers (0 digitalSignature ... 5 keyCertSign, 6 cRLSign). */
  keyUsage: (bits: number[], critical = true): ExtensionSpec => {
    const highest = Math.max(...bits)
    const bytes = Buffer.alloc(Math.floor(highest / 8) + 1)
    for (const bit of bits) bytes[bit >> 3] = (bytes[bit >> 3] ?? 0) | (0x80 >> (bit & 7))
    return {critical, oid: '2.5.29.15', value: der.bitString(bytes, 7 - (highest % 8))}
  },
  /** nameConstraints from permitted and excluded GeneralNames (raw GeneralName DER via sanEntry). */
  nameConstraints: (subtrees: {permitted?: SanEntry[]; excluded?: SanEntry[]}, critical = true): ExtensionSpec => ({
    critical,
    oid: '2.5.29.30',
    value: der.seq(
      ...(subtrees.permitted ? [der.ctx(0, true, ...subtrees.permitted.map((e) => der.seq(generalName(e))))] : []),
      ...(subtrees.excluded ? [der.ctx(1, true, ...subtrees.excluded.map((e) => der.seq(generalName(e))))] : []),
    ),
  }),
  san: (entries: SanEntry[], critical = false): ExtensionSpec => ({
    critical,
    oid: '2.5.29.17',
    value: der.seq(...entries.map((e) => generalName(e))),
  }),
  ski: (keyIdentifier: Buffer, critical = false): ExtensionSpec => ({
    critical,
    oid: '2.5.29.14',
    value: der.octet(keyIdentifier),
  }),
}

export interface TestKey {
  publicKey: KeyObject
  privateKey: KeyObject
}

const keyCache = new Map<string, TestKey[]>()

/** A fresh key pair: `ec` P-256 (default), `ec:secp384r1`, `rsa:2048`, `ed25519`. Generated once per spec and slot. */
export function testKey(spec = 'ec', slot = 0): TestKey {
  const made = keyCache.get(spec) ?? []
  keyCache.set(spec, made)
  while (made.length <= slot) {
    const [kind, arg] = spec.split(':')
    if (kind === 'rsa') made.push(generateKeyPairSync('rsa', {modulusLength: Number(arg ?? 2048)}))
    else if (kind === 'ed25519') made.push(generateKeyPairSync('ed25519'))
    else if (kind === 'dsa')
      made.push(generateKeyPairSync('dsa', {divisorLength: 256, modulusLength: Number(arg ?? 2048)}))
    else made.push(generateKeyPairSync('ec', {namedCurve: arg ?? 'prime256v1'}))
  }

  return made[slot] as TestKey
}

function spkiOf(key: KeyObject): Buffer {
  return key.export({format: 'der', type: 'spki'})
}

/** RFC 5280 method 1: SHA-1 of the subjectPublicKey bits. */
export function keyIdentifier(key: KeyObject): Buffer {
  const spki = spkiOf(key)
  // the BIT STRING is the SPKI's last element; its contents start after the unused-bits octet
  const bits = spki.subarray(spki.lastIndexOf(0x03, spki.length - 1))
  return createHash('sha1')
    .update(spki.subarray(spki.length - (bits.length - 3)))
    .digest()
}

function signatureAlgorithm(key: KeyObject): {algorithm: Buffer; hash: string | null} {
  if (key.asymmetricKeyType === 'rsa')
    return {algorithm: der.seq(der.oid('1.2.840.113549.1.1.11'), der.null()), hash: 'sha256'}
  if (key.asymmetricKeyType === 'ed25519') return {algorithm: der.seq(der.oid('1.3.101.112')), hash: null}
  if (key.asymmetricKeyType === 'dsa') return {algorithm: der.seq(der.oid('2.16.840.1.101.3.4.3.2')), hash: 'sha256'}
  const curve = key.asymmetricKeyDetails?.namedCurve
  return curve === 'secp384r1'
    ? {algorithm: der.seq(der.oid('1.2.840.10045.4.3.3')), hash: 'sha384'}
    : {algorithm: der.seq(der.oid('1.2.840.10045.4.3.2')), hash: 'sha256'}
}

export interface IssuedCertificate {
  der: Buffer
  pem: string
  key: TestKey
  /** The subject Name DER. */
  name: Buffer
  keyId: Buffer
  /** Parse as the decoder would hand it over, named `source` certificate `index`. */
  parse(source?: string, index?: number): ParsedCertificate
}

export interface CertificateSpec {
  /** Subject CN, or a full Name DER. */
  subject?: string | Buffer
  /** The issuing certificate; omitted = self-signed. */
  issuer?: IssuedCertificate
  /** Issuer Name DER to write instead of the issuer's subject. */
  issuerName?: Buffer
  key?: TestKey
  /** Signs with this key instead of the issuer's (a wrong-key issuer). */
  signingKey?: TestKey
  /** The SubjectPublicKeyInfo to write instead of the key's (explicit curves, unknown algorithms). */
  spki?: Buffer
  version?: 1 | 2 | 3
  serial?: Buffer
  notBefore?: Date
  notAfter?: Date
  /** Time encodings; UTCTime by default (GeneralizedTime when the year is 2050 or later). */
  timeTag?: 'generalized' | 'utc'
  /** `ca`: CA:TRUE + keyCertSign/cRLSign + SKI; `leaf`: digitalSignature + serverAuth + SAN. Default leaf. */
  profile?: 'ca' | 'leaf' | 'none'
  pathLength?: number
  dnsNames?: string[]
  /** Replaces the profile's extension with the same OID; `undefined` value removes it. */
  extensions?: ExtensionSpec[]
  without?: string[]
  /** AlgorithmIdentifier written in the TBS (differs from the outer one on purpose). */
  innerAlgorithm?: Buffer
}

const DAY = 24 * 3600 * 1000
let serialCounter = 1000

/** Builds, signs and DER-encodes a certificate from the spec. */
export function issueCertificate(spec: CertificateSpec = {}): IssuedCertificate {
  const key = spec.key ?? testKey('ec', 0)
  const subject =
    typeof spec.subject === 'string' || spec.subject === undefined ? name({CN: spec.subject ?? 'test'}) : spec.subject
  const issuerName = spec.issuerName ?? spec.issuer?.name ?? subject
  const signer = spec.signingKey ?? spec.issuer?.key ?? key
  const keyId = keyIdentifier(key.publicKey)
  const profile = spec.profile ?? 'leaf'
  const defaults: ExtensionSpec[] = []
  if (profile === 'ca') {
    defaults.push(ext.basicConstraints(true, spec.pathLength), ext.keyUsage([5, 6]), ext.ski(keyId))
  } else if (profile === 'leaf') {
    defaults.push(ext.keyUsage([0]), ext.eku(['1.3.6.1.5.5.7.3.1']))
    if (spec.dnsNames ?? true) defaults.push(ext.san((spec.dnsNames ?? ['www.example.com']).map((dns) => ({dns}))))
  }

  const authority = spec.issuer?.keyId ?? keyIdentifier(signer.publicKey)
  if (profile !== 'none') defaults.push(ext.aki(authority))
  const replaced = new Set([...(spec.extensions ?? []).map((e) => e.oid), ...(spec.without ?? [])])
  const extensions = [...defaults.filter((e) => !replaced.has(e.oid)), ...(spec.extensions ?? [])]
  const notBefore = spec.notBefore ?? new Date(Date.now() - DAY)
  const notAfter = spec.notAfter ?? new Date(Date.now() + 90 * DAY)
  const time = (date: Date) =>
    spec.timeTag === 'generalized' || (spec.timeTag === undefined && date.getUTCFullYear() >= 2050)
      ? der.generalizedTime(date)
      : der.utcTime(date)
  const {algorithm, hash} = signatureAlgorithm(signer.privateKey)
  const version = spec.version ?? 3
  const tbs = der.seq(
    ...(version === 1 ? [] : [der.ctx(0, true, der.int(version - 1))]),
    spec.serial ? der.intRaw(spec.serial) : der.int(serialCounter++),
    spec.innerAlgorithm ?? algorithm,
    issuerName,
    der.seq(time(notBefore), time(notAfter)),
    subject,
    spec.spki ?? spkiOf(key.publicKey),
    ...(extensions.length > 0 && version === 3
      ? [
          der.ctx(
            3,
            true,
            der.seq(
              ...extensions.map((e) =>
                der.seq(der.oid(e.oid), ...(e.critical ? [der.bool(true)] : []), der.octet(e.value)),
              ),
            ),
          ),
        ]
      : []),
  )
  const signature = sign(hash, tbs, signer.privateKey)
  const certificate = der.seq(tbs, algorithm, der.bitString(signature))
  return {
    der: certificate,
    key,
    keyId,
    name: subject,
    parse: (source = 'test.pem', index = 0) => parseCertificateDer(certificate, source, index),
    pem: formatPemBlock('CERTIFICATE', certificate),
  }
}

/** A self-signed root CA. */
export function issueRoot(subject = 'Test Root CA', spec: CertificateSpec = {}): IssuedCertificate {
  return issueCertificate({key: testKey('ec', 1), profile: 'ca', subject, ...spec})
}

/**
 * The same CA as `root` (its name and key) cross-signed by a retired root, expired yesterday: what a
 * chain still carrying an old cross-sign holds, for showing that path building stops at the anchor.
 */
export function issueExpiredCrossSign(root: IssuedCertificate): IssuedCertificate {
  const day = 86_400_000
  return issueCertificate({
    issuer: issueRoot('Retired Root', {key: testKey('ec', 7)}),
    key: root.key,
    notAfter: new Date(Date.now() - day),
    notBefore: new Date(Date.now() - 400 * day),
    profile: 'ca',
    subject: root.name,
  })
}

/** An intermediate CA under `issuer`. */
export function issueIntermediate(
  issuer: IssuedCertificate,
  subject = 'Test Intermediate CA',
  spec: CertificateSpec = {},
): IssuedCertificate {
  return issueCertificate({issuer, key: testKey('ec', 2), profile: 'ca', subject, ...spec})
}

/** A server certificate under `issuer` for `dnsNames` (default www.example.com). */
export function issueLeaf(issuer: IssuedCertificate, spec: CertificateSpec = {}): IssuedCertificate {
  return issueCertificate({issuer, key: testKey('ec', 3), subject: spec.dnsNames?.[0] ?? 'www.example.com', ...spec})
}
