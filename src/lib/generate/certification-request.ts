import {asn1} from '../x509/asn1.js'

import type {NameAttribute} from '../x509/x509-structure.js'
import {encodeSubjectAltName} from './certificate-extensions.js'
import type {GeneratedKeyPair} from './generate-key-pair.js'
import {encodeSignature, encodeSignatureAlgorithm} from './signature-algorithm.js'
import {encodeSubjectName} from './subject-name.js'

const EXTENSION_REQUEST = '1.2.840.113549.1.9.14'

/**
 * A PKCS#10 certification request (RFC 2986) asking for the subject and the DNS names. Only
 * subjectAltName is requested: certificate authorities set key usage and the rest themselves.
 */
export function buildCertificationRequestDer(
  keyPair: GeneratedKeyPair,
  subject: readonly NameAttribute[],
  dnsNames: readonly string[],
): Buffer {
  const {Class, Type, create, oidToDer, toDer} = asn1
  const extensions = create(Class.UNIVERSAL, Type.SEQUENCE, true, [
    encodeSubjectAltName(dnsNames, subject.length === 0),
  ])
  const extensionRequest = create(Class.UNIVERSAL, Type.SEQUENCE, true, [
    create(Class.UNIVERSAL, Type.OID, false, oidToDer(EXTENSION_REQUEST).getBytes()),
    create(Class.UNIVERSAL, Type.SET, true, [extensions]),
  ])
  const info = create(Class.UNIVERSAL, Type.SEQUENCE, true, [
    create(Class.UNIVERSAL, Type.INTEGER, false, '\u0000'),
    encodeSubjectName(subject),
    keyPair.spki,
    // attributes [0] IMPLICIT SET OF Attribute
    create(Class.CONTEXT_SPECIFIC, 0, true, [extensionRequest]),
  ])
  const infoDer = Buffer.from(toDer(info).getBytes(), 'binary')
  const request = create(Class.UNIVERSAL, Type.SEQUENCE, true, [
    info,
    encodeSignatureAlgorithm(keyPair.spec),
    encodeSignature(infoDer, keyPair),
  ])
  return Buffer.from(toDer(request).getBytes(), 'binary')
}
