import {randomBytes} from 'node:crypto'
import {type Asn1, asn1, Class, Type} from '../x509/asn1.js'

import type {NameAttribute} from '../x509/x509-structure.js'
import {encodeServerCertificateExtensions} from './certificate-extensions.js'
import type {GeneratedKeyPair} from './generate-key-pair.js'
import {encodeSignature, encodeSignatureAlgorithm} from './signature-algorithm.js'
import {encodeSubjectName} from './subject-name.js'

// Backdated so a client whose clock runs a little behind still accepts the certificate at once.
const CLOCK_SKEW_MS = 5 * 60 * 1000
const DAY_MS = 24 * 60 * 60 * 1000

export interface Validity {
  /** Defaults to the current time. */
  now?: Date
  days: number
}

/** RFC 5280: UTCTime through 2049, GeneralizedTime from 2050. */
function encodeTime(date: Date): Asn1 {
  return date.getUTCFullYear() < 2050
    ? asn1.create(Class.UNIVERSAL, Type.UTCTIME, false, asn1.dateToUtcTime(date))
    : asn1.create(Class.UNIVERSAL, Type.GENERALIZEDTIME, false, asn1.dateToGeneralizedTime(date))
}

/** 16 random bytes, top bit clear (positive) and next bit set (so DER keeps all 16 bytes). */
function createSerialNumber(): string {
  const bytes = randomBytes(16)
  bytes[0] = ((bytes[0] ?? 0) & 0x7f) | 0x40
  return bytes.toString('binary')
}

/** A self-signed X.509 v3 server certificate for the names, issued and signed by its own key. */
export function buildSelfSignedCertificateDer(
  keyPair: GeneratedKeyPair,
  subject: readonly NameAttribute[],
  dnsNames: readonly string[],
  validity: Validity,
): Buffer {
  const now = (validity.now ?? new Date()).getTime()
  const name = encodeSubjectName(subject)
  const signatureAlgorithm = encodeSignatureAlgorithm(keyPair.spec)
  const tbs = asn1.create(Class.UNIVERSAL, Type.SEQUENCE, true, [
    // version [0] EXPLICIT: 2 means v3
    asn1.create(Class.CONTEXT_SPECIFIC, 0, true, [asn1.create(Class.UNIVERSAL, Type.INTEGER, false, '\u0002')]),
    asn1.create(Class.UNIVERSAL, Type.INTEGER, false, createSerialNumber()),
    signatureAlgorithm,
    name,
    asn1.create(Class.UNIVERSAL, Type.SEQUENCE, true, [
      encodeTime(new Date(now - CLOCK_SKEW_MS)),
      encodeTime(new Date(now + validity.days * DAY_MS)),
    ]),
    name,
    keyPair.spki,
    asn1.create(Class.CONTEXT_SPECIFIC, 3, true, [
      asn1.create(
        Class.UNIVERSAL,
        Type.SEQUENCE,
        true,
        encodeServerCertificateExtensions(keyPair, dnsNames, subject.length === 0),
      ),
    ]),
  ])
  const tbsDer = Buffer.from(asn1.toDer(tbs).getBytes(), 'binary')
  const certificate = asn1.create(Class.UNIVERSAL, Type.SEQUENCE, true, [
    tbs,
    signatureAlgorithm,
    encodeSignature(tbsDer, keyPair),
  ])
  return Buffer.from(asn1.toDer(certificate).getBytes(), 'binary')
}
